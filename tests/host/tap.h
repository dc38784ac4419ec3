/*
 * A tiny TAP reporter for the host-side tests: each CHECK is one named
 * test line; tests/run.py reports every line as its own test.
 */
#ifndef ANVIL_TESTS_HOST_TAP_H
#define ANVIL_TESTS_HOST_TAP_H

#include <stdio.h>
#include <stdbool.h>

static int tap_count, tap_failed;

static inline bool tap_check(bool ok, const char *name, const char *detail)
{
	tap_count++;
	printf("%s %d - %s\n", ok ? "ok" : "not ok", tap_count, name);
	if (!ok) {
		tap_failed++;
		if (detail && *detail)
			printf("# %s\n", detail);
	}
	return ok;
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
