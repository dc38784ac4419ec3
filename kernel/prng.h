/*
 * xorshift64 (George Marsaglia, "Xorshift RNGs", 2003): a tiny, fast,
 * reproducible pseudo-random generator for tests.  Not for secrets: one
 * output is the whole state, so it gives away every later one.  Use
 * random_bytes() (kernel/random.h) for anything an attacker must not
 * predict.
 */
#ifndef ANVIL_KERNEL_PRNG_H
#define ANVIL_KERNEL_PRNG_H

#include <stdint.h>

/* The state must not be 0 (it would stay 0). */
struct xorshift64 {
	uint64_t state;
};

static inline uint64_t xorshift64_next(struct xorshift64 *r)
{
	uint64_t x = r->state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	r->state = x;
	return x;
}

#endif
