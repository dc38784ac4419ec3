/* Random bytes from RDRAND, or a TSC-seeded PRNG (kernel/random.h). */
#include "kernel/random.h"
#include "arch/x86_64/cpu/cpufeatures.h"
#include "arch/x86_64/cpu/random.h"
#include "arch/x86_64/insn/tsc.h"
#include "kernel/prng.h"
#include "kernel/printf.h"
#include "kernel/string.h"

static struct xorshift64 fallback;

void random_init(void)
{
	/* xorshift's state must not be 0; the TSC never is, but be sure. */
	fallback.state = rdtsc() | 1;
	if (cpu_has(CPU_FEATURE_RDRAND))
		kprintf("random: RDRAND\n");
	else
		kprintf("random: no RDRAND; xorshift seeded from the TSC (NOT cryptographic)\n");
}

static uint64_t random_u64(void)
{
	uint64_t v;
	if (cpu_has(CPU_FEATURE_RDRAND) && rdrand64(&v) == HWRNG_OK)
		return v;
	return xorshift64_next(&fallback);
}

void random_bytes(void *buf, size_t n)
{
	uint8_t *p = buf;
	while (n) {
		uint64_t v = random_u64();
		size_t k = n < sizeof(v) ? n : sizeof(v);
		memcpy(p, &v, k);
		p += k;
		n -= k;
	}
}
