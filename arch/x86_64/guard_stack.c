/*
 * A stack with a guard page below it, for the crash=stack_overflow boot:
 * a recursion on it must run into a page that is really not present, so
 * the overflow raises #PF, the #PF cannot push its frame on that stack
 * and becomes a double fault, and the #DF handler, on its own IST stack,
 * reports it (instead of the CPU giving up with a triple fault).
 *
 * The boot page tables map everything in 2 MiB pages, too coarse for one
 * missing 4 KiB page inside the kernel image.  So the stack gets a fresh
 * mapping of its own in an otherwise unused gigabyte of the kernel half,
 * built from 4 KiB pages with the lowest one left out:
 *
 *   GUARD_STACK_VA                 not present: the guard page
 *   GUARD_STACK_VA + 4 KiB .. top  the stack pages (static memory below)
 *
 * This only adds entries; nothing already mapped changes.  Kernel thread
 * stacks with guard pages from the memory manager can replace it.
 */
#include "arch/x86_64/guard_stack.h"
#include "arch/x86_64/cr.h"
#include "arch/x86_64/msr.h"
#include "arch/x86_64/pte.h"
#include "arch/x86_64/stack.h"
#include "kernel/addr.h"
#include "kernel/panic.h"
#include "kernel/printf.h"

/* PML4[511], PDPT[511]: the last GiB.  The kernel image uses PDPT[510]. */
#define GUARD_STACK_VA		0xffffffffc0000000UL
#define GUARD_STACK_PAGES	4
#define PAGE_SIZE		4096

static uint64_t guard_pd[512] __attribute__((aligned(PAGE_SIZE)));
static uint64_t guard_pt[512] __attribute__((aligned(PAGE_SIZE)));
static uint8_t guard_stack[GUARD_STACK_PAGES][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

void run_on_guarded_stack(void (*fn)(void))
{
	uint64_t *pml4 = phys_to_virt(read_cr3() & X86_CR3_ADDR_MASK);
	uint64_t pml4e = pml4[pt_index(GUARD_STACK_VA, 4)];
	BUG_ON(!(pml4e & X86_PTE_PRESENT));	/* the kernel image lives there too */
	uint64_t *pdpt = phys_to_virt(pml4e & X86_PTE_ADDR_MASK);
	uint64_t *slot = &pdpt[pt_index(GUARD_STACK_VA, 3)];
	if (*slot & X86_PTE_PRESENT)
		panic("guard stack: the GiB at %lx is already in use", GUARD_STACK_VA);

	uint64_t nx = (rdmsr(MSR_EFER) & EFER_NXE) ? X86_PTE_NX : 0;
	guard_pt[0] = 0;	/* the guard page */
	for (int i = 1; i <= GUARD_STACK_PAGES; i++)
		guard_pt[i] = virt_to_phys(guard_stack[i - 1]) | X86_PTE_PRESENT | X86_PTE_WRITABLE | nx;
	guard_pd[0] = virt_to_phys(guard_pt) | X86_PTE_PRESENT | X86_PTE_WRITABLE;
	/* The slot was not present, so no TLB entry can exist for it (SDM
	 * Vol. 3A §4.10.2.3): no flush is needed after filling it in. */
	*slot = virt_to_phys(guard_pd) | X86_PTE_PRESENT | X86_PTE_WRITABLE;

	uint64_t top = GUARD_STACK_VA + (GUARD_STACK_PAGES + 1) * PAGE_SIZE;
	kprintf("guard stack: %d KiB at %lx-%lx, guard page at %lx\n",
		GUARD_STACK_PAGES * PAGE_SIZE / 1024, GUARD_STACK_VA + PAGE_SIZE, top,
		GUARD_STACK_VA);
	call_on_stack(top, fn);
}
