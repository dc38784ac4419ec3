/*
 * The system call rows: the cheapest kernel entries (bench.h).
 */
#include "bench.h"

static int null_fd = -1;
static struct timespec ts;
static const char one_byte = 'x';

__attribute__((noinline)) static void op_getpid_syscall(void)
{
	syscall0(SYS_getpid);
}

__attribute__((noinline)) static void op_getpid_int80(void)
{
	int80_syscall0(SYS32_getpid);
}

__attribute__((noinline)) void op_sched_yield(void)
{
	syscall0(SYS_sched_yield);
}

__attribute__((noinline)) static void op_clock_gettime(void)
{
	syscall2(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts);
}

__attribute__((noinline)) static void op_write_null(void)
{
	syscall3(SYS_write, null_fd, (long)&one_byte, 1);
}

__attribute__((noinline)) static void op_brk0(void)
{
	syscall1(SYS_brk, 0);
}

/* The system call rows; pid is getpid()'s answer, for the int $0x80 check. */
void bench_syscalls(long pid)
{
	long r;

	bench_op("getpid_syscall", op_getpid_syscall);

	/* int $0x80 must give the same answer, or it is not getpid there. */
	r = int80_syscall0(SYS32_getpid);
	if (r == pid)
		bench_op("getpid_int80", op_getpid_int80);
	else
		report_na("getpid_int80", "int80-getpid-returned", r);

	r = syscall0(SYS_sched_yield);
	if (r == 0)
		bench_op("sched_yield", op_sched_yield);
	else
		report_na("sched_yield", "returned", r);

	r = syscall2(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts);
	if (r == 0)
		bench_op("clock_gettime", op_clock_gettime);
	else
		report_na("clock_gettime", "returned", r);

	null_fd = open("/dev/null", O_WRONLY);
	if (null_fd >= 0 && (r = syscall3(SYS_write, null_fd, (long)&one_byte, 1)) == 1)
		bench_op("write_devnull", op_write_null);
	else
		report_na("write_devnull", null_fd < 0 ? "open-failed" : "write-returned",
			  null_fd < 0 ? null_fd : r);

	r = syscall1(SYS_brk, 0);
	if (r > 0)
		bench_op("brk0", op_brk0);
	else
		report_na("brk0", "returned", r);
}
