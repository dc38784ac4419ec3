/*
 * madvise, msync and mincore (x86-64 system calls 28, 26 and 27): three
 * walks over a range of a program's memory, piece by piece -- each piece
 * either part of one area or a stretch between areas -- in Linux 6.1's
 * way (mm/madvise.c madvise_walk_vmas, mm/msync.c, mm/mincore.c): a page
 * that is mapped nowhere makes the call ENOMEM, after the pieces that are
 * mapped have been dealt with.
 *
 * Between the areas lie the image, the brk heap and the stack, which are
 * not areas yet (kernel/mm/vma.h).  There a page counts as mapped when it
 * is present, or lies in the heap [heap_start, brk) or the stack
 * [stack_low, stack_top) (demand paging brings it in: process_fault_in).
 *
 * tmpfs is anvil's only file system with pages to map, and its pages are
 * the page cache: msync has nothing to write back.
 */
#include "kernel/addr.h"
#include "kernel/errno.h"
#include "kernel/fs/tmpfs.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/vma.h"
#include "kernel/process.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

/* include/uapi/asm-generic/mman-common.h */
#define MADV_NORMAL		0
#define MADV_RANDOM		1
#define MADV_SEQUENTIAL		2
#define MADV_WILLNEED		3
#define MADV_DONTNEED		4
#define MADV_FREE		8
#define MADV_DOFORK		11
#define MADV_HUGEPAGE		14
#define MADV_NOHUGEPAGE		15
#define MADV_DONTDUMP		16
#define MADV_DODUMP		17
#define MADV_KEEPONFORK		19
#define MADV_COLD		20
#define MADV_PAGEOUT		21
#define MADV_DONTNEED_LOCKED	24

/* Called on each piece [lo, hi) of the range, a its area or NULL between
 * areas: 0 or -errno, which ends the walk. */
typedef int (*piece_fn)(struct user_mm *mm, struct vm_area *a, uint64_t lo, uint64_t hi,
			uint64_t arg);

static bool count_page(struct addr_space *as, uint64_t va, void *n)
{
	(void)as, (void)va;
	++*(uint64_t *)n;
	return false;
}

static uint64_t present_pages(struct addr_space *as, uint64_t lo, uint64_t hi)
{
	uint64_t n = 0;
	if (lo < hi)
		vma_for_each_present(as, lo, hi, count_page, &n);
	return n;
}

/* The heap and the stack as two ranges: [r[0], r[1]) and [r[2], r[3]). */
static void heap_stack(const struct user_mm *mm, uint64_t r[4])
{
	r[0] = mm->heap_start;
	r[1] = page_round_up(mm->brk);
	r[2] = mm->stack_low;
	r[3] = mm->stack_top;
}

static bool in_heap_stack(const struct user_mm *mm, uint64_t va)
{
	uint64_t r[4];
	heap_stack(mm, r);
	return (va >= r[0] && va < r[1]) || (va >= r[2] && va < r[3]);
}

/* Is every page of [lo, hi), which no area meets, mapped?  The pages
 * present, plus those of the heap and stack that are not. */
static bool gap_mapped(struct user_mm *mm, uint64_t lo, uint64_t hi)
{
	uint64_t r[4], mapped = present_pages(mm->as, lo, hi);
	heap_stack(mm, r);
	for (int i = 0; i < 4; i += 2) {
		uint64_t a = r[i] > lo ? r[i] : lo, b = r[i + 1] < hi ? r[i + 1] : hi;
		if (a < b)
			mapped += (b - a) / PAGE_SIZE - present_pages(mm->as, a, b);
	}
	return mapped == (hi - lo) / PAGE_SIZE;
}

/* fn on every piece of [start, end) in address order; the first error,
 * or -ENOMEM when a page was mapped nowhere, or 0. */
static int walk(struct user_mm *mm, uint64_t start, uint64_t end, piece_fn fn, uint64_t arg)
{
	int hole = 0, err;
	struct vm_area *a = mm->areas;
	for (uint64_t va = start; va < end;) {
		while (a && a->end <= va)
			a = a->next;
		uint64_t gap_end = a && a->start < end ? a->start : end;
		if (va < gap_end) {
			if (!gap_mapped(mm, va, gap_end))
				hole = -ENOMEM;
			if ((err = fn(mm, NULL, va, gap_end, arg)) != 0)
				return err;
			va = gap_end;
			continue;
		}
		uint64_t hi = a->end < end ? a->end : end;
		if ((err = fn(mm, a, va, hi, arg)) != 0)
			return err;
		va = hi;
	}
	return hole;
}

/* madvise's checks of the start and the length (rounded up to pages
 * into *end): 0 or -EINVAL. */
static int range_of(uint64_t start, uint64_t len, uint64_t *end)
{
	if (start % PAGE_SIZE)
		return -EINVAL;
	uint64_t rounded = page_round_up(len);
	if (len && !rounded)
		return -EINVAL;	/* rounded from near -1 to 0 */
	*end = start + rounded;
	return *end < start ? -EINVAL : 0;
}

/* MADV_DONTNEED and MADV_FREE on a piece: every page present goes (its
 * reference dropped, the TLB entry flushed), so the next touch faults:
 * zeros for private anonymous memory, the heap and the stack; the file's
 * page again for a file mapping (a private copy is lost) and for shared
 * memory.  The image's pages between areas stay: nothing would bring
 * them back. */
