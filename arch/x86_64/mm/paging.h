/*
 * x86-64 4-level paging (Intel SDM Vol. 3A §4.5 "4-Level Paging"; AMD
 * APM Vol. 2 §5.3 "Long-Mode Page Translation").
 *
 * A virtual address is split into four 9-bit table indexes and a 12-bit
 * offset: PML4 [47:39], PDPT [38:30], PD [29:21], PT [20:12].  Each table
 * is one 4 KiB page of 512 8-byte entries; CR3 holds the PML4's physical
 * address.  A PDPT entry with PS set maps a 1 GiB page, a PD entry with PS
 * a 2 MiB page.
 */
#ifndef ANVIL_ARCH_PAGING_H
#define ANVIL_ARCH_PAGING_H

#include <stdbool.h>
#include <stdint.h>

/* Page-table entry bits (SDM Vol. 3A §4.5, Tables 4-14 to 4-20). */
#define X86_PTE_P_BIT		0	/* present */
#define X86_PTE_P		(1UL << X86_PTE_P_BIT)
#define X86_PTE_RW_BIT		1	/* writable (ring 0 too, with CR0.WP) */
#define X86_PTE_RW		(1UL << X86_PTE_RW_BIT)
#define X86_PTE_US_BIT		2	/* user: ring 3 may access */
#define X86_PTE_US		(1UL << X86_PTE_US_BIT)
#define X86_PTE_PWT_BIT		3	/* page-level write-through */
#define X86_PTE_PWT		(1UL << X86_PTE_PWT_BIT)
#define X86_PTE_PCD_BIT		4	/* page-level cache disable */
#define X86_PTE_PCD		(1UL << X86_PTE_PCD_BIT)
#define X86_PTE_A_BIT		5	/* accessed: set by the CPU */
#define X86_PTE_A		(1UL << X86_PTE_A_BIT)
#define X86_PTE_D_BIT		6	/* dirty: set by the CPU on a write */
#define X86_PTE_D		(1UL << X86_PTE_D_BIT)
#define X86_PTE_PS_BIT		7	/* in a PDPT/PD entry: a 1 GiB/2 MiB page */
#define X86_PTE_PS		(1UL << X86_PTE_PS_BIT)
#define X86_PTE_G_BIT		8	/* global: kept in the TLB across CR3 writes */
#define X86_PTE_G		(1UL << X86_PTE_G_BIT)
/* Copy-on-write, anvil's own bit: the page is read-only because its frame
 * may be shared since a fork, and a write copies it first (paging_cow.c).
 * Bits 9-10 and 52-58 of an entry that maps a 4 KiB page are "Ignored":
 * the CPU leaves them to software (SDM Vol. 3A §4.5, Table 4-20; the same
 * bits of the entry above, a PD entry that references a page table, in
 * Table 4-19).  Bit 11 is ignored too except under HLAT paging, where it
 * is the restart bit, so bit 9 it is -- Linux's _PAGE_BIT_SOFTW1. */
#define X86_PTE_COW_BIT		9
#define X86_PTE_COW		(1UL << X86_PTE_COW_BIT)
/* A page of a MAP_SHARED mapping (VM_SHARED): fork shares the frame with
 * the same rights instead of making it COW (paging_cow.c).  Bit 10, the
 * other "Ignored" bit of the entry (Linux's _PAGE_BIT_SOFTW2). */
#define X86_PTE_SHARED_BIT	10
#define X86_PTE_SHARED		(1UL << X86_PTE_SHARED_BIT)
#define X86_PTE_NX_BIT		63	/* no execute (needs EFER.NXE) */
#define X86_PTE_NX		(1UL << X86_PTE_NX_BIT)
/* The physical address in an entry: bits 12..51. */
#define X86_PTE_ADDR_MASK	0x000ffffffffff000UL

/* Is va canonical: bits 63..47 all equal to bit 47 (SDM Vol. 1 §3.3.7.1)?
 * Anything else raises #GP when used as an address, or loaded into RIP. */
static inline bool x86_canonical(uint64_t va)
{
	int64_t top = (int64_t)va >> 47;
	return top == 0 || top == -1;
}

#define X86_PT_ENTRIES		512
#define X86_PAGE_2M		(1UL << 21)
#define X86_PAGE_1G		(1UL << 30)

/* The page-fault error code the CPU pushes (Intel SDM Vol. 3A §4.7,
 * Figure 4-12). */
#define X86_PF_ERR_PRESENT_BIT	0	/* 0: page not present; 1: protection violation */
#define X86_PF_ERR_PRESENT	(1UL << X86_PF_ERR_PRESENT_BIT)
#define X86_PF_ERR_WRITE_BIT	1	/* the access was a write */
#define X86_PF_ERR_WRITE	(1UL << X86_PF_ERR_WRITE_BIT)
#define X86_PF_ERR_USER_BIT	2	/* the access was made in ring 3 */
#define X86_PF_ERR_USER		(1UL << X86_PF_ERR_USER_BIT)
#define X86_PF_ERR_RSVD_BIT	3	/* a reserved bit was set in a paging entry */
#define X86_PF_ERR_RSVD		(1UL << X86_PF_ERR_RSVD_BIT)
#define X86_PF_ERR_FETCH_BIT	4	/* instruction fetch (reported with NXE or SMEP on) */
#define X86_PF_ERR_FETCH	(1UL << X86_PF_ERR_FETCH_BIT)
#define X86_PF_ERR_PK_BIT	5	/* protection-key violation */
#define X86_PF_ERR_PK		(1UL << X86_PF_ERR_PK_BIT)
#define X86_PF_ERR_SS_BIT	6	/* shadow-stack access */
#define X86_PF_ERR_SS		(1UL << X86_PF_ERR_SS_BIT)

