/*
 * exitwait - exit racing wait. Children that exit at once and children
 * that run on; parents that wait before the child has exited and after;
 * wait4 for any child (-1) and for one pid; WNOHANG, which must say 0
 * while the child runs and give the pid once it is a zombie; waitid; and
 * the errors: -ECHILD without children, -EINVAL for unknown options.
 * Nothing here sleeps to order events: each fact is forced by a wait, a
 * kill or a zombie reported by waitid(WNOWAIT). TAP on fd 1, exit 0 if all
 * passed. Runs the same on Linux.
 *
 * Needs: fork, wait4 (WNOHANG), waitid (P_ALL, P_PID, WEXITED, WNOHANG,
 * WNOWAIT), kill(SIGKILL), sched_yield, exit_group.
 */
#include "lib/ulib.h"

#define KERNEL_ADDR	0xffffffff80100000UL
#define MANY		20

/* A child that exits with `code` at once. */
static long child_exits(int code)
{
	long pid = fork();

	if (pid == 0)
		exit(code);
	return pid;
}

/* A child that yields `rounds` times, then exits with `code`: its parent
 * most likely waits before it exits (the checks hold either way). */
static long child_runs_then_exits(int rounds, int code)
{
	long pid = fork();

	if (pid == 0) {
		while (rounds--)
			sched_yield();
		exit(code);
	}
	return pid;
}

/* A child that runs until it is killed. */
static long child_runs(void)
{
	long pid = fork();

	if (pid == 0)
		idle_forever();
	return pid;
}

static int exited_with(int status, int code)
{
	return WIFEXITED(status) && WEXITSTATUS(status) == code;
}

static void no_children(void)
{
	struct siginfo si;
	int status = 0;

	ok(wait4(-1, &status, 0, NULL) == -ECHILD, "wait4(-1) without children is -ECHILD");
	ok(wait4(-1, &status, WNOHANG, NULL) == -ECHILD, "wait4(-1, WNOHANG) without children is -ECHILD");
	ok(waitid(P_ALL, 0, &si, WEXITED) == -ECHILD, "waitid(P_ALL) without children is -ECHILD");
	/* pid 1 is never our child: it is init, or (run as init) ourselves. */
	ok(wait4(1, &status, 0, NULL) == -ECHILD, "wait4 for a pid that is not a child (1) is -ECHILD");
}

static void exit_then_wait(void)
{
	int status = 0;
	long pid = child_exits(3);

	ok(pid > 0 && wait4(pid, &status, 0, NULL) == pid && exited_with(status, 3),
	   "wait4(pid) on a child that exits at once gives its pid and status 3");

	pid = child_exits(4);
	ok(pid > 0 && wait4(-1, &status, 0, NULL) == pid && exited_with(status, 4),
	   "wait4(-1) on a child that exits at once gives its pid and status 4");

	pid = child_runs_then_exits(1000, 42);
	ok(pid > 0 && wait4(pid, &status, 0, NULL) == pid && exited_with(status, 42),
	   "wait4(pid) on a child that runs a while gives status 42");
	ok(wait4(pid, &status, 0, NULL) == -ECHILD, "a reaped child cannot be waited for again");
}

/* WNOHANG while the child certainly runs (it waits to be killed), then
 * after waitid(WNOWAIT) has seen it become a zombie. */
