/* The SSE XOR example (xor_simd.c) against a plain byte loop, and the
 * promise of simd_begin()/simd_end(): the interrupted owner's registers
 * come back unchanged. */
#include "arch/x86_64/examples/xor_simd.h"
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/insn/fpu.h"
#include "kernel/ktest.h"
#include "kernel/prng.h"
#include "kernel/string.h"

#define XOR_MAX 300

static void xor_bytes_scalar(uint8_t *dst, const uint8_t *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] ^= src[i];
}

/* Every length 0..XOR_MAX at every alignment 0..15 of both buffers, with
 * guard bytes around the destination that must stay untouched. */
KTEST(simd, xor_matches_scalar_all_lengths_and_alignments)
{
	static uint8_t src[XOR_MAX + 32], a[XOR_MAX + 48], b[XOR_MAX + 48];
	struct xorshift64 rng = { 0x243f6a8885a308d3 };
	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)xorshift64_next(&rng);

	for (size_t len = 0; len <= XOR_MAX; len += (len < 64 ? 1 : 7)) {
		for (size_t da = 0; da < 16; da++) {
			size_t sa = (da * 7 + len) % 16;
			for (size_t i = 0; i < sizeof(a); i++)
				a[i] = b[i] = (uint8_t)xorshift64_next(&rng);
			xor_bytes_simd(a + 16 + da, src + sa, len);
			xor_bytes_scalar(b + 16 + da, src + sa, len);
			if (!KEXPECT_EQ(memcmp(a, b, sizeof(a)), 0)) {
				ktest_fail(ktest_ctx, __FILE__, __LINE__,
					   "len %zu dst align %zu src align %zu", len, da, sa);
				return;
			}
		}
	}
}

/* The routine must give the interrupted owner its registers back. */
KTEST(simd, xor_preserves_vector_registers_and_interrupt_state)
{
	static struct fxsave_area before, after;
	uint8_t x[64] = { 1 }, y[64] = { 2 };
	fxsave(&before);
	bool irqs = irqs_enabled();
	xor_bytes_simd(x, y, sizeof(x));
	fxsave(&after);
	KEXPECT_EQ(x[0], 3);
	KEXPECT_EQ(irqs_enabled(), irqs);
	KEXPECT_EQ(memcmp(before.xmm, after.xmm, sizeof(before.xmm)), 0);
	KEXPECT_EQ(before.mxcsr, after.mxcsr);
}
