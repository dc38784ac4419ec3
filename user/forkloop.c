/*
 * forkloop [N] - N times (default 100): fork, the child exits at once with
 * a status from the cycle number, the parent reaps it with wait4.  One
 * child at a time, so each cycle makes and frees one process: a kernel
 * that loses a frame or a heap block per fork, exit or wait shows it
 * N-fold.  The leak itself is measured outside, by the kernel around the
 * whole run (torture=forkloop:N, kernel/torture.c); here only that every
 * cycle worked: the pid the wait returned and the child's status.
 * TAP on fd 1, exit 0 if all passed.  Runs the same on Linux.
 *
 * Needs: fork, exit_group, wait4.
 */
#include "lib/ulib.h"

int main(int argc, char **argv)
{
	long n = argc > 1 ? parse_ulong(argv[1]) : 100;
	long done = 0, forks_failed = 0, bad_waits = 0;

	tap_plan(2);
	for (long i = 0; i < n; i++) {
		long pid = fork();
		if (pid == 0)
			exit((int)(i & 0xff));
		if (pid < 0) {
			forks_failed++;
			continue;
		}
		int status = -1;
		if (wait4(-1, &status, 0, NULL) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != (i & 0xff))
			bad_waits++;
		else
			done++;
	}
	uprintf("# forkloop: %ld of %ld cycles (fork failed %ld, wrong wait %ld)\n", done, n,
		forks_failed, bad_waits);
	ok(forks_failed == 0 && bad_waits == 0 && done == n,
	   "every fork made a child that wait4 reaped with its status");
	ok(wait4(-1, NULL, WNOHANG, NULL) == -ECHILD, "no child left after the loop");
	return tap_done();
}
