/*
 * forkbomb - fork until the process limit says no. With RLIMIT_NPROC set
 * to LIMIT, fork must fail with -EAGAIN (not -ENOMEM, not a crash) once
 * this user has LIMIT processes; every process then exits, everything is
 * reaped, and fork works again. TAP on fd 1, exit 0 if all passed.
 *
 * Two shapes of bomb, each bounded by CAP processes so that a kernel that
 * ignores the limit gets a failed check, not a machine full of processes:
 *  - a chain: each process forks one child and waits for it; the last
 *    one's fork fails, and it exits with what it got (the kind of error in
 *    bits 6-7, its depth in bits 0-5), a status each parent passes up;
 *  - a fan: this process forks children that idle until killed, until its
 *    own fork fails; then it kills and reaps them all.
 * The limit counts every process of the user, this one included, so at
 * most LIMIT - 1 more can be made. How many exactly depends on what else
 * the user runs (on Linux), so the counts are # diag lines, checked only
 * against that bound.
 *
 * Linux lets root (and CAP_SYS_RESOURCE) pass RLIMIT_NPROC; run as root
 * there the bombs reach CAP and the checks that need the limit are
 * reported as skipped. The host test runs the program as nobody instead.
 *
 * Needs: getrlimit, setrlimit, prlimit64 (RLIMIT_NPROC), fork with
 * -EAGAIN, wait4, kill(SIGKILL), nanosleep, getuid, exit_group.
 */
#include "lib/ulib.h"

#define LIMIT	20
#define CAP	60	/* processes per bomb at most, whatever the kernel does */

/* The chain's status: kind << 6 | depth. */
#define KIND_EAGAIN	0
#define KIND_ENOMEM	1
#define KIND_OTHER	2
#define KIND_CAP	3	/* reached CAP without an error */
#define BROKEN		0xff	/* a link saw its child end other than by exit */

static int kind_of(long err)
{
	return err == -EAGAIN ? KIND_EAGAIN : err == -ENOMEM ? KIND_ENOMEM : KIND_OTHER;
}

/* Runs in the chain's first process; never returns. */
static void chain(void)
{
	int depth = 1, status;
	long pid;

	for (;;) {
		if (depth >= CAP)
			exit(KIND_CAP << 6 | depth);
		pid = fork();
		if (pid < 0)
			exit(kind_of(pid) << 6 | depth);
		if (pid > 0)
			break;
		depth++;		/* the child: one link further */
	}
	if (wait4(pid, &status, 0, NULL) != pid || !WIFEXITED(status))
		exit(BROKEN);
	exit(WEXITSTATUS(status));
}

/* RLIMIT_NPROC to LIMIT; the old limits in *old. */
static void set_limit(struct rlimit *old_limit)
{
	struct rlimit old, lim, back;

	ok(getrlimit(RLIMIT_NPROC, &old) == 0, "getrlimit(RLIMIT_NPROC) succeeds");
	lim.rlim_cur = LIMIT;
	lim.rlim_max = old.rlim_max;
	ok(setrlimit(RLIMIT_NPROC, &lim) == 0, "setrlimit(RLIMIT_NPROC) to 20 succeeds");
	back.rlim_cur = back.rlim_max = 0;
	ok(getrlimit(RLIMIT_NPROC, &back) == 0 && back.rlim_cur == LIMIT &&
	   back.rlim_max == old.rlim_max, "getrlimit reads back 20 and the old hard limit");
	back.rlim_cur = 0;
	ok(prlimit64(0, RLIMIT_NPROC, NULL, &back) == 0 && back.rlim_cur == LIMIT,
	   "prlimit64(0, RLIMIT_NPROC) reads the same limit");
	lim.rlim_cur = 10;
	lim.rlim_max = 5;
	ok(setrlimit(RLIMIT_NPROC, &lim) == -EINVAL, "setrlimit with rlim_cur above rlim_max is -EINVAL");
	ok(getrlimit(RLIMIT_NPROC, &back) == 0 && back.rlim_cur == LIMIT,
	   "the refused setrlimit left the limit at 20");
	*old_limit = old;
}

static int root_passes_limits(void)
{
	return getuid() == 0;
}

/* Before a check that needs the limit: if it was not enforced because we
 * are root on a kernel that exempts root, the check is skipped, never
 * passed. */
static void needs_limit(int enforced)
{
	if (!enforced && root_passes_limits())
		tap_skip_next("root is exempt from RLIMIT_NPROC (Linux)");
}

static int fork_and_reap(void)
{
	int status = -1;
	long pid = fork();

	if (pid == 0)
		exit(33);
	return pid > 0 && wait4(pid, &status, 0, NULL) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 33;
}

static void test_chain(void)
{
	int status = -1, kind, depth;
	long pid = fork();

	if (pid == 0)
		chain();
	ok(pid > 0 && wait4(pid, &status, 0, NULL) == pid && WIFEXITED(status) &&
	   WEXITSTATUS(status) != BROKEN,
	   "chain: every link exited and was reaped by its parent");
	kind = WEXITSTATUS(status) >> 6;
	depth = WEXITSTATUS(status) & 63;
	uprintf("# chain: %d processes, the last fork's error kind %d\n", depth, kind);
	needs_limit(kind != KIND_CAP);
	ok(kind != KIND_CAP, "chain: fork failed before 60 processes");
	needs_limit(kind != KIND_CAP);
	ok(kind == KIND_EAGAIN, "chain: the failing fork said -EAGAIN, not -ENOMEM");
	needs_limit(kind != KIND_CAP);
	ok(depth >= 1 && depth <= LIMIT - 1, "chain: at most 19 processes beside this one");
}

static void test_fan(void)
{
	long pids[CAP], err = 0;
	int n = 0, i, killed = 0, status;

	while (n < CAP) {
		long pid = fork();

		if (pid == 0)
			idle_forever();
		if (pid < 0) {
			err = pid;
			break;
		}
		pids[n++] = pid;
	}
	uprintf("# fan: %d children, then fork said %ld\n", n, err);
	needs_limit(err != 0);
	ok(err != 0, "fan: fork failed before 60 children");
	needs_limit(err != 0);
	ok(err == -EAGAIN, "fan: the failing fork said -EAGAIN");
	needs_limit(err != 0);
	ok(n <= LIMIT - 1, "fan: at most 19 children beside this process");
	if (err) {
		long again = fork();

		if (again == 0)
			exit(0);	/* it should not exist; if it does, it ends */
		if (again > 0)
			wait4(again, NULL, 0, NULL);
		err = again;
	}
	needs_limit(err != 0 || n < CAP);
	ok(err == -EAGAIN, "fan: fork at the limit fails again with -EAGAIN");
	for (i = 0; i < n; i++)
		kill(pids[i], SIGKILL);
	for (i = 0; i < n; i++)
		if (wait4(pids[i], &status, 0, NULL) == pids[i] && WIFSIGNALED(status) &&
		    WTERMSIG(status) == SIGKILL)
			killed++;
	ok(killed == n, "fan: every child killed by SIGKILL and reaped");
	ok(fork_and_reap(), "after the fan is reaped, fork works again");
}

int main(void)
{
	struct rlimit old;

	tap_start();
	set_limit(&old);
	test_chain();
	test_fan();
	ok(wait4(-1, NULL, 0, NULL) == -ECHILD, "nothing is left to reap");
	ok(setrlimit(RLIMIT_NPROC, &old) == 0, "setrlimit puts the old limit back");
	return tap_done();
}
