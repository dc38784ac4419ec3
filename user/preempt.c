/*
 * preempt - a process that never gives up the CPU must not stop others.
 * A child spins forever in ring 3 without a single system call (only the
 * timer interrupt can take the CPU from it); two more children each write
 * LINES lines to fd 1 and exit with the number of writes that succeeded.
 * The parent waits for the two printers, which can finish only if the
 * kernel preempts the spinner, and then kills the spinner. TAP on fd 1,
 * exit 0 if all passed. Runs the same on Linux.
 *
 * The printers' lines interleave with each other in any order, so they
 * are "# " diagnostics, not checks; each is one write(2), whole. The
 * parent's checks come after the waits and do not depend on the order.
 *
 * Needs: fork, write, wait4, kill(SIGKILL), sched_yield, exit_group, and
 * a timer that preempts ring 3.
 */
#include "lib/ulib.h"

#define LINES	20

/* One line per write; the status is how many writes wrote the whole line. */
static long printer(char name)
{
	long pid = fork();

	if (pid == 0) {
		char line[] = "# preempt: printer ? line ??\n";
		int i, written = 0;

		line[19] = name;
		for (i = 0; i < LINES; i++) {
			line[26] = '0' + i / 10;
			line[27] = '0' + i % 10;
			if (write(1, line, sizeof(line) - 1) == sizeof(line) - 1)
				written++;
		}
		exit(written);
	}
	return pid;
}

int main(void)
{
	long spin, a, b;
	int sa = -1, sb = -1, ss = -1;

	tap_start();
	spin = spinner();
	sched_yield();		/* let the spinner have the CPU first, if it will */
	a = printer('A');
	b = printer('B');
	ok(spin > 0 && a > 0 && b > 0, "fork makes the spinner and two printers");
	ok(wait4(a, &sa, 0, NULL) == a, "printer A ends while the spinner spins");
	ok(wait4(b, &sb, 0, NULL) == b, "printer B ends while the spinner spins");
	ok(WIFEXITED(sa) && WEXITSTATUS(sa) == LINES, "printer A wrote all 20 lines");
	ok(WIFEXITED(sb) && WEXITSTATUS(sb) == LINES, "printer B wrote all 20 lines");
	ok(wait4(spin, &ss, WNOHANG, NULL) == 0, "the spinner is still running");
	ok(kill(spin, SIGKILL) == 0, "kill(SIGKILL) of the spinner returns 0");
	ok(wait4(spin, &ss, 0, NULL) == spin && WIFSIGNALED(ss) && WTERMSIG(ss) == SIGKILL,
	   "the spinner was killed by SIGKILL");
	return tap_done();
}
