/*
 * tap.c - TAP output for user test programs.
 *
 *	1..3
 *	ok 1 - getpid is positive
 *	not ok 2 - write to a NULL buffer gives -EFAULT
 *	ok 3 - brk(0) # SKIP not implemented
 *	# 1 passed, 1 failed, 1 skipped
 *
 * The host runner counts these lines; tap_done's return value is meant to
 * be main's, so the exit status says pass (0) or fail (1) as well.
 */
#include "ulib.h"

static int tests_run, tests_failed, tests_skipped, planned;
static const char *skip_next;	/* tap_skip_next's reason, for the next ok() */

void tap_plan(int n)
{
	uprintf("TAP version 13\n1..%d\n", n);
	planned = 1;
}

void tap_start(void)
{
	uprintf("TAP version 13\n");
}

int ok(int cond, const char *name)
{
	if (skip_next) {
		const char *why = skip_next;

		skip_next = NULL;
		tap_skip(name, why);
		return 0;
	}
	tests_run++;
	if (!cond)
		tests_failed++;
	uprintf("%sok %d - %s\n", cond ? "" : "not ", tests_run, name);
	return cond;
}

void tap_skip(const char *name, const char *why)
{
	tests_run++;
	tests_skipped++;
	uprintf("ok %d - %s # SKIP %s\n", tests_run, name, why);
}

void tap_skip_next(const char *why)
{
	skip_next = why;
}

void tap_diag(const char *msg)
{
	uprintf("# %s\n", msg);
}

int tap_done(void)
{
	if (!planned)
		uprintf("1..%d\n", tests_run);	/* TAP allows the plan last */
	uprintf("# %d passed, %d failed, %d skipped\n",
		tests_run - tests_failed - tests_skipped, tests_failed,
		tests_skipped);
	return tests_failed ? 1 : 0;
}
