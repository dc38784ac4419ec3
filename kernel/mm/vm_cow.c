/*
 * Copy-on-write: how fork gives a child the parent's memory without
 * copying it (kernel/mm/vm.h: as_fork, vm_cow_fault; the page-table work
 * is arch/x86_64/mm/paging_cow.c).
 *
 * Every frame the allocator hands out has a reference count
 * (kernel/mm/pmm.c): the number of page-table entries, in all address
 * spaces, that map it.  as_fork gives the child page tables of its own
 * whose entries point at the parent's frames, and counts one more owner
 * for each frame.  Read-only pages (program text, rodata) are simply
 * shared from then on.  Writable pages (data, bss, the brk heap, the
 * stack) would let one side's writes show in the other, so they become
 * read-only in both address spaces, marked COW: a bit of the entry the CPU
 * ignores and anvil reads as "writable once copied" (VM_COW).  The
 * parent's TLB is flushed, since it may still hold those pages writable.
 *
 * A copy-on-write fault, walked through.  The parent has a writable page
 * at 0x601000 in frame F; it forks.
 *
 *   1. as_fork: both entries for 0x601000 now map F read-only + COW;
 *      pmm_refcount(F) == 2.
 *   2. The child writes to 0x601000.  The entry is read-only, so the CPU
 *      raises #PF with error code P=1 (present) W=1 (write) U=1 (ring 3),
 *      CR2 = the address.  (A copy_to_user into it, in ring 0, faults the
 *      same way with U=0, because CR0.WP makes ring 0 obey read-only
 *      pages too.)
 *   3. user_fault_in (arch/x86_64/trap/user_fault.c) sees a write to a
 *      present user page and calls vm_cow_fault(as_current(), CR2).
 *   4. The entry has COW and F has 2 owners: a new frame C is allocated,
 *      F's 4 KiB are copied into it through the direct map, the child's
 *      entry becomes C, writable, COW cleared; invlpg drops the old
 *      translation; pmm_free(F) drops the child's reference: F has one
 *      owner left, the parent.
 *   5. The handler returns, the CPU runs the write again, it lands in C.
 *      The parent still sees F, unchanged.
 *   6. Later the parent writes to 0x601000: #PF again, its entry is COW,
 *      but pmm_refcount(F) == 1 -- it is the last owner, so no copy: the
 *      entry just gets RW back and loses COW.
 *
 * If no frame is left for the copy in step 4, vm_cow_fault returns
 * -ENOMEM and changes nothing: the program is killed (SIGKILL, "out of
 * memory"), or a copy_to_user returns -EFAULT, as Linux does; the kernel
 * itself never stops over it.  A fork that runs out of frames for the
 * child's tables gives up: the partial child is destroyed (each reference
 * it took dropped again) and as_fork returns NULL.  The parent may keep
 * some pages marked COW that no one else shares; each costs one fault
 * that finds the count at 1 and makes the page writable, as in step 6.
 *
 * Freeing needs nothing new: as_destroy, brk shrinking and exec give each
 * frame back with pmm_free, which drops one reference and frees the frame
 * only with the last.
 */
#include "kernel/mm/vm.h"
#include <stddef.h>
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/mm/paging.h"
#include "kernel/errno.h"

/* Interrupts off while tables change, as in vm.c. */
struct addr_space *as_fork(struct addr_space *from)
{
	struct addr_space *as = as_create();
	if (!as)
		return NULL;
	uint64_t irq = irq_save();
	as->low_end = from->low_end;	/* the child maps what the parent does */
	as->high_start = from->high_start;
	as->high_end = from->high_end;
	int err = paging_fork_user_range(as->root, from->root, 0, from->low_end);
	if (!err)
		err = paging_fork_user_range(as->root, from->root, from->high_start, from->high_end);
	paging_fork_done(from->root);
	irq_restore(irq);
	if (err) {
		as_destroy(as);
		return NULL;
	}
	return as;
}

int vm_cow_fault(struct addr_space *as, uint64_t va)
{
	if (va >= USER_END)
		return -EFAULT;
	uint64_t irq = irq_save();
	int err = paging_cow_break(as->root, page_round_down(va));
	irq_restore(irq);
	return err;
}
