/*
 * reparent - an orphan is adopted. A child forks a grandchild and exits;
 * the grandchild must see getppid() change away from its dead parent's
 * pid. TAP on fd 1, exit 0 if all passed. Runs the same on Linux.
 *
 * The program may or may not be pid 1, and both must work:
 *  - Not pid 1: the orphan goes to init (pid 1), or on Linux to the
 *    nearest "child subreaper" (a container's init often is one), so this
 *    program can neither reap it nor read its exit status. The orphan
 *    reports instead by killing a witness: a second child of this program
 *    that idles until it is killed. Its death signal is the orphan's
 *    verdict, and this program reads it with wait4 like any exit status:
 *      SIGUSR1  getppid() changed and is now 1
 *      SIGUSR2  getppid() changed to another pid (a subreaper)
 *  - Pid 1 (init=/bin/reparent on anvil): the orphan is adopted by this
 *    very program, so in addition to the witness's verdict (SIGUSR1: the
 *    new parent is pid 1) the orphan becomes our child and we reap it.
 * The orphan spins on sched_yield until getppid() changes: it has nothing
 * else to wait on. If the kernel never reparents, the run hangs and the
 * harness's time limit fails it; no sleep orders anything.
 *
 * Needs: fork, getppid, wait4, kill (SIGUSR1, SIGUSR2, SIGKILL),
 * sched_yield, nanosleep (idle_forever), exit_group.
 */
#include "lib/ulib.h"

static void orphan(long dead_parent, long witness)
{
	long now;

	while ((now = getppid()) == dead_parent)
		sched_yield();
	kill(witness, now == 1 ? SIGUSR1 : SIGUSR2);
	exit(0);
}

int main(void)
{
	long me = getpid(), witness, middle, pid;
	int status = -1, wstatus = -1;

	tap_start();
	uprintf("# reparent: running as %s\n", me == 1 ? "pid 1" : "a pid other than 1");
	witness = fork();
	if (witness == 0)
		idle_forever();
	middle = fork();
	if (middle == 0) {
		long self = getpid();	/* the orphan's parent, soon dead */

		if (fork() == 0)
			orphan(self, witness);
		exit(getppid() == me ? 0 : 1);
	}
	ok(witness > 0 && middle > 0, "fork makes the witness and the middle child");
	ok(wait4(middle, &status, 0, NULL) == middle && WIFEXITED(status) &&
	   WEXITSTATUS(status) == 0,
	   "the middle child forked the orphan, saw us as its parent and exited 0");
	ok(wait4(witness, &wstatus, 0, NULL) == witness && WIFSIGNALED(wstatus) &&
	   (WTERMSIG(wstatus) == SIGUSR1 || WTERMSIG(wstatus) == SIGUSR2),
	   "the orphan saw getppid() change away from its dead parent's pid");
	uprintf("# the orphan's new parent is %s\n",
		WTERMSIG(wstatus) == SIGUSR1 ? "pid 1" : "not pid 1 (a subreaper)");
	pid = -1;
	if (me == 1)
		pid = wait4(-1, &status, 0, NULL);
	else
		tap_skip_next("not pid 1: the orphan belongs to init");
	ok(WTERMSIG(wstatus) == SIGUSR1 && pid > 0 && pid != middle && pid != witness &&
	   WIFEXITED(status) && WEXITSTATUS(status) == 0,
	   "as pid 1 we adopted the orphan and reaped it (status 0)");
	return tap_done();
}