/* Turn on EFER.NXE (when the CPU has NX) and CR0.WP; call before any
 * table with NX bits is in use, after cpu_features_init().  Returns
 * whether NX is available. */
bool paging_cpu_init(void);
/* Turn on CR4.PGE, once the kernel's own tables (with global pages) run. */
void paging_enable_global(void);

/* The x86 side of kernel/mm/vm.h: the same operations on the tables under
 * the PML4 at root, which the generic code has already checked. */
int paging_map(uint64_t root, uint64_t va, uint64_t pa, unsigned flags);
int paging_unmap(uint64_t root, uint64_t va, uint64_t *pa);
int paging_protect(uint64_t root, uint64_t va, unsigned flags);
bool paging_translate(uint64_t root, uint64_t va, uint64_t *pa, unsigned *flags);

/* The entry of the 4 KiB page at va under root in *pte, making the
 * missing tables when create.  0, -ENOENT (a table is missing), -ENOMEM,
 * -EEXIST (a large page covers va).  The entry may be empty. */
int paging_pte(uint64_t root, uint64_t va, bool create, uint64_t **pte);
/* After a change to the entry of va under root: invlpg if the CPU may
 * hold the old translation (root running, or va in the shared kernel half). */
void paging_flush_page(uint64_t root, uint64_t va);
/* Drop every non-global translation of the running address space: a
 * write of CR3 with its own value (SDM Vol. 3A §4.10.4.1). */
void paging_flush_user(void);

/* Copy-on-write (paging_cow.c; kernel/mm/vm_cow.c has the design).
 * paging_fork_user_range: make dst_root's (empty) user half map the frames
 * src_root maps in [lo, hi), each shared (pmm_ref) and writable ones
 * read-only + COW in both, with tables of its own.  0 or -ENOMEM (dst is
 * then partly filled: as_destroy it).  paging_fork_done: after the last
 * range, flush src's TLB if it is running.
 * paging_cow_break: a write to the present page at va: 0 (it is writable
 * now: its own frame, or a copy), -EFAULT (not a COW page), -ENOMEM. */
int paging_fork_user_range(uint64_t dst_root, uint64_t src_root, uint64_t lo, uint64_t hi);
void paging_fork_done(uint64_t src_root);
int paging_cow_break(uint64_t root, uint64_t va);

/* Give PML4 entries 256..511 a (zeroed) PDPT each, so that every address
 * space can share the kernel half by copying those entries. */
int paging_fill_kernel_half(uint64_t root);
void paging_copy_kernel_half(uint64_t dst_root, uint64_t src_root);
/* Map physical [start, end) at ANVIL_DIRECT_MAP + phys with the largest
 * pages the CPU has (rounded outward to them), writable, NX and global.
 * Returns the page size used, 0 when out of memory for tables. */
uint64_t paging_map_direct(uint64_t root, uint64_t start, uint64_t end);
/* Free every frame mapped in [lo, hi) of the user half, and every table
 * the walk there passes through.  The tables are freed whole: the caller
 * promises nothing is mapped in them outside the range (vm.h's clusters). */
void paging_free_user_range(uint64_t root, uint64_t lo, uint64_t hi);

/* The entries of a table whose area starts at base, with entries of
 * 1 << shift bytes, that meet [lo, hi): *first..*last (lo < hi). */
static inline void paging_span(uint64_t base, int shift, uint64_t lo, uint64_t hi,
			       int *first, int *last)
{
	uint64_t end = base + ((uint64_t)X86_PT_ENTRIES << shift);	/* may wrap to 0 */
	*first = lo > base ? (int)((lo - base) >> shift) : 0;
	*last = end && hi < end ? (int)((hi - 1 - base) >> shift) : X86_PT_ENTRIES - 1;
}

/* Load CR3; the PML4 at root must map the code that runs next. */
void paging_switch(uint64_t root);
uint64_t paging_current_root(void);

/*
 * The first index from i below end whose entry in table t is present, or
 * end: how the walks of fork and exit find the few entries in use.  A stretch of eight empty entries -- one cache line --
 * is passed over with one test, so an almost empty table costs a fifth
 * of the entry-by-entry loop.  (Entries that are not present are 0 here:
 * anvil never keeps anything in them.)
 */
static inline int paging_next_present(const uint64_t *t, int i, int end)
{
	while (i < end) {
		if ((i & 7) == 0 && i + 8 <= end &&
		    !(t[i] | t[i + 1] | t[i + 2] | t[i + 3] | t[i + 4] | t[i + 5] | t[i + 6] | t[i + 7])) {
			i += 8;
			continue;
		}
		if (t[i] & X86_PTE_P)
			return i;
		i++;
	}
	return end;
}

#endif
