/* Segment registers, swapgs and the FS/GS base instructions. */
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/mm/layout.h"
#include "arch/x86_64/insn/msr.h"
#include "arch/x86_64/insn/seg.h"
#include "kernel/ktest.h"

/* The kernel runs in ring 0 on the boot GDT's selectors (layout.h says
 * the kernel's own GDT keeps them). */
KTEST(seg, kernel_runs_on_boot_selectors)
{
	KEXPECT_EQ(read_cs(), ANVIL_BOOT_CODE64_SEL);
	KEXPECT_EQ(read_ss(), ANVIL_BOOT_DATA_SEL);
	KEXPECT_EQ(read_cs() & 3, 0);	/* CPL 0 */
}

KTEST(seg, load_es_then_read_back)
{
	uint16_t saved = read_es();
	load_es(0);
	KEXPECT_EQ(read_es(), 0);
	load_es(ANVIL_BOOT_DATA_SEL);
	KEXPECT_EQ(read_es(), ANVIL_BOOT_DATA_SEL);
	load_es(saved);
}

/* swapgs exchanges GS_BASE and KERNEL_GS_BASE; twice puts them back. */
KTEST(seg, swapgs_exchanges_gs_bases)
{
	const uint64_t probe = 0xffff800012345000;
	uint64_t flags = irq_save();	/* an interrupt must not see our GS */
	uint64_t gs = rdmsr(MSR_GS_BASE), kgs = rdmsr(MSR_KERNEL_GS_BASE);
	wrmsr(MSR_KERNEL_GS_BASE, probe);
	swapgs();
	uint64_t gs_after = rdmsr(MSR_GS_BASE), kgs_after = rdmsr(MSR_KERNEL_GS_BASE);
	swapgs();
	uint64_t gs_back = rdmsr(MSR_GS_BASE);
	wrmsr(MSR_KERNEL_GS_BASE, kgs);
	irq_restore(flags);

	KEXPECT_EQ(gs_after, probe);
	KEXPECT_EQ(kgs_after, gs);
	KEXPECT_EQ(gs_back, gs);
}

/* rd/wrfsbase agree with the FS_BASE MSR; usable only with CR4.FSGSBASE,
 * which the test sets for its duration only. */
KTEST(seg, fsgsbase_matches_fs_base_msr)
{
	if (!cpu_has(CPU_FEATURE_FSGSBASE))
		KTEST_SKIP("CPU has no FSGSBASE");
	const uint64_t probe = 0x00007f0012340000;
	uint64_t flags = irq_save();
	uint64_t cr4 = read_cr4();
	write_cr4(cr4 & ~X86_CR4_FSGSBASE);
	bool usable_off = fsgsbase_usable();
	write_cr4(cr4 | X86_CR4_FSGSBASE);
	bool usable_on = fsgsbase_usable();
	uint64_t saved = rdfsbase();
	uint64_t saved_msr = rdmsr(MSR_FS_BASE);
	wrfsbase(probe);
	uint64_t msr = rdmsr(MSR_FS_BASE), read = rdfsbase();
	wrfsbase(saved);
	uint64_t gs = rdgsbase(), gs_msr = rdmsr(MSR_GS_BASE);
	write_cr4(cr4);
	irq_restore(flags);

	KEXPECT_TRUE(!usable_off);
	KEXPECT_TRUE(usable_on);
	KEXPECT_EQ(saved, saved_msr);
	KEXPECT_EQ(msr, probe);
	KEXPECT_EQ(read, probe);
	KEXPECT_EQ(gs, gs_msr);
}
