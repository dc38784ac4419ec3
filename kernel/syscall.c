/* The system call table and dispatcher (kernel/syscall.h). */
#include "kernel/syscall.h"
#include "kernel/errno.h"
#include "kernel/printf.h"
#include "kernel/string.h"

const syscall_fn syscall_table[SYS_COUNT] = {
	[SYS_READ] = sys_read,
	[SYS_WRITE] = sys_write,
	[SYS_OPEN] = sys_open,
	[SYS_CLOSE] = sys_close,
	[SYS_BRK] = sys_brk,
	[SYS_WRITEV] = sys_writev,
	[SYS_SCHED_YIELD] = sys_sched_yield,
	[SYS_NANOSLEEP] = sys_nanosleep,
	[SYS_GETPID] = sys_getpid,
	[SYS_EXIT] = sys_exit,
	[SYS_UNAME] = sys_uname,
	[SYS_ARCH_PRCTL] = sys_arch_prctl,
	[SYS_CLOCK_GETTIME] = sys_clock_gettime,
	[SYS_EXIT_GROUP] = sys_exit,	/* one thread per process: the same */
	[SYS_GETRANDOM] = sys_getrandom,
};

long syscall_unknown(uint64_t nr)
{
	syscall_log_unknown("syscall", nr);
	return -ENOSYS;
}

/* Numbers already logged; once full, later unknown numbers go unlogged
 * (a program probing thousands of numbers must not flood the log). */
#define LOGGED_MAX 32
static struct {
	const char *abi;
	uint64_t nr;
} logged[LOGGED_MAX];
static unsigned nlogged;

void syscall_log_unknown(const char *abi, uint64_t nr)
{
	for (unsigned i = 0; i < nlogged; i++)
		if (logged[i].nr == nr && strcmp(logged[i].abi, abi) == 0)
			return;
	if (nlogged == LOGGED_MAX)
		return;
	logged[nlogged++] = (typeof(logged[0])){ abi, nr };
	kprintf("%s: unknown system call %ld (0x%lx): -ENOSYS\n", abi, (long)nr,
		(unsigned long)nr);
}
