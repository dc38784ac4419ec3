/*
 * mprotect: change the rights of pages a program has mapped.  anvil has
 * no mapping list yet (the memory-mapping work brings mmap and one), so
 * this works on the pages themselves: every page of the range must be
 * mapped now (else -ENOMEM, as Linux for a hole), and each gets the new
 * rights.  It is what static glibc needs at start-up: its RELRO data made
 * read-only after relocation.  A page shared copy-on-write since a fork
 * stays copy-on-write when made writable (vm_protect).
 */
#include "kernel/errno.h"
#include "kernel/printf.h"
#include "kernel/process.h"
#include "kernel/syscall.h"

/* include/uapi/asm-generic/mman-common.h */
#define PROT_READ	0x1
#define PROT_WRITE	0x2
#define PROT_EXEC	0x4

long sys_mprotect(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	uint64_t addr = arg[0], len = arg[1];
	unsigned prot = (unsigned)arg[2];
	struct process *p = process_current();
	if (addr % PAGE_SIZE || prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if (len == 0)
		return 0;
	uint64_t end = page_round_up(addr + len);
	if (end <= addr || end > USER_END)
		return -ENOMEM;
	if (prot == 0) {
		/* No access at all needs a page that is present but not the
		 * program's: the mapping work's job. */
		kprintf("mprotect: PROT_NONE is not supported yet: -EINVAL\n");
		return -EINVAL;
	}
	for (uint64_t va = addr; va < end; va += PAGE_SIZE)
		if (!vm_translate(p->mm->as, va, NULL, NULL))
			return -ENOMEM;
	unsigned flags = VM_USER | (prot & PROT_WRITE ? VM_WRITE : 0) |
			 (prot & PROT_EXEC ? 0 : VM_NX);
	for (uint64_t va = addr; va < end; va += PAGE_SIZE) {
		int err = vm_protect(p->mm->as, va, flags);
		if (err)
			return err;
	}
	return 0;
}
