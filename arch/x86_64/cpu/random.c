/*
 * rdrand64 / rdseed64: check CPUID, retry a bounded number of times, and
 * say why when no number came (random.h).
 */
#include "arch/x86_64/cpu/random.h"
#include "arch/x86_64/insn/cpu.h"

enum hwrng_status rdrand64(uint64_t *out)
{
	*out = 0;
	if (!cpu_has(CPU_FEATURE_RDRAND))
		return HWRNG_UNAVAILABLE;
	for (int i = 0; i < RDRAND_RETRIES; i++)
		if (rdrand64_step(out))
			return HWRNG_OK;
	return HWRNG_EXHAUSTED;
}

enum hwrng_status rdseed64(uint64_t *out)
{
	*out = 0;
	if (!cpu_has(CPU_FEATURE_RDSEED))
		return HWRNG_UNAVAILABLE;
	for (int i = 0; i < RDSEED_RETRIES; i++) {
		if (rdseed64_step(out))
			return HWRNG_OK;
		pause();
	}
	return HWRNG_EXHAUSTED;
}

const char *hwrng_status_name(enum hwrng_status s)
{
	switch (s) {
	case HWRNG_OK:		return "ok";
	case HWRNG_UNAVAILABLE:	return "unavailable";
	case HWRNG_EXHAUSTED:	return "exhausted";
	}
	return "?";
}
