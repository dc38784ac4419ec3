/* The per-CPU block and the kernel stack it names (percpu.h). */
#include "arch/x86_64/cpu/percpu.h"
#include "arch/x86_64/cpu/gdt.h"
#include "arch/x86_64/insn/msr.h"

struct percpu percpu;

void percpu_init(void)
{
	percpu.self = &percpu;
	/* Kernel runs with GS = the block; swapgs on the way to ring 3
	 * swaps in MSR_KERNEL_GS_BASE, the program's GS base: 0. */
	wrmsr(MSR_GS_BASE, (uint64_t)&percpu);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}

void percpu_set_kernel_stack(uint64_t top)
{
	percpu.kernel_rsp = top;	/* SYSCALL */
	tss_set_rsp0(top);		/* interrupts and exceptions from ring 3 */
}
