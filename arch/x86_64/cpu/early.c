/*
 * The first thing C does: drop the boot identity map.
 *
 * boot/entry.asm mapped the first 4 GiB three times: at 0 (so the
 * instruction after "paging on" could still be fetched), in the direct map
 * and at the kernel's higher-half address.  Nothing uses the identity map
 * once we run here, and keeping it would let a NULL pointer or any low
 * address reach physical memory.  Clearing PML4[0] and reloading CR3 (which
 * flushes the non-global TLB entries) removes it.
 */
#include "arch/x86_64/cpu/early.h"
#include "arch/x86_64/insn/cr.h"
#include "kernel/addr.h"

void arch_drop_identity_map(void)
{
	uint64_t cr3 = read_cr3();
	uint64_t *pml4 = phys_to_virt(cr3 & X86_CR3_ADDR_MASK);
	pml4[0] = 0;
	write_cr3(cr3);
}
