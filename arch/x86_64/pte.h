/*
 * Page-table entry bits, the few that the trap code needs to look at page
 * tables (the backtrace's "is this mapped?" check, the stack-overflow
 * crash boot's guard page).  Intel SDM Vol. 3A §4.5, Tables 4-14 to 4-20.
 * The memory manager's paging API is the place for everything more.
 */
#ifndef ANVIL_ARCH_PTE_H
#define ANVIL_ARCH_PTE_H

#include <stdint.h>

#define X86_PTE_PRESENT_BIT	0	/* the entry maps something */
#define X86_PTE_PRESENT		(1UL << X86_PTE_PRESENT_BIT)
#define X86_PTE_WRITABLE_BIT	1	/* writes allowed */
#define X86_PTE_WRITABLE	(1UL << X86_PTE_WRITABLE_BIT)
#define X86_PTE_HUGE_BIT	7	/* in a PDPT/PD entry: a 1 GiB / 2 MiB page */
#define X86_PTE_HUGE		(1UL << X86_PTE_HUGE_BIT)
#define X86_PTE_NX_BIT		63	/* no instruction fetch (needs EFER.NXE) */
#define X86_PTE_NX		(1UL << X86_PTE_NX_BIT)
#define X86_PTE_ADDR_MASK	0x000ffffffffff000UL	/* next table / page frame */

/* Index of va in the table at paging level 4 (PML4) .. 1 (page table). */
static inline unsigned pt_index(uint64_t va, int level)
{
	return (va >> (12 + 9 * (level - 1))) & 511;
}

#endif
