/* popcnt, its fallback, and the chooser, against a plain bit count. */
#include "arch/x86_64/examples/popcnt.h"
#include "kernel/ktest.h"
#include "kernel/prng.h"
#include <stddef.h>

static uint64_t count_bits_loop(uint64_t x)
{
	uint64_t n = 0;
	for (int i = 0; i < 64; i++)
		n += (x >> i) & 1;
	return n;
}

/* 0, ~0, every single bit and its complement, and 10,000 pseudo-random
 * values with their complements: 20,130 values. */
#define NVALUES (2 + 2 * 64 + 2 * 10000)
static uint64_t values[NVALUES];

static const uint64_t *test_values(void)
{
	struct xorshift64 rng = { 0x9e3779b97f4a7c15 };
	size_t n = 0;
	values[n++] = 0;
	values[n++] = ~0UL;
	for (int i = 0; i < 64; i++) {
		values[n++] = 1UL << i;
		values[n++] = ~(1UL << i);
	}
	while (n < NVALUES) {
		uint64_t x = xorshift64_next(&rng);
		values[n++] = x;
		values[n++] = ~x;
	}
	return values;
}

KTEST(popcnt, fallback_matches_bit_loop)
{
	const uint64_t *v = test_values();
	for (size_t i = 0; i < NVALUES; i++)
		if (!KEXPECT_EQ(popcount64_soft(v[i]), count_bits_loop(v[i])))
			return;
	KEXPECT_EQ(popcount64_soft(0), 0);
	KEXPECT_EQ(popcount64_soft(~0UL), 64);
}

KTEST(popcnt, instruction_matches_bit_loop)
{
	if (!cpu_has(CPU_FEATURE_POPCNT))
		KTEST_SKIP("CPU has no POPCNT");
	const uint64_t *v = test_values();
	for (size_t i = 0; i < NVALUES; i++)
		if (!KEXPECT_EQ(popcnt64(v[i]), count_bits_loop(v[i])))
			return;
	KEXPECT_EQ(popcnt64(0), 0);
	KEXPECT_EQ(popcnt64(~0UL), 64);
}

/* popcount64 picks whichever exists; on -cpu qemu64 it must not #UD. */
KTEST(popcnt, popcount64_works_on_any_cpu)
{
	const uint64_t *v = test_values();
	for (size_t i = 0; i < NVALUES; i++)
		if (!KEXPECT_EQ(popcount64(v[i]), count_bits_loop(v[i])))
			return;
}
