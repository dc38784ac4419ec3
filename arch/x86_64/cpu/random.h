/*
 * Hardware random numbers: rdrand and rdseed (Intel SDM Vol. 2B "RDRAND",
 * "RDSEED"; Intel "Digital Random Number Generator (DRNG) Software
 * Implementation Guide" §5.2).
 *
 * rdrand gives output of a NIST SP 800-90A generator reseeded by the
 * hardware entropy source; rdseed gives the conditioned entropy itself
 * (for seeding other generators) and runs dry much more easily.  Both set
 * CF=1 when the destination holds a random value and CF=0 (with the
 * destination zeroed) when none was ready: the caller must look at CF.
 *
 * The step wrappers return CF through a flag output operand: "=@ccc"
 * ("condition code c", i.e. carry) makes the compiler read CF itself,
 * with a setc or directly as a jc/jnc, so no extra instruction sits in
 * the asm.  No "cc" clobber is needed for a flag the asm declares as an
 * output; the other flags rdrand clears are not used by the compiler
 * across an asm anyway.  asm volatile: two calls must give two numbers.
 */
#ifndef ANVIL_ARCH_RANDOM_H
#define ANVIL_ARCH_RANDOM_H

#include <stdbool.h>
#include <stdint.h>
#include "arch/x86_64/cpu/cpufeatures.h"

/* One rdrand: true and *out set when CF=1.  Needs CPU_FEATURE_RDRAND. */
static inline bool rdrand64_step(uint64_t *out)
{
	bool ok;
	__asm__ volatile("rdrand %0" : "=r"(*out), "=@ccc"(ok));
	return ok;
}

/* One rdseed: true and *out set when CF=1.  Needs CPU_FEATURE_RDSEED. */
static inline bool rdseed64_step(uint64_t *out)
{
	bool ok;
	__asm__ volatile("rdseed %0" : "=r"(*out), "=@ccc"(ok));
	return ok;
}

enum hwrng_status {
	HWRNG_OK = 0,		/* *out holds a random value */
	HWRNG_UNAVAILABLE,	/* the CPU has no such instruction */
	HWRNG_EXHAUSTED,	/* every retry came back with CF=0 */
};

/* Intel's DRNG guide: rdrand failing 10 times in a row means the
 * generator is broken, not busy. */
#define RDRAND_RETRIES	10
/* rdseed can fail often under load; the guide suggests pausing between
 * tries.  Bounded so a dead source cannot hang the caller. */
#define RDSEED_RETRIES	100

enum hwrng_status rdrand64(uint64_t *out);
enum hwrng_status rdseed64(uint64_t *out);
const char *hwrng_status_name(enum hwrng_status s);

#endif
