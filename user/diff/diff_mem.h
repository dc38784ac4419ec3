/*
 * diff_mem.h - what the memory-mapping programs (mmap, mmap2) share:
 * touching a page in a child to see whether it faults, and checking a
 * mapping's bytes.  Built on diff.h.
 */
#ifndef DIFF_MEM_H
#define DIFF_MEM_H

#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "diff.h"

/* Touch p in a child (a read, or a write of 'w'): how the child ended,
 * "exited 0" or "killed by SIGSEGV" (or SIGBUS). */
static inline const char *touch(volatile char *p, int write)
{
	static char buf[48];
	pid_t pid = fork();
	if (pid == 0) {
		if (write)
			*p = 'w';
		else
			(void)*p;
		_exit(0);
	}
	int st;
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return "fork or wait failed";
	if (WIFSIGNALED(st))
		snprintf(buf, sizeof(buf), "killed by %s", WTERMSIG(st) == SIGSEGV ? "SIGSEGV" :
			 WTERMSIG(st) == SIGBUS ? "SIGBUS" : "another signal");
	else
		snprintf(buf, sizeof(buf), "exited %d", WEXITSTATUS(st));
	return buf;
}

/* A fresh anonymous mapping of len bytes, or NULL. */
static inline char *anon(size_t len, int prot, int flags)
{
	char *p = mmap(NULL, len, prot, flags | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/* Are the n bytes at p all c? */
static inline int all(const char *p, size_t n, char c)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != c)
			return 0;
	return 1;
}

#endif
