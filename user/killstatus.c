/*
 * killstatus - kill(2) and the status it leaves. A child spinning in ring 3
 * without system calls is killed with SIGKILL, one idling in nanosleep
 * with SIGTERM; wait4 must say WIFSIGNALED with that signal (status word =
 * the signal number, no core flag), waitid CLD_KILLED. kill(pid, 0) probes
 * (0 for a live child and for a zombie, -ESRCH once reaped), kill of a pid
 * that does not exist is -ESRCH, an invalid signal -EINVAL. TAP on fd 1,
 * exit 0 if all passed. Runs the same on Linux.
 *
 * Needs: fork, kill (0, SIGKILL, SIGTERM), wait4, waitid (WEXITED,
 * WNOWAIT), nanosleep, exit_group.
 */
#include "lib/ulib.h"

#define NO_SUCH_PID	0x3fffffffL	/* above Linux's largest pid_max (2^22) */

static long idler(void)
{
	long pid = fork();

	if (pid == 0)
		idle_forever();
	return pid;
}

/* Reaps `pid`: 1 if a signal `sig` ended it (status word = sig, no core). */
static int reaped_killed_by(long pid, int sig)
{
	int status = -1;

	return wait4(pid, &status, 0, NULL) == pid && WIFSIGNALED(status) &&
	       !WIFEXITED(status) && WTERMSIG(status) == sig && status == sig;
}

int main(void)
{
	struct siginfo si;
	int status = -1;
	long pid;

	tap_start();
	pid = spinner();
	ok(pid > 0 && kill(pid, 0) == 0, "kill(pid, 0) finds a running child");
	ok(kill(pid, SIGKILL) == 0, "kill(SIGKILL) of a child spinning in ring 3 returns 0");
	ok(reaped_killed_by(pid, SIGKILL), "wait4: killed by SIGKILL, status word 9");
	ok(kill(pid, 0) == -ESRCH, "kill(pid, 0) of the reaped child is -ESRCH");
	ok(kill(pid, SIGKILL) == -ESRCH, "kill(SIGKILL) of the reaped child is -ESRCH");

	pid = idler();
	ok(kill(pid, SIGTERM) == 0, "kill(SIGTERM) of a child asleep in nanosleep returns 0");
	ok(reaped_killed_by(pid, SIGTERM), "wait4: killed by SIGTERM, status word 15");

	pid = spinner();
	ok(kill(pid, SIGTERM) == 0, "kill(SIGTERM) of a spinning child returns 0");
	memset(&si, 0, sizeof(si));
	ok(waitid(P_PID, pid, &si, WEXITED | WNOWAIT) == 0 && si.si_pid == pid &&
	   si.si_code == CLD_KILLED && si.si_status == SIGTERM,
	   "waitid(WNOWAIT): CLD_KILLED by SIGTERM");
	ok(kill(pid, 0) == 0, "kill(pid, 0) of a zombie is 0: it still exists");
	ok(kill(pid, SIGKILL) == 0, "kill(SIGKILL) of a zombie is 0 and changes nothing");
	ok(wait4(pid, &status, 0, NULL) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
	   "the zombie is reaped with its first signal, SIGTERM");

	ok(kill(NO_SUCH_PID, 0) == -ESRCH, "kill(pid, 0) of a pid nobody has is -ESRCH");
	ok(kill(NO_SUCH_PID, SIGKILL) == -ESRCH, "kill(SIGKILL) of a pid nobody has is -ESRCH");
	pid = idler();
	ok(kill(pid, 65) == -EINVAL, "kill with signal 65 (past the last, 64) is -EINVAL");
	ok(kill(pid, -1) == -EINVAL, "kill with signal -1 is -EINVAL");
	ok(kill(pid, SIGKILL) == 0, "kill(SIGKILL) of the idler after the invalid signals returns 0");
	ok(reaped_killed_by(pid, SIGKILL), "wait4: the idler killed by SIGKILL");
	ok(kill(getpid(), 0) == 0, "kill(getpid(), 0) finds ourselves");
	ok(wait4(-1, &status, 0, NULL) == -ECHILD, "no child is left");
	return tap_done();
}
