/*
 * Copy-on-write on x86-64 page tables: the fork copy of a user half, and
 * the write fault that gives a shared page back its own frame.  The
 * design, and a fault walked through, are in kernel/mm/vm_cow.c; this
 * file is the entry-level work.
 *
 * A COW entry is present, user, without RW, with X86_PTE_COW (bit 9,
 * ignored by the CPU; paging.h).  The CPU treats it as any read-only page:
 * reads and fetches go through, a write raises #PF with P=1 and W=1 --
 * from ring 3, and from ring 0 too since CR0.WP is on (SDM Vol. 3A
 * §4.6.1), which is what makes copy_to_user into a COW page fault.
 */
#include "arch/x86_64/insn/copy_page.h"
#include "arch/x86_64/mm/paging.h"
#include "kernel/addr.h"
#include "kernel/errno.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"

#define PML4_KERNEL	256	/* the first kernel-half PML4 entry */

/* The entry bits of a private copy of a page the entry `pte` maps: a COW
 * page becomes writable again, any other keeps its rights. */
static uint64_t private_bits(uint64_t pte)
{
	uint64_t bits = pte & ~X86_PTE_ADDR_MASK;
	if (bits & X86_PTE_COW)
		bits = (bits & ~X86_PTE_COW) | X86_PTE_RW;
	return bits;
}

/* A fresh frame holding a copy of the one at frame; 0 when out of memory. */
static uint64_t copy_frame(uint64_t frame)
{
	uint64_t copy = pmm_alloc();
	if (copy)
		copy_page(phys_to_virt(copy), phys_to_virt(frame));
	return copy;
}

/*
 * Give the child the page at va that *src maps in the parent.  Shared:
 * one more reference to the frame, and a writable (or already COW) page
 * becomes read-only + COW on both sides.  A frame that has PMM_REF_MAX
 * owners already cannot take another: the child gets a copy of its own.
 */
static int fork_page(uint64_t dst_root, uint64_t va, uint64_t *src)
{
	uint64_t *dst, pte = *src, frame = pte & X86_PTE_ADDR_MASK;
	int err = paging_pte(dst_root, va, true, &dst);
	if (err)
		return err;
	if (pte & X86_PTE_SHARED) {
		/* MAP_SHARED: the same frame, the same rights, no copy ever. */
		if (pmm_refcount(frame) == PMM_REF_MAX)
			return -ENOMEM;
		pmm_ref(frame);
		*dst = pte;
		return 0;
	}
	if (pmm_refcount(frame) == PMM_REF_MAX) {
		uint64_t copy = copy_frame(frame);
		if (!copy)
			return -ENOMEM;
		*dst = copy | private_bits(pte);
		return 0;
	}
	if (pte & (X86_PTE_RW | X86_PTE_COW)) {
		pte = (pte & ~X86_PTE_RW) | X86_PTE_COW;
		*src = pte;	/* the TLB is flushed once, at the end */
	}
	pmm_ref(frame);
	*dst = pte;
	return 0;
}

/* Every present 4 KiB page in [lo, hi) under one page table (the user
 * half has no large pages: paging_map makes none there). */
static int fork_table(uint64_t dst_root, uint64_t va, uint64_t *pt, uint64_t lo, uint64_t hi)
{
	int first, last;
	paging_span(va, 12, lo, hi, &first, &last);
	for (int l = paging_next_present(pt, first, last + 1); l <= last;
	     l = paging_next_present(pt, l + 1, last + 1)) {
		int err = fork_page(dst_root, va + ((uint64_t)l << 12), &pt[l]);
		if (err)
			return err;
	}
	return 0;
}

/* The entries of the table at va (entries of 1 << shift bytes) that are
 * present and meet [lo, hi), each given to fn with its area's start. */
static int fork_level(uint64_t dst_root, uint64_t *t, uint64_t va, int shift, uint64_t lo,
		      uint64_t hi)
{
	int first, last;
	paging_span(va, shift, lo, hi, &first, &last);
	for (int i = paging_next_present(t, first, last + 1); i <= last;
	     i = paging_next_present(t, i + 1, last + 1)) {
		uint64_t sub = va | (uint64_t)i << shift;
		uint64_t *next = phys_to_virt(t[i] & X86_PTE_ADDR_MASK);
		int err = shift == 21 ? fork_table(dst_root, sub, next, lo, hi) :
					fork_level(dst_root, next, sub, shift - 9, lo, hi);
		if (err)
			return err;
	}
	return 0;
}

int paging_fork_user_range(uint64_t dst_root, uint64_t src_root, uint64_t lo, uint64_t hi)
{
	if (lo >= hi)
		return 0;
	return fork_level(dst_root, phys_to_virt(src_root), 0, 39, lo, hi);
}

/*
 * The parent's writable entries have just lost RW, but its TLB may still
 * hold them writable: until it is flushed, a write would land in the
 * shared frame and the child would see it.  One CR3 reload after the walk
 * rather than invlpg per page: it is one instruction whatever the size of
 * the address space, fork touches every page's entry anyway, and Linux
 * does the same (dup_mmap() ends with flush_tlb_mm(oldmm)).  The cost is
 * refilling the TLB afterwards, as on any switch of address space.  Done
 * after a failed walk too: some entries changed before it stopped.
 */
void paging_fork_done(uint64_t src_root)
{
	if (src_root == paging_current_root())
		paging_flush_user();
}

int paging_cow_break(uint64_t root, uint64_t va)
{
	uint64_t *e;
	if (paging_pte(root, va, false, &e) || !(*e & X86_PTE_P) || !(*e & X86_PTE_COW))
		return -EFAULT;
	uint64_t pte = *e, frame = pte & X86_PTE_ADDR_MASK;
	if (pmm_refcount(frame) == 1) {
		/* The last owner: the frame is ours alone, no copy needed. */
		*e = frame | private_bits(pte);
		paging_flush_page(root, va);
		return 0;
	}
	uint64_t copy = copy_frame(frame);
	if (!copy)
		return -ENOMEM;
	*e = copy | private_bits(pte);
	paging_flush_page(root, va);
	pmm_free(frame);	/* one owner fewer; the others keep it */
	return 0;
}
