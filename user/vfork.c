/*
 * vfork - the child borrows the parent's memory, and the parent waits.
 * After vfork the parent must not run again until the child has called
 * execve or exited; the child's stores land in the parent's memory (it has
 * no copy). Each check is an ordering fact only that can explain: the
 * child counts to ROUNDS in a shared variable, yielding the CPU at every
 * step, and the parent, the moment vfork returns to it, must see ROUNDS
 * (a parent that ran early would see less; one with a copy, 0). TAP on
 * fd 1, exit 0 if all passed. Runs the same on Linux.
 *
 *	vfork [PREFIX]		PREFIX: where exit7 is, "/bin/" by default
 *
 * The child only stores to memory and calls exit or execve, the rule for
 * a vfork child; vfork itself is the assembly wrapper in user/lib/vfork.asm
 * (its comment says why C cannot do it).
 *
 * Needs: vfork (CLONE_VM | CLONE_VFORK semantics), execve, wait4,
 * getpid, getppid, sched_yield, exit_group.
 */
#include "lib/ulib.h"

#define ROUNDS 200

static volatile int counter, exec_error, child_said_pid, child_said_ppid;
static char exit7[256];

/* The child dirties a deep stretch of the stack below the parent's frame,
 * where vfork's return address was; the parent must still return safely. */
static int scribble(int depth)
{
	volatile char junk[64];

	junk[0] = (char)depth;
	return depth ? scribble(depth - 1) + junk[0] : junk[0];
}

static void counts_then_exits(void)
{
	volatile int on_stack = 0, status = -1;
	long pid;

	counter = 0;
	pid = vfork();
	if (pid == 0) {
		int i;

		for (i = 0; i < ROUNDS; i++) {
			counter++;
			sched_yield();
		}
		on_stack = 3;
		child_said_pid = (int)getpid();
		child_said_ppid = (int)getppid();
		scribble(40);
		exit(5);
	}
	uprintf("# counter when vfork returned: %d\n", counter);
	ok(pid > 0 && counter == ROUNDS,
	   "the parent runs only after the child exited: it sees the child's count, 200");
	ok(on_stack == 3, "the child's store to the parent's stack frame is seen: one memory");
	ok(child_said_pid == pid, "the child's getpid() is what vfork returned to the parent");
	ok(child_said_ppid == getpid(), "the child's getppid() is the parent");
	ok(wait4(pid, (int *)&status, 0, NULL) == pid && WIFEXITED(status) &&
	   WEXITSTATUS(status) == 5, "wait4 gives the vfork child's exit status, 5");
}

static void counts_then_execs(void)
{
	char *argv[] = { exit7, NULL }, *envp[] = { NULL };
	int status = -1;
	long pid;

	counter = 0;
	pid = vfork();
	if (pid == 0) {
		int i;

		for (i = 0; i < ROUNDS; i++) {
			counter++;
			sched_yield();
		}
		execve(exit7, argv, envp);
		exit(100);
	}
	ok(pid > 0 && counter == ROUNDS, "the parent runs only after the child's execve");
	ok(wait4(pid, &status, 0, NULL) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 7,
	   "the vfork child became exit7: status 7");
}

/* posix_spawn's trick: a failed execve's errno comes back through memory. */
static void exec_fails(void)
{
	char *argv[] = { "x", NULL }, *envp[] = { NULL };
	int status = -1;
	long pid;

	exec_error = 0;
	pid = vfork();
	if (pid == 0) {
		exec_error = (int)-execve("/no/such/file", argv, envp);
		exit(6);
	}
	ok(pid > 0 && exec_error == ENOENT, "a vfork child's failed execve reports ENOENT through memory");
	ok(wait4(pid, &status, 0, NULL) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 6,
	   "and it then exits with status 6");
}

static void many(void)
{
	volatile int i, right = 0;	/* in memory: vfork keeps nothing in registers */

	for (i = 0; i < 50; i++) {
		int status = -1;
		long pid;

		counter = 0;
		pid = vfork();
		if (pid == 0) {
			counter = i + 1;
			exit(i);
		}
		if (pid > 0 && counter == i + 1 && wait4(pid, &status, 0, NULL) == pid &&
		    WIFEXITED(status) && WEXITSTATUS(status) == i)
			right++;
	}
	ok(right == 50, "50 vforks in a row, each child seen and reaped");
}

int main(int argc, char **argv)
{
	const char *prefix = argc > 1 ? argv[1] : "/bin/";
	long me = getpid();

	if (strlen(prefix) + 6 > sizeof(exit7))
		return 2;
	memcpy(exit7, prefix, strlen(prefix));
	memcpy(exit7 + strlen(prefix), "exit7", 6);
	tap_start();
	counts_then_exits();
	counts_then_execs();
	exec_fails();
	many();
	ok(getpid() == me, "after it all the parent is still itself");
	ok(wait4(-1, NULL, 0, NULL) == -ECHILD, "nothing is left to reap");
	return tap_done();
}
