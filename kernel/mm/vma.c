/*
 * The area list of a process (kernel/mm/vma.h): finding, adding,
 * splitting and merging areas, and the page-table work munmap and
 * mprotect do on the pages of a range.  The list is sorted by address and
 * walked from the front: a program has a handful of areas, and anvil has
 * one CPU (the list is changed only by its own process's system calls).
 */
#include "kernel/mm/vma.h"
#include "arch/x86_64/mm/paging.h"
#include "arch/x86_64/insn/cpu.h"
#include "kernel/errno.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"
#include "kernel/process.h"

#define PT_SPAN		(1UL << 21)	/* what one page table maps */

struct vm_area *vma_find(struct user_mm *mm, uint64_t addr)
{
	for (struct vm_area *a = mm->areas; a && a->start <= addr; a = a->next)
		if (addr < a->end)
			return a;
	return NULL;
}

/* The lowest area that meets [start, end), or NULL. */
static struct vm_area *first_overlap(struct user_mm *mm, uint64_t start, uint64_t end)
{
	for (struct vm_area *a = mm->areas; a && a->start < end; a = a->next)
		if (a->end > start)
			return a;
	return NULL;
}

bool vma_overlaps(struct user_mm *mm, uint64_t start, uint64_t end)
{
	return first_overlap(mm, start, end) != NULL;
}

unsigned vma_page_flags(const struct vm_area *a)
{
	unsigned f = a->prot & PROT_EXEC ? 0 : VM_NX;
	/* PROT_NONE: present, but the kernel's (no U/S bit): every access
	 * from ring 3 faults, and the frame stays where it is. */
	if (a->prot)
		f |= VM_USER;
	if (a->prot & PROT_WRITE)
		f |= VM_WRITE;
	if ((a->flags & MAP_TYPE) == MAP_SHARED)
		f |= VM_SHARED;
	return f;
}

static uint64_t area_pages(const struct vm_area *a)
{
	return (a->end - a->start) / PAGE_SIZE;
}

static void area_free(struct vm_area *a)
{
	if (a->file)
		file_put(a->file);
	kfree(a);
}

/* Can b, right above a, become part of a? */
static bool mergeable(const struct vm_area *a, const struct vm_area *b)
{
	return a->end == b->start && a->prot == b->prot && a->flags == b->flags &&
	       a->file == b->file && (!a->file || a->pgoff + area_pages(a) == b->pgoff);
}

/* Merge every pair of neighbours that can be one area. */
static void merge_all(struct user_mm *mm)
{
	struct vm_area *a = mm->areas;
	while (a && a->next) {
		struct vm_area *b = a->next;
		if (mergeable(a, b)) {
			a->end = b->end;
			a->next = b->next;
			area_free(b);
		} else {
			a = b;
		}
	}
}

int vma_add(struct user_mm *mm, uint64_t start, uint64_t end, unsigned prot,
	    unsigned flags, struct file *file, uint64_t pgoff)
{
	struct vm_area *a = kzalloc(sizeof(*a));
	if (!a) {
		if (file)
			file_put(file);
		return -ENOMEM;
	}
	*a = (struct vm_area){ start, end, prot, flags, file, pgoff, NULL };
	struct vm_area **link = &mm->areas;
	while (*link && (*link)->start < start)
		link = &(*link)->next;
	a->next = *link;
	*link = a;
	merge_all(mm);
	return 0;
}

/* Call fn on every page present in [lo, hi) of as.  Pages lie only in
 * the two clusters vm.h keeps, and a missing page table is 2 MiB passed
 * over at once, so a large, mostly empty range costs little. */
bool vma_for_each_present(struct addr_space *as, uint64_t lo, uint64_t hi,
			  bool (*fn)(struct addr_space *as, uint64_t va, void *arg),
			  void *arg)
{
	uint64_t va = lo;
	while (va < hi) {
		if (va >= as->low_end && va < as->high_start) {
			va = as->high_start;	/* the gap between the clusters */
			continue;
		}
		if (va >= as->low_end && va >= as->high_end)
			break;			/* above both clusters */
		uint64_t *pte;
		int err = paging_pte(as->root, va, false, &pte);
		if (err == -ENOENT) {
			va = (va | (PT_SPAN - 1)) + 1;
			continue;
		}
		if (!err && (*pte & X86_PTE_P) && fn(as, va, arg))
			return true;
		va += PAGE_SIZE;
	}
	return false;
}

/* Unmap one page and drop the reference its entry held, flushing its TLB
 * entry.  Unlike vm_unmap, the page tables it leaves empty stay: a
 * program that maps and unmaps again and again (malloc's large blocks)
 * would otherwise scan, free and rebuild up to three tables each time,
 * 9,000 instructions of a 11,000-instruction mmap + touch + munmap.
 * They are reused by the next area there, and as_destroy frees them at
 * exit or exec (Linux's free_pgtables frees them at munmap instead). */
bool vma_unmap_page(struct addr_space *as, uint64_t va, void *arg)
{
	uint64_t *pte;
	(void)arg;
	uint64_t irq = irq_save();
	if (paging_pte(as->root, va, false, &pte) == 0 && (*pte & X86_PTE_P)) {
		uint64_t pa = *pte & X86_PTE_ADDR_MASK;
		*pte = 0;
		paging_flush_page(as->root, va);
		pmm_free(pa);
	}
	irq_restore(irq);
	return false;
}

