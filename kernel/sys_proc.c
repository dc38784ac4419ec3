/* getpid, exit, sched_yield, brk: the process itself (kernel/process.h). */
#include "kernel/errno.h"
#include "kernel/mm/pmm.h"
#include "kernel/process.h"
#include "kernel/syscall.h"

long sys_getpid(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	(void)arg;
	return process_current()->pid;
}

long sys_exit(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	process_exit((int)arg[0]);	/* keeps the low 8 bits, as Linux */
}

long sys_sched_yield(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	(void)arg;
	return 0;	/* nothing else is runnable: one process at a time */
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
	uint64_t want = arg[0];
	/* The heap never reaches the stack: one unmapped page stays between
	 * them, so a stack overflow still faults instead of landing in it. */
	uint64_t stack_floor = USER_STACK_TOP - USER_STACK_SIZE - PAGE_SIZE;
	if (want < p->heap_start || want - p->heap_start > USER_HEAP_MAX || want > stack_floor)
		return (long)p->brk;
	for (uint64_t va = page_round_up(want); va < page_round_up(p->brk); va += PAGE_SIZE) {
		uint64_t pa;
		if (vm_unmap(p->as, va, &pa) == 0)
			pmm_free(pa);
	}
	p->brk = want;
	return (long)want;
}
