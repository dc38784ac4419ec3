/*
 * The kernel's runtime for the compiler's undefined-behaviour checks.
 * Built with `make UBSAN=1`, every signed overflow, out-of-range shift,
 * misaligned or NULL access, out-of-bounds array index... calls a handler
 * in kernel/ubsan.c, which prints what fired and where on the console and
 * counts it.  A test during which the count grows fails; so does a test
 * run that ends with reports from outside any test.
 */
#ifndef ANVIL_KERNEL_UBSAN_H
#define ANVIL_KERNEL_UBSAN_H

#include <stdbool.h>

/* Reports so far (always 0 in a kernel built without UBSAN=1). */
unsigned long ubsan_report_count(void);
/* Reports not announced by a test that triggers UB on purpose (such a
 * test adds what it caused to ubsan_expected_reports). */
unsigned long ubsan_unexpected_reports(void);
extern unsigned long ubsan_expected_reports;
/* Whether this kernel was built with the checks. */
bool ubsan_enabled(void);

#endif
