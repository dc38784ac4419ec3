/* SIMD enablement (simd_init), XCR0, fxsave/fxrstor and the SSE XOR
 * routine against a plain byte loop. */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/cr.h"
#include "arch/x86_64/cpufeatures.h"
#include "arch/x86_64/simd.h"
#include "kernel/ktest.h"
#include "kernel/prng.h"
#include "kernel/string.h"

KTEST(simd, sse_enabled_in_cr0_cr4)
{
	uint64_t cr0 = read_cr0(), cr4 = read_cr4();
	KEXPECT_EQ(cr0 & X86_CR0_EM, 0);
	KEXPECT_EQ(cr0 & X86_CR0_TS, 0);
	KEXPECT_EQ(cr0 & X86_CR0_MP, X86_CR0_MP);
	KEXPECT_EQ(cr4 & X86_CR4_OSFXSR, X86_CR4_OSFXSR);
	KEXPECT_EQ(cr4 & X86_CR4_OSXMMEXCPT, X86_CR4_OSXMMEXCPT);
}

KTEST(simd, xcr0_enables_x87_sse_and_avx_if_present)
{
	if (!cpu_has(CPU_FEATURE_XSAVE))
		KTEST_SKIP("CPU has no XSAVE");
	KASSERT_TRUE(cpu_has(CPU_FEATURE_OSXSAVE));	/* simd_init refreshed it */
	KEXPECT_EQ(read_cr4() & X86_CR4_OSXSAVE, X86_CR4_OSXSAVE);
	uint64_t xcr0 = xgetbv(XCR_XFEATURE_ENABLED_MASK);
	KEXPECT_EQ(xcr0 & (XCR0_X87 | XCR0_SSE), XCR0_X87 | XCR0_SSE);
	KEXPECT_EQ(xcr0 & XCR0_AVX, cpu_has(CPU_FEATURE_AVX) ? XCR0_AVX : 0);
}

/* fxrstor loads what it is given and fxsave reads it back: change MXCSR's
 * rounding mode through the image, check it, then restore the original. */
KTEST(simd, fxsave_fxrstor_round_trip)
{
	static struct fxsave_area orig, changed, check;
	const uint32_t round_toward_zero = MXCSR_DEFAULT | 0x6000;

	uint64_t flags = irq_save();
	fxsave(&orig);
	changed = orig;
	changed.mxcsr = round_toward_zero;
	fxrstor(&changed);
	uint32_t live = stmxcsr();
	fxsave(&check);
	fxrstor(&orig);
	uint32_t restored = stmxcsr();
	irq_restore(flags);

	KEXPECT_EQ(live, round_toward_zero);
	KEXPECT_EQ(check.mxcsr, round_toward_zero);
	/* x87 control word and the XMM registers came through unchanged. */
	KEXPECT_EQ(check.fcw, orig.fcw);
	KEXPECT_EQ(memcmp(check.xmm, orig.xmm, sizeof(orig.xmm)), 0);
	KEXPECT_EQ(restored, orig.mxcsr);
	KEXPECT_EQ(orig.mxcsr, MXCSR_DEFAULT);	/* as simd_init left it */
}

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
