/*
 * Per-CPU data: a small block that kernel code reaches through the GS
 * segment base (gs:0, gs:8, ...).  anvil has one CPU, so there is one
 * block; what matters is the mechanism.  While the CPU runs the kernel,
 * MSR_GS_BASE points at the block; while it runs a program, MSR_GS_BASE
 * holds the program's GS base and MSR_KERNEL_GS_BASE the block, and
 * `swapgs` on every entry and exit exchanges the two (SDM Vol. 2B
 * "SWAPGS").  The SYSCALL entry needs this: SYSCALL changes no stack
 * pointer, so the first thing the kernel can use is gs: memory.
 *
 * C code reaches the block through this_cpu(), which reads gs:0, so it
 * keeps working unchanged when each CPU has a block of its own.
 */
#ifndef ANVIL_ARCH_PERCPU_H
#define ANVIL_ARCH_PERCPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "arch/x86_64/entry/syscall_layout.h"

struct percpu {
	struct percpu *self;	/* gs:0: the block's own address */
	uint64_t kernel_rsp;	/* where the SYSCALL entry puts RSP (== TSS.RSP0) */
	uint64_t user_rsp;	/* the program's RSP while its system call runs */
	struct process *current;	/* the task running here (kernel/sched.h) */
	uint64_t work;		/* PERCPU_WORK_*: checked on every return to ring 3 */
	bool trap_from_user;	/* the trap being handled came from ring 3 */
};

/* Bits of percpu.work.  The SYSCALL return path tests the whole word with
 * one compare, so the common case (nothing to do) costs two instructions. */
#define PERCPU_WORK_RESCHED	(1UL << 0)	/* the time slice is over, or a task woke */
#define PERCPU_WORK_SIGNAL	(1UL << 1)	/* the running process has a signal pending */

_Static_assert(offsetof(struct percpu, self) == ANVIL_PERCPU_SELF, "percpu.self");
_Static_assert(offsetof(struct percpu, kernel_rsp) == ANVIL_PERCPU_KERNEL_RSP, "percpu.kernel_rsp");
_Static_assert(offsetof(struct percpu, user_rsp) == ANVIL_PERCPU_USER_RSP, "percpu.user_rsp");
_Static_assert(offsetof(struct percpu, current) == ANVIL_PERCPU_CURRENT, "percpu.current");
_Static_assert(offsetof(struct percpu, work) == ANVIL_PERCPU_WORK, "percpu.work");

struct process;

/* The boot CPU's block (the only one until SMP). */
extern struct percpu percpu;

/*
 * This CPU's block, read from gs:0 (its `self` field): one load, and the
 * same code on every CPU.  volatile, so the compiler reads it again each
 * time: a task that sleeps in the middle of a function may wake up on
 * another CPU once there are several.  The load has no C-visible input,
 * so the asm states only its output.
 */
static inline struct percpu *this_cpu(void)
{
	struct percpu *p;
	__asm__ volatile("movq %%gs:0, %0" : "=r"(p));
	return p;
}

/*
 * This CPU's percpu.work word, read straight from gs:ANVIL_PERCPU_WORK:
 * one load where this_cpu()->work is two.  For the C ways back to ring 3
 * that test it before calling user_return_work (int $0x80), as the
 * SYSCALL return path tests it in assembly.  volatile for the same reason
 * as this_cpu(), and because an interrupt handler may set a bit at any
 * time; "i" makes the offset part of the address, not a register.
 */
static inline uint64_t this_cpu_work(void)
{
	uint64_t w;
	__asm__ volatile("movq %%gs:%c1, %0" : "=r"(w) : "i"(ANVIL_PERCPU_WORK));
	return w;
}

/* Point MSR_GS_BASE at the block (the kernel runs with it) and
 * MSR_KERNEL_GS_BASE at 0 (the GS base programs start with). */
void percpu_init(void);

/* The kernel stack for entries from ring 3: the SYSCALL entry reads it
 * from the per-CPU block, interrupts and exceptions from TSS.RSP0. */
void percpu_set_kernel_stack(uint64_t top);

#endif
