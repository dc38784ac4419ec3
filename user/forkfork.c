/*
 * forkfork - several processes forking at once. WORKERS children each fork
 * CHILDREN children of their own as fast as they can, then reap them all;
 * the kernel's process table, pid allocation and wait queues are busy from
 * several processes at the same time. Each worker checks its own children
 * (every pid once, every exit status right) and reports through its exit
 * status; the top process checks the workers. TAP on fd 1, exit 0 if all
 * passed. Runs the same on Linux.
 *
 * Needs: fork, clone(SIGCHLD) as a fork, wait4, exit_group, getppid, gettid.
 */
#include "lib/ulib.h"

#define WORKERS		4
#define CHILDREN	50	/* per worker; the worker's status is how many were right */

/*
 * The grandchildren exit with their index plus 100 (so a status of 0 never
 * looks right by accident) if they see the worker as their parent and are
 * single-threaded (gettid() == getpid()), else with 1. Worker 1 makes half
 * of them with clone(SIGCHLD), which is fork under another name.
 */
static long spawn(int worker, int i)
{
	if (worker == 1 && i % 2)
		return clone(SIGCHLD, NULL, NULL, NULL, 0);
	return fork();
}

static int worker(int w)
{
	long pids[CHILDREN];
	int seen[CHILDREN] = { 0 };
	long me = getpid();
	int i, made = 0, right = 0;

	for (i = 0; i < CHILDREN; i++) {
		pids[i] = spawn(w, i);
		if (pids[i] == 0)
			exit(getppid() == me && gettid() == getpid() ? 100 + i : 1);
		if (pids[i] > 0)
			made++;
	}
	for (i = 0; i < made; i++) {
		int status, j;
		long pid = wait4(-1, &status, 0, NULL);

		for (j = 0; j < CHILDREN; j++)
			if (pids[j] == pid)
				break;
		if (j < CHILDREN && !seen[j] && WIFEXITED(status) &&
		    WEXITSTATUS(status) == 100 + j) {
			seen[j] = 1;
			right++;
		}
	}
	if (wait4(-1, NULL, 0, NULL) != -ECHILD)
		right = 0;		/* something left over: not all right */
	return right;
}

int main(void)
{
	long pids[WORKERS];
	int status[WORKERS], w, all_reaped = 1, forked = 1;

	tap_start();
	for (w = 0; w < WORKERS; w++) {
		pids[w] = fork();
		if (pids[w] == 0)
			exit(worker(w));
		if (pids[w] < 0)
			forked = 0;
	}
	ok(forked, "fork makes every worker");
	for (w = 0; w < WORKERS; w++) {
		status[w] = -1;
		if (pids[w] > 0 && wait4(pids[w], &status[w], 0, NULL) != pids[w])
			all_reaped = 0;
	}
	ok(all_reaped, "wait4(pid) reaps each worker");
	for (w = 0; w < WORKERS; w++)
		uprintf("# worker %d: status 0x%x\n", w, status[w]);
	ok(WIFEXITED(status[0]) && WEXITSTATUS(status[0]) == CHILDREN,
	   "worker 0: 50 forks, every child reaped once with its status");
	ok(WIFEXITED(status[1]) && WEXITSTATUS(status[1]) == CHILDREN,
	   "worker 1: 25 forks and 25 clone(SIGCHLD), all reaped with their status");
	ok(WIFEXITED(status[2]) && WEXITSTATUS(status[2]) == CHILDREN,
	   "worker 2: 50 forks, every child reaped once with its status");
	ok(WIFEXITED(status[3]) && WEXITSTATUS(status[3]) == CHILDREN,
	   "worker 3: 50 forks, every child reaped once with its status");
	ok(wait4(-1, NULL, 0, NULL) == -ECHILD, "nothing is left to reap");
	return tap_done();
}
