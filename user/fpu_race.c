/*
 * fpu_race [DIR [ROUNDS]] - does a process's x87/SSE/AVX state survive being
 * preempted by others that change every register?  Forks three children
 * that each execve DIR/fpu_preempt (DIR: argv[1], default /bin) with its
 * own word and ROUNDS (default ROUNDS, below fpu_preempt's own default:
 * three at once take three times as long), so three different register
 * patterns are live at once and the scheduler switches between them; waits for all three and reports
 * one TAP line per child: ok if it exited with status 0, which
 * fpu_preempt gives only if every register matched in every round (its
 * own TAP lines, in the same log, say which kind did not).
 *
 * Needs: fork, execve, wait4.  Runs the same on Linux.
 */
#include "lib/ulib.h"

#define CHILDREN 3
#define ROUNDS "150000"

static const char *const words[CHILDREN] = { "alpha", "bravo", "charlie" };

int main(int argc, char **argv)
{
	static char path[128];
	const char *dir = argc > 1 ? argv[1] : "/bin";
	const char *rounds = argc > 2 ? argv[2] : ROUNDS;
	long pids[CHILDREN];
	int status[CHILDREN];

	size_t len = strlen(dir);
	if (len + sizeof("/fpu_preempt") > sizeof(path))
		return 2;
	memcpy(path, dir, len);
	memcpy(path + len, "/fpu_preempt", sizeof("/fpu_preempt"));

	tap_plan(CHILDREN);
	for (int i = 0; i < CHILDREN; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			char *cargv[] = { path, (char *)words[i], (char *)rounds, NULL };
			char *cenvp[] = { NULL };
			execve(path, cargv, cenvp);
			uprintf("# fpu_race: execve %s failed\n", path);
			exit(127);
		}
		status[i] = -1;
	}
	/* Reap them in any order, matching each pid to its child. */
	for (int left = CHILDREN; left > 0; left--) {
		int st;
		long pid = wait4(-1, &st, 0, NULL);
		for (int i = 0; i < CHILDREN; i++)
			if (pid > 0 && pid == pids[i])
				status[i] = st;
	}
	for (int i = 0; i < CHILDREN; i++)
		if (status[i] != 0)
			uprintf("# fpu_race: child %d (%s) wait status 0x%x\n", i + 1, words[i],
				status[i]);
	ok(pids[0] > 0 && status[0] == 0, "child 1 (fpu_preempt alpha) exited with status 0");
	ok(pids[1] > 0 && status[1] == 0, "child 2 (fpu_preempt bravo) exited with status 0");
	ok(pids[2] > 0 && status[2] == 0, "child 3 (fpu_preempt charlie) exited with status 0");
	return tap_done();
}
