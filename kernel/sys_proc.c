/* getpid and friends, exit, sched_yield, brk: the process itself
 * (kernel/process.h). */
#include "kernel/errno.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vma.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"

long sys_getpid(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	(void)arg;
	return process_current()->pid;
}

/* One thread per process: its thread id is its pid. */
long sys_gettid(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	(void)arg;
	return process_current()->pid;
}

/* The parent's pid; 0 for a process the kernel started (as Linux's init). */
long sys_getppid(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	(void)arg;
	uint64_t flags = process_lock();
	int ppid = process_current()->parent->pid;
	process_unlock(flags);
	return ppid;
}

/* set_tid_address(tidptr): remembered (CLONE_CHILD_CLEARTID's word); the
 * result is the caller's thread id. */
long sys_set_tid_address(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct process *p = process_current();
	p->clear_child_tid = arg[0];
	return p->pid;
}

long sys_exit(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	process_exit((int)arg[0]);	/* keeps the low 8 bits, as Linux */
}

/* Give the CPU to the next runnable process, if there is one: to the
 * back of the queue. */
long sys_sched_yield(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	(void)arg;
	schedule();
	return 0;
}

/*
 * brk(addr): move the end of the heap to addr and return the new end; on
 * any failure return the old end unchanged (Linux's rules: the C library
 * compares).  brk(0) thus asks where it is.  Growing maps nothing: the
 * page-fault handler maps each page when it is first touched
 * (process_fault_in).  Shrinking unmaps and frees the pages past the end.
 */
long sys_brk(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct process *p = process_current();
	struct user_mm *mm = p->mm;
	uint64_t want = arg[0];
	/* The heap never reaches the stack's reach: one unmapped page stays
	 * between them, so a stack overflow still faults instead of landing
	 * in the heap. */
	uint64_t stack_floor = process_stack_floor(p) - PAGE_SIZE;
	if (want < mm->heap_start || want - mm->heap_start > USER_HEAP_MAX || want > stack_floor)
		return (long)mm->brk;
	/* Never into an mmap area, with a page to spare below it (Linux
	 * mm/mmap.c brk: "Check against existing mmap mappings"). */
	uint64_t old_end = page_round_up(mm->brk), new_end = page_round_up(want);
	if (new_end > old_end && vma_overlaps(mm, old_end, new_end + PAGE_SIZE))
		return (long)mm->brk;
	for (uint64_t va = new_end; va < old_end; va += PAGE_SIZE) {
		uint64_t pa;
		if (!vma_find(mm, va) && vm_unmap(mm->as, va, &pa) == 0)
			pmm_free(pa);	/* an area's pages are not the heap's */
	}
	mm->brk = want;
	return (long)want;
}