static void nohang(void)
{
	struct siginfo si;
	int status = -1;
	long pid = child_runs(), r;

	ok(wait4(pid, &status, WNOHANG, NULL) == 0, "wait4(WNOHANG) on a running child returns 0");
	ok(wait4(-1, &status, WNOHANG, NULL) == 0, "wait4(-1, WNOHANG) with only a running child returns 0");
	memset(&si, 0x55, sizeof(si));
	ok(waitid(P_PID, pid, &si, WEXITED | WNOHANG) == 0 && si.si_pid == 0 && si.si_signo == 0,
	   "waitid(WNOHANG) on a running child returns 0 and zeroes si_pid and si_signo");

	kill(pid, SIGKILL);
	memset(&si, 0, sizeof(si));
	r = waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
	ok(r == 0 && si.si_pid == pid && si.si_signo == SIGCHLD && si.si_code == CLD_KILLED &&
	   si.si_status == SIGKILL,
	   "waitid(WNOWAIT) reports the killed child: SIGCHLD, CLD_KILLED, SIGKILL");
	ok(wait4(pid, &status, WNOHANG, NULL) == pid && WIFSIGNALED(status) &&
	   WTERMSIG(status) == SIGKILL,
	   "wait4(WNOHANG) on the zombie WNOWAIT left gives its pid, killed by SIGKILL");
	ok(wait4(-1, &status, WNOHANG, NULL) == -ECHILD, "then WNOHANG says -ECHILD: no child left");
}

/* Poll with WNOHANG until the child is gone: every answer is 0 or the pid,
 * the last one the pid. How many 0s there were depends on timing (# diag). */
static void nohang_poll(void)
{
	int status = -1, zeros = 0, odd = 0;
	long pid = child_runs_then_exits(100, 9), r;

	while ((r = wait4(pid, &status, WNOHANG, NULL)) != pid) {
		if (r == 0)
			zeros++;
		else
			odd++;
		if (odd)
			break;
		sched_yield();
	}
	uprintf("# WNOHANG said 0 %d times before the child was a zombie\n", zeros);
	ok(!odd && exited_with(status, 9),
	   "polling wait4(WNOHANG) sees only 0 until the pid, with status 9");
}

static void waitid_exited(void)
{
	struct siginfo si;
	long pid = child_exits(77);

	memset(&si, 0, sizeof(si));
	ok(pid > 0 && waitid(P_PID, pid, &si, WEXITED) == 0 && si.si_pid == pid &&
	   si.si_signo == SIGCHLD && si.si_code == CLD_EXITED && si.si_status == 77,
	   "waitid(P_PID) reports an exit: SIGCHLD, CLD_EXITED, status 77");
	ok(wait4(pid, NULL, WNOHANG, NULL) == -ECHILD, "waitid without WNOWAIT reaped the child");

	pid = child_exits(78);
	memset(&si, 0, sizeof(si));
	ok(waitid(P_ALL, 0, &si, WEXITED) == 0 && si.si_pid == pid && si.si_status == 78,
	   "waitid(P_ALL) reports the one child, status 78");
}

/* MANY children that exit at once, reaped by pid in reverse order. */
static void many_by_pid(void)
{
	long pids[MANY];
	int i, right = 0, status;

	for (i = 0; i < MANY; i++)
		pids[i] = child_exits(i + 1);
	for (i = MANY - 1; i >= 0; i--)
		if (pids[i] > 0 && wait4(pids[i], &status, 0, NULL) == pids[i] &&
		    exited_with(status, i + 1))
			right++;
	ok(right == MANY, "20 children reaped by pid, last first, each with its status");
	ok(wait4(-1, &status, 0, NULL) == -ECHILD, "after them wait4(-1) is -ECHILD");
}

static void bad_arguments(void)
{
	struct siginfo si;
	int status;
	long pid = child_exits(5);

	ok(wait4(pid, &status, 0x00800000, NULL) == -EINVAL, "wait4 with an unknown option is -EINVAL");
	ok(waitid(P_PID, pid, &si, 0) == -EINVAL, "waitid without WEXITED (or another event) is -EINVAL");
	ok(waitid(7, pid, &si, WEXITED) == -EINVAL, "waitid with an unknown idtype is -EINVAL");
	/* Last, since Linux then counts the child as reaped (the status is lost). */
	ok(wait4(pid, (int *)KERNEL_ADDR, 0, NULL) == -EFAULT, "wait4 storing the status to a kernel address is -EFAULT");
}

int main(void)
{
	tap_start();
	no_children();
	exit_then_wait();
	nohang();
	nohang_poll();
	waitid_exited();
	many_by_pid();
	bad_arguments();
	return tap_done();
}
