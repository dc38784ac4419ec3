/* The program's segment bases (arch/x86_64/entry/user.h). */
#include "arch/x86_64/entry/user.h"
#include "arch/x86_64/insn/msr.h"

/* CR4.FSGSBASE stays off, so wrfsbase is not available to programs or
 * to the kernel: the bases go through their MSRs.  (With it on, a program
 * could change its own GS base, and the kernel could no longer trust
 * that GS in ring 0 is its own without the check Linux's paranoid entry
 * does; docs/syscalls.md.) */
void user_set_fs_base(uint64_t base)
{
	wrmsr(MSR_FS_BASE, base);
}

void user_set_gs_base(uint64_t base)
{
	wrmsr(MSR_KERNEL_GS_BASE, base);
}
