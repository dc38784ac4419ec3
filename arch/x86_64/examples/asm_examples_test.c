/* asm_add and asm_add_inout against the compiler's own a + b. */
#include "arch/x86_64/examples/asm_examples.h"
#include "kernel/ktest.h"
#include "kernel/prng.h"
#include <stddef.h>

KTEST(asm, add_edge_values)
{
	static const uint64_t v[] = {
		0, 1, 2, 0x7fffffffffffffff, 0x8000000000000000,
		0xfffffffffffffffe, UINT64_MAX, 0xffffffff, 0x100000000,
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		for (size_t j = 0; j < sizeof(v) / sizeof(v[0]); j++) {
			KEXPECT_EQ(asm_add(v[i], v[j]), v[i] + v[j]);
			KEXPECT_EQ(asm_add_inout(v[i], v[j]), v[i] + v[j]);
		}
	/* Wrap-around, spelled out. */
	KEXPECT_EQ(asm_add(UINT64_MAX, 1), 0);
	KEXPECT_EQ(asm_add_inout(UINT64_MAX, 1), 0);
	KEXPECT_EQ(asm_add(UINT64_MAX, UINT64_MAX), UINT64_MAX - 1);
	KEXPECT_EQ(asm_add_inout(0x8000000000000000, 0x8000000000000000), 0);
}

KTEST(asm, add_random_pairs)
{
	struct xorshift64 rng = { 0x0123456789abcdef };
	for (int i = 0; i < 5000; i++) {
		uint64_t a = xorshift64_next(&rng), b = xorshift64_next(&rng);
		if (!KEXPECT_EQ(asm_add(a, b), a + b) || !KEXPECT_EQ(asm_add_inout(a, b), a + b))
			return;
	}
}

/* The scratch register is the compiler's choice: values live in other
 * registers across the asm must survive.  Many live values make the
 * compiler keep some in registers around the call. */
KTEST(asm, add_keeps_live_registers)
{
	volatile uint64_t seed = 7;
	uint64_t a = seed, b = seed * 3, c = seed * 5, d = seed * 11, e = seed * 13;
	uint64_t s1 = asm_add(a, b), s2 = asm_add(c, d), s3 = asm_add_inout(e, a);
	KEXPECT_EQ(s1, a + b);
	KEXPECT_EQ(s2, c + d);
	KEXPECT_EQ(s3, e + a);
	KEXPECT_EQ(a + b + c + d + e, 7 * (1 + 3 + 5 + 11 + 13));
}
