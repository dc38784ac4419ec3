/*
 * mprotect: change the rights of a range of a program's memory (Linux
 * mm/mprotect.c).  Inside mmap's areas it changes the areas themselves
 * (split and merged, kernel/mm/vma.c) and every page present in them, so
 * pages faulted in later get the new rights too.  Outside the areas (the
 * program image, the brk heap, the stack, which are not areas yet) it
 * works on the pages themselves, which must be mapped now: what static
 * glibc needs at start-up, its RELRO data made read-only after
 * relocation.  A hole -- neither area nor mapped page -- is -ENOMEM, as
 * Linux's, and then nothing changes.
 *
 * PROT_NONE keeps the page present but takes its U/S bit away: ring 3
 * faults on every access (SIGSEGV), the frame and its data stay.  A page
 * shared copy-on-write since a fork stays copy-on-write when made
 * writable (vm_protect).
 */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/vma.h"
#include "kernel/process.h"
#include "kernel/syscall.h"

/* Is every page of [addr, end) in an area or mapped?  -ENOMEM for a
 * hole, -EACCES for PROT_WRITE on a shared mapping of a file opened
 * read-only (Linux's mprotect(2)), else 0. */
static int check_range(struct user_mm *mm, uint64_t addr, uint64_t end, unsigned prot)
{
	for (uint64_t va = addr; va < end;) {
		struct vm_area *a = vma_find(mm, va);
		if (!a) {
			if (!vm_translate(mm->as, va, NULL, NULL))
				return -ENOMEM;
			va += PAGE_SIZE;
			continue;
		}
		if ((prot & PROT_WRITE) && (a->flags & MAP_TYPE) == MAP_SHARED &&
		    (a->file->flags & O_ACCMODE) == O_RDONLY)
			return -EACCES;
		va = a->end;
	}
	return 0;
}

long sys_mprotect(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	uint64_t addr = arg[0], len = arg[1];
	unsigned prot = (unsigned)arg[2];
	struct user_mm *mm = process_current()->mm;
	if (addr % PAGE_SIZE || prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if (len == 0)
		return 0;
	uint64_t end = page_round_up(addr + len);
	if (end <= addr || end > USER_END)
		return -ENOMEM;
	int err = check_range(mm, addr, end, prot);
	if (err || (err = vma_protect(mm, addr, end, prot)) != 0)
		return err;
	/* The pages outside the areas, with the same rights an area's get. */
	struct vm_area outside = { .prot = prot, .flags = MAP_PRIVATE };
	unsigned flags = vma_page_flags(&outside);
	for (uint64_t va = addr; va < end;) {
		struct vm_area *a = vma_find(mm, va);
		if (a) {
			va = a->end;
			continue;
		}
		if ((err = vm_protect(mm->as, va, flags)) != 0)
			return err;
		va += PAGE_SIZE;
	}
	return 0;
}
