/*
 * Task switching around switch_to (arch/x86_64/entry/switch.h).
 *
 * Order matters in arch_switch:
 *  1. The outgoing task's FPU/SSE/AVX registers are saved, and the
 *     incoming one's loaded, every time (eager switching).  Lazy
 *     switching -- leaving the old registers in place with CR0.TS set and
 *     switching on the first #NM -- let a process read another's
 *     registers speculatively (CVE-2018-3665, "Lazy FP State Restore"),
 *     and XSAVEOPT's tracking makes the eager save cheap anyway.
 *  2. CR3, only if the address space changes (a reload flushes every
 *     non-global TLB entry: the kernel half is global, so it survives).
 *  3. RSP0 in the TSS and the SYSCALL entry's stack in the per-CPU block:
 *     the next entry from ring 3 must land on the incoming task's stack.
 *  4. The FS base and the user GS base (MSR_KERNEL_GS_BASE while the
 *     kernel runs; swapgs makes it GS on the way out).
 *  5. switch_to: the callee-saved registers and RSP.  From its `mov rsp`
 *     on, the CPU runs the incoming task.
 * Steps 1-4 happen on the outgoing task's stack, but change nothing it
 * needs until it runs again, when its own switch does the same for it.
 */
#include "arch/x86_64/entry/switch.h"
#include "arch/x86_64/cpu/fpu_state.h"
#include "arch/x86_64/cpu/percpu.h"
#include "arch/x86_64/entry/user.h"
#include "kernel/mm/vm.h"
#include "kernel/string.h"

void switch_to(uint64_t *prev_rsp, uint64_t next_rsp);	/* switch_to.asm */
void task_entry(void);					/* switch_to.asm */
void fork_child_entry(void);				/* syscall_entry.asm */

void arch_thread_init_kernel(struct arch_thread *t, void (*fn)(void *), void *arg)
{
	/* task_entry calls C right after switch_to's ret: RSP then (the
	 * frame's end) must be 16-byte aligned, so the frame starts 8 bytes
	 * below a 16-byte boundary. */
	struct switch_frame *sf = (struct switch_frame *)(t->kstack_top - 16 - sizeof(*sf));
	memset(sf, 0, sizeof(*sf));
	sf->rbx = (uint64_t)fn;
	sf->r12 = (uint64_t)arg;
	sf->ret = (uint64_t)task_entry;
	t->ksp = (uint64_t)sf;
}

void arch_thread_init_fork(struct arch_thread *t, const struct syscall_frame *f,
			   const struct user_callee_saved *cs)
{
	/* The child's stack: the parent's SYSCALL frame at the same place
	 * below the top (the return path pops it), and under it a switch
	 * frame that "returns" into fork_child_entry with the parent's user
	 * RBX, RBP, R12-R15 in the registers -- which the return path then
	 * leaves as they are, exactly as for the parent. */
	struct syscall_frame *cf = (struct syscall_frame *)(t->kstack_top - sizeof(*cf));
	*cf = *f;
	struct switch_frame *sf = (struct switch_frame *)cf - 1;
	*sf = (struct switch_frame){
		.r15 = cs->r15, .r14 = cs->r14, .r13 = cs->r13, .r12 = cs->r12,
		.rbx = cs->rbx, .rbp = f->rbp, .ret = (uint64_t)fork_child_entry,
	};
	t->ksp = (uint64_t)sf;
}

static void load_segment_bases(const struct arch_thread *t)
{
	user_set_fs_base(t->fs_base);
	user_set_gs_base(t->gs_base);
}

void arch_thread_load(struct arch_thread *t)
{
	percpu_set_kernel_stack(t->kstack_top);
	load_segment_bases(t);
	if (t->fpu)
		fpu_state_load(t->fpu);
}

void arch_switch(struct arch_thread *prev, struct arch_thread *next, struct addr_space *next_as)
{
	if (prev->fpu)
		fpu_state_save(prev->fpu);
	if (next->fpu)
		fpu_state_load(next->fpu);
	if (as_current() != next_as)
		as_switch(next_as);
	percpu_set_kernel_stack(next->kstack_top);
	if (prev->fs_base != next->fs_base)
		user_set_fs_base(next->fs_base);
	if (prev->gs_base != next->gs_base)
		user_set_gs_base(next->gs_base);
	switch_to(&prev->ksp, next->ksp);
}
