/*
 * Virtual memory: address spaces and the pages mapped in them.
 *
 * An address space is one top-level page table.  Its upper half (the
 * kernel: direct map, heap, stacks, image) is the same in every address
 * space; its lower half belongs to one process.  All functions work on
 * one 4 KiB page at a virtual address, in the address space given, and
 * keep the TLB right when that address space is the one running.
 * docs/memory.md describes the layout; the x86 walk is in
 * arch/x86_64/mm/paging.c.
 */
#ifndef ANVIL_KERNEL_MM_VM_H
#define ANVIL_KERNEL_MM_VM_H

#include <stdbool.h>
#include <stdint.h>
#include "arch/x86_64/mm/page.h"	/* USER_END: the lower half, a process's own */

/* What a mapping allows.  Without VM_WRITE a page is read-only (for the
 * kernel too: CR0.WP is on); without VM_USER only the kernel can touch
 * it; VM_NX forbids instruction fetches; VM_GLOBAL (kernel half only)
 * keeps the translation in the TLB across address-space switches. */
#define VM_WRITE	(1u << 0)
#define VM_USER		(1u << 1)
#define VM_NX		(1u << 2)
#define VM_GLOBAL	(1u << 3)
/* Reported by vm_translate, never asked for: a user page that is read-only
 * because fork shares its frame, and becomes writable again at the first
 * write (vm_cow_fault: a copy, or the frame itself for its last owner). */
#define VM_COW		(1u << 4)
/* A page of a MAP_SHARED area (kernel/mm/vma.h): fork shares it as it
 * is, writable or not, instead of making it COW, and vm_protect never
 * makes it COW: every process that maps it writes to the same frame. */
#define VM_SHARED	(1u << 5)

/*
 * Where an address space's user pages may lie: a program's mappings come
 * in two clusters, its image and heap low in the user half, its stack at
 * the top.  vm_map widens [0, low_end) and [high_start, high_end) to
 * cover every page it maps (they never shrink), so fork and exit walk
 * only those two stretches of the page tables instead of all 256 PML4
 * entries and every table under them.  The high one ends at its highest
 * page, not at USER_END: a randomised stack top (kernel/mm/layout.c) is
 * up to 16 GiB below it, and walking the rest of the stack's page table,
 * page directory and PDPT from there to USER_END cost a fork + exec +
 * wait some 2,000 instructions (Linux walks each VMA's own range).
 */
#define VM_HIGH_HALF	(USER_END / 2)	/* below: the low cluster */

struct addr_space {
	uint64_t root;		/* physical address of the top-level table */
	uint64_t low_end;	/* user pages below VM_HIGH_HALF lie below this */
	uint64_t high_start;	/* user pages above it lie at or above this */
	uint64_t high_end;	/* ... and below this (0: none mapped yet) */
};

/* The kernel's own address space (no user half). */
extern struct addr_space kernel_as;

/* Build the kernel's page tables (direct map, kernel image by section)
 * and switch to them; the boot page tables are no longer used after. */
void vm_init(void);

/* Map the page at va to the frame at pa.  0, or -EINVAL (misaligned,
 * non-canonical, flags that do not fit the half, VM_COW), -EEXIST
 * (something is mapped there), -ENOMEM (no frame for a page table). */
int vm_map(struct addr_space *as, uint64_t va, uint64_t pa, unsigned flags);
/* Remove the mapping of va; the frame it mapped goes to *pa (if pa is
 * not NULL) and stays the caller's.  Page tables left empty are freed.
 * 0, or -ENOENT (nothing mapped), -EINVAL. */
int vm_unmap(struct addr_space *as, uint64_t va, uint64_t *pa);
/* Change the flags of the mapping at va.  0, -ENOENT, -EINVAL.  A user
 * page asked to be writable whose frame has other owners (pmm_refcount >
 * 1) becomes VM_COW instead: writable at its first write, with a copy. */
int vm_protect(struct addr_space *as, uint64_t va, unsigned flags);
/* Move the user page at from to to (nothing mapped there), entry and all:
 * the frame keeps its one reference, and a COW or shared page stays so
 * (mremap).  0, -ENOENT (nothing at from), -EEXIST, -ENOMEM (no page
 * table for to), -EINVAL. */
int vm_move(struct addr_space *as, uint64_t from, uint64_t to);
/* Where va leads: the physical address (with va's offset in its page) and
 * the mapping's flags (either pointer may be NULL).  False when nothing is
 * mapped there. */
bool vm_translate(struct addr_space *as, uint64_t va, uint64_t *pa, unsigned *flags);

/* A new address space: an empty user half and the shared kernel half.
 * NULL when out of memory. */
struct addr_space *as_create(void);
/* Free an address space that is not running: its user-half page tables,
 * every frame mapped in its user half (one reference each: pmm_free, so a
 * frame shared with another address space stays that one's), and the
 * top-level table. */
void as_destroy(struct addr_space *as);
/* fork's address space: a new one whose user half maps the same frames as
 * from's, copy-on-write (kernel/mm/vm_cow.c): every page is shared, and
 * the writable ones become read-only + VM_COW in both.  Page tables are
 * the child's own.  NULL when out of memory (from stays usable; some of
 * its pages may be VM_COW, which costs at most a fault each). */
struct addr_space *as_fork(struct addr_space *from);
/* A write fault at va (any address in the page) on a present page of as:
 * 0 if it was a COW page and is now writable (a private copy, or the same
 * frame when no one else has it): the write can be retried; -EFAULT if it
 * is not a COW page (a real protection fault); -ENOMEM (no frame for the
 * copy; nothing changed). */
int vm_cow_fault(struct addr_space *as, uint64_t va);
/* Run on this address space from now on. */
void as_switch(struct addr_space *as);
/* The address space running now. */
struct addr_space *as_current(void);

/* A zeroed frame for a page table (0 when out of memory), and giving one
 * back; the arch walk uses these so the count below stays right. */
uint64_t vm_table_alloc(void);
void vm_table_free(uint64_t phys);
/* Page-table pages in use, in every address space. */
uint64_t vm_table_pages(void);

#endif
