/* rdrand/rdseed: random where the CPU has them, a clean "unavailable"
 * where it does not (-cpu qemu64 has neither; TCG -cpu max has RDRAND). */
#include "arch/x86_64/cpu/random.h"
#include "kernel/ktest.h"

/* Eight draws must not all be equal (chance 2^-448 for a working
 * generator), and every draw must report success. */
static void expect_varying(struct ktest_ctx *ktest_ctx,
			   enum hwrng_status (*draw)(uint64_t *))
{
	uint64_t first = 0, v = 0;
	bool varied = false;
	for (int i = 0; i < 8; i++) {
		enum hwrng_status st = draw(&v);
		if (!KEXPECT_EQ(st, HWRNG_OK))
			return;
		if (i == 0)
			first = v;
		else if (v != first)
			varied = true;
	}
	KEXPECT_TRUE(varied);
}

/* Without the instruction the wrapper must say so, leave 0 in *out, and
 * not execute it (which would be #UD: the test would crash, not fail). */
static void expect_unavailable(struct ktest_ctx *ktest_ctx,
			       enum hwrng_status (*draw)(uint64_t *))
{
	uint64_t v = 0x1234;
	KEXPECT_EQ(draw(&v), HWRNG_UNAVAILABLE);
	KEXPECT_EQ(v, 0);
	KEXPECT_STREQ(hwrng_status_name(HWRNG_UNAVAILABLE), "unavailable");
}

KTEST(random, rdrand_varies_or_reports_unavailable)
{
	if (cpu_has(CPU_FEATURE_RDRAND))
		expect_varying(ktest_ctx, rdrand64);
	else
		expect_unavailable(ktest_ctx, rdrand64);
}

KTEST(random, rdseed_varies_or_reports_unavailable)
{
	if (cpu_has(CPU_FEATURE_RDSEED))
		expect_varying(ktest_ctx, rdseed64);
	else
		expect_unavailable(ktest_ctx, rdseed64);
}

/* The step wrapper's CF output: a successful step must have written a
 * value, and the carry must be read as true (a wrapper that ignored CF
 * or read the wrong flag would show up as "never ok" here). */
KTEST(random, rdrand_step_reports_carry)
{
	if (!cpu_has(CPU_FEATURE_RDRAND))
		KTEST_SKIP("CPU has no RDRAND");
	int ok = 0;
	uint64_t v, seen_or = 0;
	for (int i = 0; i < 32; i++)
		if (rdrand64_step(&v)) {
			ok++;
			seen_or |= v;
		}
	KEXPECT_GT(ok, 0);
	KEXPECT_NE(seen_or, 0);
}
