/*
 * In-kernel tests, reported in KTAP version 1 (the format of Linux's
 * KUnit: Documentation/dev-tools/ktap.rst).
 *
 * A test is one block next to the code it tests:
 *
 *	KTEST(string, strlen_counts_bytes)
 *	{
 *		KEXPECT_EQ(strlen("abc"), 3);
 *	}
 *
 * KTEST places a descriptor in the .ktests section; linker.ld gathers them
 * between __ktests_start and __ktests_end, so no list has to be kept by
 * hand.  Run them with "test" or "test=PATTERN" on the kernel command line
 * (PATTERN: a shell glob on "suite.name", several separated by commas).
 *
 * KEXPECT_* record a failure and go on; KASSERT_* record it and leave the
 * test (return), for when the rest would make no sense.
 */
#ifndef ANVIL_KERNEL_KTEST_H
#define ANVIL_KERNEL_KTEST_H

#include <stdbool.h>
#include <stdint.h>

struct ktest_ctx {
	const char *suite, *name;
	int failures;
	const char *skip_reason;	/* set by KTEST_SKIP */
};

struct ktest {
	const char *suite;
	const char *name;
	void (*fn)(struct ktest_ctx *ktest_ctx);
};

#define KTEST(suite_, name_)                                                   \
	static void ktest_fn_##suite_##_##name_(struct ktest_ctx *ktest_ctx);  \
	static const struct ktest ktest_desc_##suite_##_##name_                \
		__attribute__((used, section(".ktests"), aligned(8))) = {      \
			#suite_, #name_, ktest_fn_##suite_##_##name_,           \
		};                                                             \
	static void ktest_fn_##suite_##_##name_(                               \
		struct ktest_ctx *ktest_ctx __attribute__((unused)))

/* Record a failure: "file:line: what (detail)" as a KTAP diagnostic. */
void ktest_fail(struct ktest_ctx *t, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#define KEXPECT_TRUE(cond)                                                     \
	((cond) ? true                                                         \
		: (ktest_fail(ktest_ctx, __FILE__, __LINE__, "expected %s", #cond), false))

/* Compare as 128-bit integers, which hold every 64-bit signed and unsigned
 * value exactly, so -1 < 0 and UINT64_MAX > 0 both come out right whatever
 * the operand types (pointers: cast to uintptr_t).  Show both values on
 * failure, in decimal and hex since addresses and
 * bit masks read better in hex. */
#define KEXPECT_CMP(a, op, b)                                                  \
	({                                                                     \
		__typeof__(a) ktest_a_ = (a);                                  \
		__typeof__(b) ktest_b_ = (b);                                  \
		bool ktest_ok_ = (__int128)ktest_a_ op (__int128)ktest_b_;     \
		if (!ktest_ok_)                                                \
			ktest_fail(ktest_ctx, __FILE__, __LINE__,              \
				   "expected %s %s %s (%lld vs %lld; 0x%llx vs 0x%llx)", \
				   #a, #op, #b, (long long)ktest_a_,           \
				   (long long)ktest_b_,                        \
				   (unsigned long long)ktest_a_,               \
				   (unsigned long long)ktest_b_);              \
		ktest_ok_;                                                     \
	})

#define KEXPECT_EQ(a, b) KEXPECT_CMP(a, ==, b)
#define KEXPECT_NE(a, b) KEXPECT_CMP(a, !=, b)
#define KEXPECT_LT(a, b) KEXPECT_CMP(a, <, b)
#define KEXPECT_LE(a, b) KEXPECT_CMP(a, <=, b)
#define KEXPECT_GT(a, b) KEXPECT_CMP(a, >, b)
#define KEXPECT_GE(a, b) KEXPECT_CMP(a, >=, b)

/* Compare strings. */
#define KEXPECT_STREQ(a, b)                                                    \
	({                                                                     \
		const char *ktest_sa_ = (a), *ktest_sb_ = (b);                 \
		bool ktest_ok_ = ktest_streq(ktest_sa_, ktest_sb_);            \
		if (!ktest_ok_)                                                \
			ktest_fail(ktest_ctx, __FILE__, __LINE__,              \
				   "expected %s == %s (\"%s\" vs \"%s\")", #a, #b, \
				   ktest_sa_, ktest_sb_);                      \
		ktest_ok_;                                                     \
	})

#define KASSERT_TRUE(cond)    do { if (!KEXPECT_TRUE(cond)) return; } while (0)
#define KASSERT_EQ(a, b)      do { if (!KEXPECT_EQ(a, b)) return; } while (0)
#define KASSERT_NE(a, b)      do { if (!KEXPECT_NE(a, b)) return; } while (0)
#define KASSERT_STREQ(a, b)   do { if (!KEXPECT_STREQ(a, b)) return; } while (0)

/* Skip the rest of this test with a reason: reported as "# SKIP", never
 * as a pass.  Use it only where the machine lacks what is tested (e.g. a
 * CPU feature), and say which. */
#define KTEST_SKIP(reason)                                                     \
	do {                                                                   \
		ktest_ctx->skip_reason = (reason);                             \
		return;                                                        \
	} while (0)

bool ktest_streq(const char *a, const char *b);

/* Run the tests matching pattern ("" or NULL: all), skipping the first
 * `skip` matches; prints KTAP.  Returns the number of failed tests. */
int ktest_run(const char *pattern, uint64_t skip);
/* How many tests match pattern (as ktest_run matches them). */
uint64_t ktest_count(const char *pattern);

#endif
