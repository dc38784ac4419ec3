/*
 * mremap (x86-64 system call 25): make an area's range smaller or larger,
 * in place or somewhere else, in Linux 6.1's order of checks and with its
 * errnos (mm/mremap.c: SYSCALL_DEFINE5(mremap), mremap_to,
 * vma_to_resize, vma_expandable, move_vma).
 *
 *   - shrinking unmaps the tail (munmap's work, vma_unmap);
 *   - growing in place extends the area when the range above it is free
 *     (vma_room): one more area added right above, which merge_all joins
 *     to it;
 *   - moving (MREMAP_MAYMOVE, at an address of mmap's choosing or at
 *     MREMAP_FIXED's) makes a new area with the same rights, flags, file
 *     and file page, and moves the page-table entries over as they are
 *     (vm_move): no page is copied, a COW page stays COW, a shared one
 *     shared.  Then the old range is unmapped, or with MREMAP_DONTUNMAP
 *     kept as an area without pages (a touch then gives zeros, or the
 *     file's page again).
 *
 * Only mmap's areas can be remapped: the image, the brk heap and the
 * stack are not areas (kernel/mm/vma.h), so a range there is EFAULT.
 */
#include "kernel/addr.h"
#include "kernel/errno.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/vma.h"
#include "kernel/process.h"
#include "kernel/syscall.h"

/* vma_to_resize: the area [addr, addr + old_len) lies in, for a new
 * length new_len; -EFAULT when it is not one area. */
static long to_resize(struct user_mm *mm, uint64_t addr, uint64_t old_len, uint64_t new_len,
		      struct vm_area **out)
{
	struct vm_area *a = vma_find(mm, addr);
	if (!a)
		return -EFAULT;
	/* old_len 0 duplicates a shared mapping; a private one would only
	 * get a fresh, unrelated mapping: refused. */
	if (!old_len && (a->flags & MAP_TYPE) != MAP_SHARED)
		return -EINVAL;
	if (old_len > a->end - addr)
		return -EFAULT;	/* "We can't remap across vm area boundaries" */
	uint64_t pgoff = a->pgoff + (addr - a->start) / PAGE_SIZE;
	if (new_len != old_len && pgoff + new_len / PAGE_SIZE < pgoff)
		return -EINVAL;
	*out = a;
	return 0;
}

/* Move the entries of [from, from + len) to [to, to + len): 0, or
 * -ENOMEM with every entry moved back. */
static int move_pages(struct addr_space *as, uint64_t from, uint64_t to, uint64_t len)
{
	for (uint64_t off = 0; off < len; off += PAGE_SIZE) {
		int err = vm_move(as, from + off, to + off);
		if (err == -ENOENT)
			continue;	/* never touched: nothing to move */
		if (err) {
			while (off) {
				off -= PAGE_SIZE;
				(void)vm_move(as, to + off, from + off);
			}
			return err;
		}
	}
	return 0;
}

/* move_vma: [addr, addr + old_len) of a becomes [to, to + new_len). */
static long move(struct user_mm *mm, struct vm_area *a, uint64_t addr, uint64_t old_len,
		 uint64_t new_len, uint64_t to, uint64_t flags)
{
	struct file *f = a->file ? file_get(a->file) : NULL;
	uint64_t pgoff = a->pgoff + (addr - a->start) / PAGE_SIZE;
	int err = vma_add(mm, to, to + new_len, a->prot, a->flags, f, pgoff);
	if (err)
		return err;	/* a may be merged away from here on */
	err = move_pages(mm->as, addr, to, old_len < new_len ? old_len : new_len);
	if (err) {
		(void)vma_unmap(mm, to, to + new_len);
		return err;
	}
	/* As Linux, a failure to split the old area here still returns
	 * the new address: its pages are gone from it already. */
	if (!(flags & MREMAP_DONTUNMAP) && old_len)
		(void)vma_unmap(mm, addr, addr + old_len);
	return (long)to;
}

/* mremap_to: MREMAP_FIXED (new_addr is the place) or MREMAP_DONTUNMAP
 * (new_addr a hint). */
static long remap_to(struct user_mm *mm, uint64_t addr, uint64_t old_len, uint64_t new_len,
		     uint64_t flags, uint64_t new_addr)
{
	if (new_addr % PAGE_SIZE)
		return -EINVAL;
	if (new_len > USER_END || new_addr > USER_END - new_len)
		return -EINVAL;
	if (addr + old_len > new_addr && new_addr + new_len > addr)
		return -EINVAL;	/* the old and new ranges overlap */
	int err;
	if ((flags & MREMAP_FIXED) && (err = vma_unmap(mm, new_addr, new_addr + new_len)) != 0)
		return err;
	if (old_len > new_len) {
		if ((err = vma_unmap(mm, addr + new_len, addr + old_len)) != 0)
			return err;
		old_len = new_len;
	}
	struct vm_area *a;
	long ret = to_resize(mm, addr, old_len, new_len, &a);
	if (ret)
		return ret;
	uint64_t to = new_addr;
	if (!(flags & MREMAP_FIXED) && !(to = vma_free_range(mm, new_addr, new_len)))
		return -ENOMEM;
	if (to < MMAP_MIN_ADDR)
		return -EPERM;	/* get_unmapped_area's security_mmap_addr */
	return move(mm, a, addr, old_len, new_len, to, flags);
}

/* mremap(addr, old_len, new_len, flags, new_addr) */
long sys_mremap(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	uint64_t addr = arg[0], old_len = arg[1], new_len = arg[2], flags = arg[3];
	struct user_mm *mm = process_current()->mm;
	if (flags & ~(uint64_t)(MREMAP_FIXED | MREMAP_MAYMOVE | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
		return -EINVAL;
	if (addr % PAGE_SIZE)
		return -EINVAL;
	old_len = page_round_up(old_len);
	new_len = page_round_up(new_len);
	if (!new_len)
		return -EINVAL;
	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP))
		return remap_to(mm, addr, old_len, new_len, flags, arg[4]);
	if (old_len >= new_len) {
		/* "Always allow a shrinking remap": munmap's rules for the tail. */
		if (old_len != new_len) {
			if (addr > USER_END || old_len > USER_END - addr)
				return -EINVAL;
			int err = vma_unmap(mm, addr + new_len, addr + old_len);
			if (err)
				return err;
		}
		return (long)addr;
	}
	struct vm_area *a;
	long err = to_resize(mm, addr, old_len, new_len, &a);
	if (err)
		return err;
	/* vma_expandable: the old range ends the area, and above it is free. */
	uint64_t grow = new_len - old_len;
	if (old_len == a->end - addr && vma_room(mm, a->end, a->end + grow)) {
		struct file *f = a->file ? file_get(a->file) : NULL;
		err = vma_add(mm, a->end, a->end + grow, a->prot, a->flags, f,
			      a->pgoff + (a->end - a->start) / PAGE_SIZE);
		return err ? err : (long)addr;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	uint64_t to = vma_free_range(mm, 0, new_len);
	if (!to)
		return -ENOMEM;
	return move(mm, a, addr, old_len, new_len, to, flags);
}