static bool drop_heap_stack_page(struct addr_space *as, uint64_t va, void *mm)
{
	if (in_heap_stack(mm, va))
		(void)vma_unmap_page(as, va, NULL);
	return false;
}

static int advise(struct user_mm *mm, struct vm_area *a, uint64_t lo, uint64_t hi,
		  uint64_t advice)
{
	if (advice != MADV_DONTNEED && advice != MADV_DONTNEED_LOCKED && advice != MADV_FREE)
		return 0;	/* hints: anvil reads ahead nothing, has no swap or huge pages */
	if (!a) {
		vma_for_each_present(mm->as, lo, hi, drop_heap_stack_page, mm);
		return 0;
	}
	if (advice == MADV_FREE && a->file)
		return -EINVAL;	/* madvise_free_single_vma: anonymous private only */
	vma_for_each_present(mm->as, lo, hi, vma_unmap_page, NULL);
	return 0;
}

/* madvise(start, len, advice), mm/madvise.c do_madvise.  The advice
 * Linux knows but anvil does not do (MADV_REMOVE, MADV_DONTFORK,
 * MADV_WIPEONFORK, MADV_POPULATE_*, MADV_MERGEABLE, MADV_COLLAPSE, ...)
 * is EINVAL, as Linux's answer for advice it was built without. */
long sys_madvise(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	uint64_t start = arg[0], end, advice = (uint64_t)(int)arg[2];
	switch (advice) {
	case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL: case MADV_WILLNEED:
	case MADV_DONTNEED: case MADV_FREE: case MADV_DOFORK: case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE: case MADV_DONTDUMP: case MADV_DODUMP: case MADV_KEEPONFORK:
	case MADV_COLD: case MADV_PAGEOUT: case MADV_DONTNEED_LOCKED:
		break;
	default:
		return -EINVAL;
	}
	int err = range_of(start, arg[1], &end);
	if (err || end == start)
		return err;
	return walk(process_current()->mm, start, end, advise, advice);
}

static int nothing(struct user_mm *mm, struct vm_area *a, uint64_t lo, uint64_t hi, uint64_t arg)
{
	(void)mm, (void)a, (void)lo, (void)hi, (void)arg;
	return 0;
}

/* msync(start, len, flags), mm/msync.c: the flags, the alignment, then
 * every page must be mapped (ENOMEM).  tmpfs pages are the file's own,
 * so MS_SYNC has nothing to write and MS_INVALIDATE nothing to drop. */
long sys_msync(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	uint64_t start = arg[0], end, flags = (uint64_t)(int)arg[2];
	if (flags & ~(uint64_t)(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if (start % PAGE_SIZE || ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	end = start + page_round_up(arg[1]);	/* a length near -1 rounds to 0: 0 */
	if (end < start)
		return -ENOMEM;
	if (end == start)
		return 0;
	return walk(process_current()->mm, start, end, nothing, 0);
}

/* Is page pgoff of the file behind a in memory (mm/mincore.c
 * mincore_page: in the page cache, which tmpfs's pages are)? */
static bool file_page_cached(const struct vm_area *a, uint64_t pgoff)
{
	struct inode *inode = a->file->inode;
	if (inode->iops->get_page != tmpfs_get_page)
		return false;
	const struct tmpfs_node *t = tmpfs_node(inode);
	return pgoff < t->npages && t->pages[pgoff];
}

/* One byte of mincore's vector for the page at va: bit 0 resident;
 * -ENOMEM for a page mapped nowhere. */
static int resident(struct user_mm *mm, const struct vm_area *a, uint64_t va)
{
	if (vm_translate(mm->as, va, NULL, NULL))
		return 1;
	if (a)
		return a->file && file_page_cached(a, a->pgoff + (va - a->start) / PAGE_SIZE);
	return in_heap_stack(mm, va) ? 0 : -ENOMEM;
}

#define MINCORE_CHUNK	256	/* bytes of the vector filled per copy_to_user */

/* mincore(start, len, vec), mm/mincore.c: one byte per page, written
 * a chunk at a time up to the first page mapped nowhere (ENOMEM). */
long sys_mincore(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	uint64_t start = arg[0], len = arg[1], vec = arg[2];
	struct user_mm *mm = process_current()->mm;
	if (start % PAGE_SIZE)
		return -EINVAL;
	if (!user_range_ok(start, len))
		return -ENOMEM;
	uint64_t pages = len / PAGE_SIZE + (len % PAGE_SIZE != 0);
	if (!user_range_ok(vec, pages))
		return -EFAULT;
	uint8_t buf[MINCORE_CHUNK];
	const struct vm_area *a = NULL;
	while (pages) {
		uint64_t n = pages < MINCORE_CHUNK ? pages : MINCORE_CHUNK;
		for (uint64_t i = 0; i < n; i++) {
			uint64_t va = start + i * PAGE_SIZE;
			if (!a || va >= a->end)
				a = vma_find(mm, va);
			int r = resident(mm, a, va);
			if (r < 0)	/* the bytes before the hole are written */
				return copy_to_user(vec, buf, i) ? -EFAULT : r;
			buf[i] = (uint8_t)r;
		}
		if (copy_to_user(vec, buf, n))
			return -EFAULT;
		pages -= n;
		vec += n;
		start += n * PAGE_SIZE;
	}
	return 0;
}
