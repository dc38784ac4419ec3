/* The undefined-behaviour checks really fire (in a UBSAN=1 kernel). */
#include "kernel/ktest.h"
#include "kernel/ubsan.h"
#include <limits.h>

/* The UB below is on purpose: the test passes when the runtime reports it,
 * and it announces the report as expected so it does not fail the run. */

KTEST(ubsan, signed_overflow_is_reported)
{
	if (!ubsan_enabled())
		KTEST_SKIP("kernel built without UBSAN=1");
	volatile int big = INT_MAX;
	unsigned long before = ubsan_report_count();
	volatile int sum = big + 1;
	(void)sum;
	KEXPECT_EQ(ubsan_report_count(), before + 1);
	ubsan_expected_reports += ubsan_report_count() - before;
}

KTEST(ubsan, shift_out_of_bounds_is_reported)
{
	if (!ubsan_enabled())
		KTEST_SKIP("kernel built without UBSAN=1");
	volatile int amount = 40;
	unsigned long before = ubsan_report_count();
	volatile unsigned int v = 1u << amount;
	(void)v;
	KEXPECT_EQ(ubsan_report_count(), before + 1);
	ubsan_expected_reports += ubsan_report_count() - before;
}
