/* SIMD enablement (simd_init), XCR0, fxsave/fxrstor. */
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/insn/cr.h"
#include "arch/x86_64/cpu/cpufeatures.h"
#include "arch/x86_64/cpu/simd.h"
#include "kernel/ktest.h"
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
