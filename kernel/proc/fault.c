/*
 * Demand paging of a process's heap and stack (process_fault_in in
 * kernel/process.h): a fault on a page of the heap, or below the stack
 * within RLIMIT_STACK, maps a zeroed page; mmap's areas have their own
 * (kernel/mm/vma.c).  docs/memory.md tells the story.
 */
#include "arch/x86_64/insn/clear_page.h"
#include "kernel/addr.h"
#include "kernel/format.h"
#include "kernel/mm/pmm.h"
#include "kernel/process.h"

/* The stack may grow down to RLIMIT_STACK below its top (capped). */
uint64_t process_stack_floor(const struct process *p)
{
	uint64_t lim = p->rlim[RLIMIT_STACK].cur;
	if (lim > USER_STACK_MAX)
		lim = USER_STACK_MAX;
	return p->mm->stack_top - page_round_down(lim);
}

static bool map_zero_page(struct addr_space *as, uint64_t page)
{
	uint64_t frame = pmm_alloc();
	if (!frame)
		return false;	/* out of memory: the fault kills the program */
	clear_page(phys_to_virt(frame));
	if (vm_map(as, page, frame, VM_USER | VM_WRITE | VM_NX) != 0) {
		pmm_free(frame);
		return false;
	}
	return true;
}

bool process_fault_in(uint64_t addr)
{
	struct process *p = process_current();
	if (!p || !p->mm)
		return false;
	struct user_mm *mm = p->mm;
	uint64_t page = page_round_down(addr), pa;
	bool heap = addr >= mm->heap_start && addr < page_round_up(mm->brk);
	bool stack = addr < mm->stack_top && addr >= process_stack_floor(p) &&
		     page_round_up(mm->brk) + PAGE_SIZE <= page;	/* a gap to the heap */
	if (!heap && !stack)
		return false;
	if (vm_translate(mm->as, page, &pa, NULL))
		return false;	/* mapped already: a protection fault, not ours */
	if (!map_zero_page(mm->as, page)) {
		/* Out of memory: only this process pays (Linux's OOM killer
		 * also sends SIGKILL).  Never returns. */
		char what[80];
		ksnprintf(what, sizeof(what), "out of memory for a %s page at 0x%lx",
			  heap ? "heap" : "stack", (unsigned long)addr);
		process_kill(SIGKILL, what);
	}
	if (stack && page < mm->stack_low)
		mm->stack_low = page;
	return true;
}
