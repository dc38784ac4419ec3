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
	[SYS_MPROTECT] = sys_mprotect,
	[SYS_BRK] = sys_brk,
	[SYS_WRITEV] = sys_writev,
	[SYS_SCHED_YIELD] = sys_sched_yield,
	[SYS_NANOSLEEP] = sys_nanosleep,
	[SYS_GETPID] = sys_getpid,
	[SYS_CLONE] = sys_clone,
	[SYS_FORK] = sys_fork,
	[SYS_VFORK] = sys_vfork,
	[SYS_EXECVE] = sys_execve,
	[SYS_EXIT] = sys_exit,
	[SYS_WAIT4] = sys_wait4,
	[SYS_KILL] = sys_kill,
	[SYS_UNAME] = sys_uname,
	[SYS_GETPPID] = sys_getppid,
	[SYS_ARCH_PRCTL] = sys_arch_prctl,
	[SYS_GETTID] = sys_gettid,
	[SYS_SET_TID_ADDRESS] = sys_set_tid_address,
	[SYS_CLOCK_GETTIME] = sys_clock_gettime,
	[SYS_EXIT_GROUP] = sys_exit,	/* one thread per process: the same */
	[SYS_TGKILL] = sys_tgkill,
	[SYS_WAITID] = sys_waitid,
	[SYS_TIME] = sys_time,
	[SYS_CLOCK_NANOSLEEP] = sys_clock_nanosleep,
	[SYS_OPENAT] = sys_openat,
	[SYS_GETRLIMIT] = sys_getrlimit,
	[SYS_GETRUSAGE] = sys_getrusage,
	[SYS_SYSINFO] = sys_sysinfo,
	[SYS_TIMES] = sys_times,
	[SYS_GETUID] = sys_getuid,
	[SYS_GETGID] = sys_getgid,
	[SYS_GETEUID] = sys_geteuid,
	[SYS_GETEGID] = sys_getegid,
	[SYS_SETPGID] = sys_setpgid,
	[SYS_SETSID] = sys_setsid,
	[SYS_GETPGID] = sys_getpgid,
	[SYS_GETSID] = sys_getsid,
	[SYS_SETRLIMIT] = sys_setrlimit,
	[SYS_SCHED_GETAFFINITY] = sys_sched_getaffinity,
	[SYS_PRLIMIT64] = sys_prlimit64,
	[SYS_PIPE] = sys_pipe,
	[SYS_PIPE2] = sys_pipe2,
	[SYS_POLL] = sys_poll,
	[SYS_PPOLL] = sys_ppoll,
	[SYS_SELECT] = sys_select,
	[SYS_PSELECT6] = sys_pselect6,
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
