/* stac/clac toggle RFLAGS.AC (they need SMAP in CPUID, not in CR4). */
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/cpu/cpufeatures.h"
#include "arch/x86_64/insn/smap.h"
#include "kernel/ktest.h"

KTEST(smap, stac_sets_and_clac_clears_ac)
{
	if (!cpu_has(CPU_FEATURE_SMAP))
		KTEST_SKIP("CPU has no SMAP");
	uint64_t flags = irq_save();
	stac();
	uint64_t open = read_rflags();
	clac();
	uint64_t closed = read_rflags();
	irq_restore(flags);
	KEXPECT_EQ(open & X86_RFLAGS_AC, X86_RFLAGS_AC);
	KEXPECT_EQ(closed & X86_RFLAGS_AC, 0);
}
