/*
 * Turning SSE and AVX on, and lending the vector registers to kernel code
 * (simd.h explains the rules).
 */
#include "arch/x86_64/cpu/simd.h"
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/cpu/cpufeatures.h"
#include "arch/x86_64/cpu/fpu_state.h"
#include "arch/x86_64/insn/cr.h"
#include "kernel/panic.h"
#include "kernel/printf.h"

void simd_init(void)
{
	/* Every x86-64 CPU has SSE2; check anyway so a broken CPUID shows up
	 * here and not as #UD in the first SIMD routine. */
	BUG_ON(!cpu_has(CPU_FEATURE_SSE2) || !cpu_has(CPU_FEATURE_FXSR));

	/* SDM Vol. 3A §13.1.3: EM=0 (SSE does not trap as "no FPU"), MP=1
	 * (wait/fwait honour TS), TS=0 (no lazy-switch trap, anvil saves
	 * state eagerly); NE=1 selects native x87 error reporting. */
	uint64_t cr0 = read_cr0();
	cr0 &= ~(X86_CR0_EM | X86_CR0_TS);
	cr0 |= X86_CR0_MP | X86_CR0_NE;
	write_cr0(cr0);

	/* OSFXSR: the OS saves state with fxsave/fxrstor, which is what
	 * makes SSE instructions legal; OSXMMEXCPT: unmasked SIMD float
	 * exceptions raise #XM instead of #UD. */
	write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);

	fninit();
	ldmxcsr(MXCSR_DEFAULT);

	uint64_t xcr0 = 0;	/* 0: no XSAVE, fxsave/fxrstor instead */
	if (cpu_has(CPU_FEATURE_XSAVE)) {
		/* §13.3: OSXSAVE makes xgetbv/xsetbv/xsave legal; XCR0 then
		 * says which state components are enabled.  x87 must always
		 * be set, AVX only together with SSE. */
		write_cr4(read_cr4() | X86_CR4_OSXSAVE);
		xcr0 = XCR0_X87 | XCR0_SSE;
		if (cpu_has(CPU_FEATURE_AVX))
			xcr0 |= XCR0_AVX;
		xsetbv(XCR_XFEATURE_ENABLED_MASK, xcr0);
		cpu_features_refresh();	/* CPUID's OSXSAVE bit follows CR4 */
	}
	fpu_state_init(xcr0);	/* reads CPUID's area size for this XCR0 */
	if (xcr0)
		kprintf("simd: SSE on, XSAVE on, XCR0 0x%lx, state saved with %s, %zu bytes\n",
			(unsigned long)xcr0, fpu_state_method(), fpu_state_size());
	else
		kprintf("simd: SSE on (no XSAVE), XCR0 0x0, state saved with %s, %zu bytes\n",
			fpu_state_method(), fpu_state_size());
}

void simd_reset_user_state(void)
{
	fpu_state_load_initial();
}

void simd_begin(struct simd_state *s)
{
	s->rflags = irq_save();
	fxsave(&s->saved);
}

void simd_end(struct simd_state *s)
{
	fxrstor(&s->saved);
	irq_restore(s->rflags);
}
