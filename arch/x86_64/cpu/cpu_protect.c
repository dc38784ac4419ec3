/* SMEP, SMAP and UMIP, and CR0.AM (cpu_protect.h). */
#include "arch/x86_64/cpu/cpu_protect.h"
#include "arch/x86_64/cpu/cpufeatures.h"
#include "arch/x86_64/insn/cr.h"
#include "kernel/printf.h"

bool cpu_protect_smap_on;

void cpu_protect_init(void)
{
	static const struct {
		enum cpu_feature feature;
		uint64_t cr4_bit;
		const char *name;
	} guards[] = {
		{ CPU_FEATURE_SMEP, X86_CR4_SMEP, "SMEP" },
		{ CPU_FEATURE_SMAP, X86_CR4_SMAP, "SMAP" },
		{ CPU_FEATURE_UMIP, X86_CR4_UMIP, "UMIP" },
	};
	uint64_t cr4 = read_cr4();

	for (unsigned i = 0; i < sizeof(guards) / sizeof(guards[0]); i++) {
		bool present = cpu_has(guards[i].feature);
		if (present)
			cr4 |= guards[i].cr4_bit;
		kprintf("cpu: %s %s\n", guards[i].name, present ? "on" : "absent");
	}
	/* With SMAP on, RFLAGS.AC must be clear in the kernel; it is (the
	 * boot code never sets it, and SFMASK clears it on every SYSCALL). */
	write_cr4(cr4);
	cpu_protect_smap_on = (cr4 & X86_CR4_SMAP) != 0;

	/* CR0.AM: a program that sets RFLAGS.AC gets #AC (SIGBUS BUS_ADRALN)
	 * for a misaligned access, as on Linux, whose CR0_STATE has AM
	 * (arch/x86/include/uapi/asm/processor-flags.h, loaded by head_64.S).
	 * The check applies at CPL 3 only (SDM Vol. 3A §6.15 "Interrupt 17 --
	 * Alignment Check Exception"), so the kernel's own AC -- stac/clac
	 * around user copies with SMAP -- never raises it. */
	write_cr0(read_cr0() | X86_CR0_AM);
}