static bool protect_page(struct addr_space *as, uint64_t va, void *flags)
{
	(void)vm_protect(as, va, *(unsigned *)flags);
	return false;
}

static bool found(struct addr_space *as, uint64_t va, void *arg)
{
	(void)as, (void)va, (void)arg;
	return true;
}

bool vma_range_used(struct user_mm *mm, uint64_t start, uint64_t end)
{
	return vma_overlaps(mm, start, end) || vma_for_each_present(mm->as, start, end, found, NULL);
}

/* Split a at addr (inside it) with the spare b: b becomes the upper part. */
static void split(struct vm_area *a, uint64_t addr, struct vm_area *b)
{
	*b = *a;
	b->start = addr;
	b->pgoff = a->pgoff + (addr - a->start) / PAGE_SIZE;
	if (b->file)
		file_get(b->file);
	a->end = addr;
	a->next = b;
}

int vma_unmap(struct user_mm *mm, uint64_t start, uint64_t end)
{
	struct vm_area *a = first_overlap(mm, start, end), *spare = NULL;
	if (a && a->start < start && a->end > end && !(spare = kmalloc(sizeof(*spare))))
		return -ENOMEM;
	vma_for_each_present(mm->as, start, end, vma_unmap_page, NULL);
	struct vm_area **link = &mm->areas;
	while ((a = *link) && a->start < end) {
		if (a->end <= start) {
			link = &a->next;
		} else if (a->start < start && a->end > end) {
			split(a, end, spare);	/* a hole in the middle */
			a->end = start;
			return 0;
		} else if (a->start < start) {
			a->end = start;		/* the tail goes */
			link = &a->next;
		} else if (a->end > end) {
			a->pgoff += (end - a->start) / PAGE_SIZE;	/* the head goes */
			a->start = end;
			return 0;
		} else {
			*link = a->next;	/* all of it */
			area_free(a);
		}
	}
	return 0;
}

int vma_protect(struct user_mm *mm, uint64_t start, uint64_t end, unsigned prot)
{
	struct vm_area *spare[2] = { kmalloc(sizeof(struct vm_area)),
				     kmalloc(sizeof(struct vm_area)) };
	if (!spare[0] || !spare[1]) {
		kfree(spare[0]);
		kfree(spare[1]);
		return -ENOMEM;
	}
	int used = 0;
	for (struct vm_area *a = first_overlap(mm, start, end); a && a->start < end; a = a->next) {
		if (a->start < start) {
			split(a, start, spare[used++]);
			continue;	/* the upper part is next */
		}
		if (a->end > end)
			split(a, end, spare[used++]);
		a->prot = prot;
		unsigned flags = vma_page_flags(a);
		vma_for_each_present(mm->as, a->start, a->end, protect_page, &flags);
	}
	while (used < 2)
		kfree(spare[used++]);
	merge_all(mm);
	return 0;
}

int vma_copy(struct user_mm *dst, const struct user_mm *src)
{
	struct vm_area **link = &dst->areas;
	*link = NULL;
	for (const struct vm_area *a = src->areas; a; a = a->next) {
		struct vm_area *c = kmalloc(sizeof(*c));
		if (!c) {
			vma_free_all(dst);
			return -ENOMEM;
		}
		*c = *a;
		c->next = NULL;
		if (c->file)
			file_get(c->file);
		*link = c;
		link = &c->next;
	}
	return 0;
}

void vma_free_all(struct user_mm *mm)
{
	while (mm->areas) {
		struct vm_area *a = mm->areas;
		mm->areas = a->next;
		area_free(a);
	}
}

/* Is [start, end) clear of the heap's reach and the stack's, and above
 * the page Linux keeps unmapped at 0 (mmap_min_addr)? */
static bool outside_heap_stack(struct user_mm *mm, uint64_t start, uint64_t end)
{
	uint64_t heap_end = mm->heap_start + USER_HEAP_MAX;
	uint64_t floor = process_stack_floor(process_current());
	if (start < MMAP_MIN_ADDR || end < start || end > floor - PAGE_SIZE)
		return false;
	return start >= heap_end || end <= mm->heap_start;
}

bool vma_room(struct user_mm *mm, uint64_t start, uint64_t end)
{
	return outside_heap_stack(mm, start, end) && !vma_range_used(mm, start, end);
}

/* Is [start, start + len) free for a new area that no one asked to put
 * there: outside the heap's and the stack's reach, meeting no area? */
static bool range_free(struct user_mm *mm, uint64_t start, uint64_t len)
{
	return outside_heap_stack(mm, start, start + len) && !vma_overlaps(mm, start, start + len);
}

uint64_t vma_free_range(struct user_mm *mm, uint64_t hint, uint64_t len)
{
	hint = page_round_up(hint);
	if (hint && range_free(mm, hint, len))
		return hint;
	/* Top-down from mmap_base (kernel/mm/layout.c), as Linux's
	 * arch_get_unmapped_area_topdown: the first gap below it that fits. */
	uint64_t bottom = mm->heap_start + USER_HEAP_MAX;
	uint64_t end = mm->mmap_base, floor = process_stack_floor(process_current());
	if (end > floor - PAGE_SIZE)	/* RLIMIT_STACK raised since exec */
		end = floor - PAGE_SIZE;
	for (;;) {
		if (end < bottom || end - bottom < len)
			return 0;
		struct vm_area *a = first_overlap(mm, end - len, end);
		if (!a)
			return end - len;
		end = a->start;
	}
}
