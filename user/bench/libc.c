/*
 * The rows measured through a real C library: clock_gettime as an
 * unmodified static program calls it, the library's wrapper around the
 * vDSO included (docs/vdso.md).  The bench has no C library of its own
 * (user/lib), so these rows come from programs of their own:
 * user/bench/libc/clock_gettime.c, built statically with musl and with
 * glibc (user/bench/libc.mk).  This file runs each one in turn, and each
 * times its row with this program's loop and empty-loop subtraction
 * (measure.c is linked into them too) and prints it on the same output.
 *
 * The programs are named on the command line (tools/bench.py), so that
 * one binary serves both kernels: on anvil GRUB loads the libc programs
 * only when the command line names them; on Linux they are files in the
 * initramfs.  A row is n/a when its program could not run or failed.
 */
#include "bench.h"

#define LIBC_EXEC_FAILED	127

static void run_libc_prog(char *path)
{
	static char quick_arg[] = "quick";
	char *argv[] = { path, quick ? quick_arg : 0, 0 };
	char *envp[] = { 0 };
	char name[64];
	int status = -1;
	long pid, r;

	pid = syscall0(SYS_fork);
	if (pid == 0) {
		syscall3(SYS_execve, (long)path, (long)argv, (long)envp);
		exit_group(LIBC_EXEC_FAILED);
	}
	row_name(path, name, sizeof(name));
	if (pid < 0) {
		report_na(name, "fork-returned", pid);
		return;
	}
	r = syscall4(SYS_wait4, pid, (long)&status, 0, 0);
	if (r != pid)
		report_na(name, "wait4-returned", r);
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		report_na(name, "child-status", status);
}

void bench_libc(char **progs, int n)
{
	for (int i = 0; i < n; i++)
		run_libc_prog(progs[i]);
}
