/*
 * proc.c - process system calls with C types, for the process tests.
 * Each is one raw SYSCALL (syscall.h) returning the result or -errno.
 * vfork is not here: it cannot be written in C (vfork.asm says why).
 */
#include "ulib.h"

long fork(void)
{
	return syscall0(SYS_fork);
}

/*
 * A C wrapper is safe for clone only when the child gets its own copy of
 * this stack (no CLONE_VM): then it returns from here like fork's child.
 */
long clone(unsigned long flags, void *stack, int *parent_tid, int *child_tid,
	   unsigned long tls)
{
	return syscall5(SYS_clone, (long)flags, (long)stack, (long)parent_tid,
			(long)child_tid, (long)tls);
}

long execve(const char *path, char *const argv[], char *const envp[])
{
	return syscall3(SYS_execve, (long)path, (long)argv, (long)envp);
}

long wait4(long pid, int *status, int options, void *rusage)
{
	return syscall4(SYS_wait4, pid, (long)status, options, (long)rusage);
}

/* The fifth argument, a struct rusage pointer, is always NULL here. */
long waitid(int idtype, long id, struct siginfo *info, int options)
{
	return syscall5(SYS_waitid, idtype, id, (long)info, options, 0);
}

long kill(long pid, int sig)
{
	return syscall2(SYS_kill, pid, sig);
}

long getppid(void)
{
	return syscall0(SYS_getppid);
}

long getuid(void)
{
	return syscall0(SYS_getuid);
}

long gettid(void)
{
	return syscall0(SYS_gettid);
}

long sched_yield(void)
{
	return syscall0(SYS_sched_yield);
}

long nanosleep(const struct timespec *req, struct timespec *rem)
{
	return syscall2(SYS_nanosleep, (long)req, (long)rem);
}

long brk(void *addr)
{
	return syscall1(SYS_brk, (long)addr);
}

long getrlimit(int resource, struct rlimit *rlim)
{
	return syscall2(SYS_getrlimit, resource, (long)rlim);
}

long setrlimit(int resource, const struct rlimit *rlim)
{
	return syscall2(SYS_setrlimit, resource, (long)rlim);
}

long prlimit64(long pid, int resource, const struct rlimit *new_rlim,
	       struct rlimit *old_rlim)
{
	return syscall4(SYS_prlimit64, pid, resource, (long)new_rlim,
			(long)old_rlim);
}

void exit_group(int status)
{
	syscall1(SYS_exit_group, status);
	for (;;)
		__asm__ volatile ("ud2");	/* still here: fault, never return */
}

long spinner(void)
{
	long pid = fork();

	if (pid == 0)
		for (;;)
			__asm__ volatile ("" ::: "memory");	/* no system call at all */
	return pid;
}

void idle_forever(void)
{
	static const struct timespec second = { 1, 0 };

	for (;;)
		if (nanosleep(&second, NULL) < 0)
			sched_yield();	/* no nanosleep: wait without it */
}
