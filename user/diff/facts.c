/*
 * facts - a C library starts and sees a Linux: what static musl and glibc
 * need from the kernel at start-up, and the basic facts a program reads
 * (uname, clocks, getrandom, brk, the auxiliary vector, TLS, errno of an
 * unknown system call).  user/diff/diff.h says how the output is compared
 * with Linux's; nothing printed depends on the machine, a pid or the time.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "diff.h"

extern char **environ;
extern char end[];		/* the linker's end of .bss */

static __thread int tls_counter = 41;	/* .tdata: set up by the C library */
static __thread char tls_zero[64];	/* .tbss */

/* brk before anything else may move it (glibc's stdio mallocs its buffer
 * on the first printf): grow by 64 KiB, touch the new memory, shrink back. */
static struct {
	int at_or_past_end, grew, writable, shrank;
} brk_facts;

static void measure_brk(void)
{
	uintptr_t start = (uintptr_t)syscall(SYS_brk, 0);
	brk_facts.at_or_past_end = start >= (uintptr_t)end;
	uintptr_t grown = (uintptr_t)syscall(SYS_brk, start + 65536);
	brk_facts.grew = grown == start + 65536;
	if (brk_facts.grew) {
		volatile char *p = (volatile char *)start;
		p[0] = 1;
		p[65535] = 2;
		brk_facts.writable = p[0] == 1 && p[65535] == 2;
	}
	brk_facts.shrank = (uintptr_t)syscall(SYS_brk, start) == start;
}

static void print_uname(void)
{
	struct utsname u;
	/* release, version and nodename name the kernel and the machine. */
	say("uname: %s", outcome(uname(&u)));
	/* Not the name itself: anvil calls itself anvil, not Linux. */
	say("uname sysname set: %s", yesno(u.sysname[0] != 0));
	say("uname machine: %s", u.machine);
}

static long ns_between(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1000000000L + (b->tv_nsec - a->tv_nsec);
}

static void print_clocks(void)
{
	struct timespec a, b, rt;
	say("clock_gettime(CLOCK_MONOTONIC): %s", outcome(clock_gettime(CLOCK_MONOTONIC, &a)));
	struct timespec req = { 0, 1000000 };
	say("nanosleep(1 ms): %s", outcome(nanosleep(&req, NULL)));
	clock_gettime(CLOCK_MONOTONIC, &b);
	say("monotonic advanced by at least 1 ms: %s", yesno(ns_between(&a, &b) >= 1000000));
	say("tv_nsec below 1e9: %s", yesno(a.tv_nsec >= 0 && a.tv_nsec < 1000000000L));
	say("clock_gettime(CLOCK_REALTIME): %s", outcome(clock_gettime(CLOCK_REALTIME, &rt)));
	say("realtime after 2024-01-01: %s", yesno(rt.tv_sec > 1704067200L));
	say("time() agrees with CLOCK_REALTIME: %s", yesno(labs(time(NULL) - rt.tv_sec) <= 1));
	errno = 0;
	say("clock_gettime(clock 1234): %s", outcome(clock_gettime(1234, &a)));
}

static void print_random(void)
{
	unsigned char buf[16], zero[16] = { 0 };
	memset(buf, 0, sizeof(buf));
	say("getrandom(16): %ld", (long)getrandom(buf, sizeof(buf), 0));
	say("getrandom filled the buffer: %s", yesno(memcmp(buf, zero, sizeof(buf)) != 0));
	say("getrandom(GRND_NONBLOCK, 0 bytes): %ld", (long)getrandom(buf, 0, GRND_NONBLOCK));
}

static void print_process(int argc, char **argv)
{
	int nenv = 0;
	while (environ && environ[nenv])
		nenv++;
	say("argc: %d", argc);
	say("argv[argc] is NULL: %s", yesno(argv[argc] == NULL));
	say("environment variables: %d", nenv);
	say("getpid positive: %s", yesno(getpid() > 0));
	say("page size (sysconf): %ld", sysconf(_SC_PAGESIZE));
	say("AT_PAGESZ: %lu", getauxval(AT_PAGESZ));
	say("AT_RANDOM present: %s", yesno(getauxval(AT_RANDOM) != 0));
	say("AT_PHDR present: %s", yesno(getauxval(AT_PHDR) != 0));
}

static void print_memory(void)
{
	say("brk starts at or past the end of .bss: %s", yesno(brk_facts.at_or_past_end));
	say("brk grows by 64 KiB: %s", yesno(brk_facts.grew));
	say("grown heap is writable: %s", yesno(brk_facts.writable));
	say("brk shrinks back: %s", yesno(brk_facts.shrank));
	/* malloc is left to the memory-mapping work's program: musl's
	 * allocator needs mmap, which anvil does not have yet. */
	volatile char stack[128 * 1024];
	stack[0] = 1;
	stack[sizeof(stack) - 1] = 2;
	say("128 KiB on the stack: %s", yesno(stack[0] + stack[sizeof(stack) - 1] == 3));
}

static void print_tls_and_fpu(void)
{
	tls_counter++;
	int zeros = 1;
	for (size_t i = 0; i < sizeof(tls_zero); i++)
		zeros &= tls_zero[i] == 0;
	say("TLS initialised value + 1: %d", tls_counter);
	say("TLS .tbss zeroed: %s", yesno(zeros));
	/* Floating point in ring 3 (printf's %f is SSE code in both libraries). */
	double pi = 0;
	for (int k = 0; k < 100000; k++)
		pi += (k % 2 ? -4.0 : 4.0) / (2 * k + 1);
	say("pi by 100000 terms: %.6f", pi);
}

static void print_errors(void)
{
	errno = 0;
	long ret = syscall(999);
	say("syscall(999): %ld %s", ret, errname(errno));
	say("write(99): %s", outcome(write(99, "x", 1)));
	say("close(99): %s", outcome(close(99)));
	struct iovec iov[2] = { { "facts: writev ", 14 }, { "of two pieces\n", 14 } };
	fflush(stdout);
	say("writev returned %ld", (long)writev(1, iov, 2));
	int fd = open("/dev/null", O_WRONLY);
	say("open(/dev/null): %s", fd >= 0 ? "ok" : errname(errno));
	if (fd >= 0) {
		say("write to /dev/null: %ld", (long)write(fd, "abc", 3));
		say("close: %s", outcome(close(fd)));
	}
	say("open(/no/such/file): %s", outcome(open("/no/such/file", O_RDONLY)));
}

static void at_exit(void)
{
	say("atexit handler ran");
}

int main(int argc, char **argv)
{
	measure_brk();
	diff_start("facts");
	say("started");
	print_uname();
	print_process(argc, argv);
	print_clocks();
	print_random();
	print_memory();
	print_tls_and_fpu();
	print_errors();
	atexit(at_exit);
	return 0;
}
