#include "kernel/ktest.h"
#include "kernel/printf.h"
#include "kernel/string.h"
#include "kernel/ubsan.h"

extern const struct ktest __ktests_start[], __ktests_end[];

void ktest_fail(struct ktest_ctx *t, const char *file, int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	kprintf_raw("# %s.%s: %s:%d: %s\n", t->suite, t->name, file, line, msg);
	t->failures++;
}

bool ktest_streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* Does "suite.name" match one of the comma-separated globs? */
static bool matches(const char *pattern, const struct ktest *k)
{
	char full[128], one[128];
	ksnprintf(full, sizeof(full), "%s.%s", k->suite, k->name);
	if (!pattern || !*pattern)
		return true;
	while (*pattern) {
		size_t n = 0;
		while (pattern[n] && pattern[n] != ',')
			n++;
		if (n < sizeof(one)) {
			memcpy(one, pattern, n);
			one[n] = '\0';
			if (glob_match(one, full))
				return true;
		}
		pattern += n;
		if (*pattern == ',')
			pattern++;
	}
	return false;
}

uint64_t ktest_count(const char *pattern)
{
	uint64_t total = 0;
	for (const struct ktest *k = __ktests_start; k < __ktests_end; k++)
		if (matches(pattern, k))
			total++;
	return total;
}

int ktest_run(const char *pattern, uint64_t skip)
{
	uint64_t total = ktest_count(pattern), number = 0;
	int failed = 0, passed = 0, skipped = 0;

	kprintf_raw("KTAP version 1\n");
	if (ubsan_unexpected_reports()) {
		/* Undefined behaviour before the tests: the run cannot pass. */
		kprintf_raw("# UBSAN: %lu reports before the tests began\n",
			    ubsan_unexpected_reports());
		failed++;
	}
	kprintf_raw("1..%lu\n", (unsigned long)(total > skip ? total - skip : 0));

	for (const struct ktest *k = __ktests_start; k < __ktests_end; k++) {
		if (!matches(pattern, k))
			continue;
		if (number++ < skip)
			continue;
		struct ktest_ctx ctx = { .suite = k->suite, .name = k->name };
		kprintf_raw("# run %s.%s\n", k->suite, k->name);
		unsigned long ub_before = ubsan_unexpected_reports();
		k->fn(&ctx);
		if (ubsan_unexpected_reports() != ub_before)
			ktest_fail(&ctx, __FILE__, __LINE__,
				   "undefined behaviour reported during this test (UBSAN lines above)");
		unsigned long n = (unsigned long)(number - skip);
		if (ctx.failures) {
			kprintf_raw("not ok %lu %s.%s\n", n, k->suite, k->name);
			failed++;
		} else if (ctx.skip_reason) {
			kprintf_raw("ok %lu %s.%s # SKIP %s\n", n, k->suite, k->name,
				    ctx.skip_reason);
			skipped++;
		} else {
			kprintf_raw("ok %lu %s.%s\n", n, k->suite, k->name);
			passed++;
		}
	}
	kprintf_raw("# anvil tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped);
	return failed;
}
