/* Control registers and EFER, checked against what the boot code set up. */
#include "arch/x86_64/insn/cr.h"
#include "arch/x86_64/insn/msr.h"
#include "kernel/addr.h"
#include "kernel/ktest.h"

#define PTE_PRESENT	(1UL << 0)
#define PTE_HUGE	(1UL << 7)	/* in a PDPT or PD entry: 1 GiB / 2 MiB page */
#define PTE_ADDR_MASK	0x000ffffffffff000UL

/* Translate va by walking the 4-level tables rooted at cr3 (Intel SDM
 * Vol. 3A §4.5, Figure 4-8), reading each table through the direct map.
 * Returns the physical address, or -1 when va is not mapped. */
static uint64_t walk(uint64_t cr3, uint64_t va)
{
	uint64_t table = cr3 & X86_CR3_ADDR_MASK;
	for (int shift = 39; shift >= 12; shift -= 9) {
		uint64_t entry = ((uint64_t *)phys_to_virt(table))[(va >> shift) & 511];
		if (!(entry & PTE_PRESENT))
			return (uint64_t)-1;
		if (shift == 12 || (shift <= 30 && (entry & PTE_HUGE))) {
			uint64_t page_mask = (1UL << shift) - 1;
			return ((entry & PTE_ADDR_MASK) & ~page_mask) | (va & page_mask);
		}
		table = entry & PTE_ADDR_MASK;
	}
	return (uint64_t)-1;
}

KTEST(cr, cr0_protection_and_paging_on)
{
	uint64_t cr0 = read_cr0();
	KEXPECT_EQ(cr0 & X86_CR0_PE, X86_CR0_PE);
	KEXPECT_EQ(cr0 & X86_CR0_PG, X86_CR0_PG);
	KEXPECT_EQ(cr0 & X86_CR0_WP, X86_CR0_WP);	/* set by boot/entry.asm */
}

KTEST(cr, cr4_pae_on)
{
	KEXPECT_EQ(read_cr4() & X86_CR4_PAE, X86_CR4_PAE);	/* long mode needs it */
}

KTEST(msr, efer_long_mode_enabled_and_active)
{
	uint64_t efer = rdmsr(MSR_EFER);
	KEXPECT_EQ(efer & EFER_LME, EFER_LME);
	KEXPECT_EQ(efer & EFER_LMA, EFER_LMA);
}

static const uint64_t cr3_probe = 0x616e76696c435233;	/* "anvilCR3" */

/* If CR3 holds the physical address of the live PML4, walking from it
 * must translate kernel addresses to where the kernel really is: the
 * walk's answer for a kernel variable equals virt_to_phys() of it, and
 * the direct-map alias of that physical address holds the same value. */
KTEST(cr, cr3_is_the_active_pml4)
{
	uint64_t cr3 = read_cr3();
	uint64_t phys = walk(cr3, (uint64_t)&cr3_probe);
	KASSERT_NE(phys, (uint64_t)-1);
	KEXPECT_EQ(phys, virt_to_phys(&cr3_probe));
	KEXPECT_EQ(*(const uint64_t *)phys_to_virt(phys), cr3_probe);
	/* Code too: kmain's own page. */
	extern char kmain[];
	KEXPECT_EQ(walk(cr3, (uint64_t)kmain), virt_to_phys(kmain));
	/* The identity map is gone (arch_drop_identity_map), so low
	 * addresses translate to nothing. */
	KEXPECT_EQ(walk(cr3, 0x100000), (uint64_t)-1);
}
