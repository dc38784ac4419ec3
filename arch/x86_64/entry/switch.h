/*
 * Task switching, the arch side (arch/x86_64/entry/switch_to.asm does the
 * registers; switch.c the rest).  Each task -- a process, or a kernel task
 * such as the idle loop -- has a struct arch_thread: its kernel stack and
 * the pieces of CPU state that belong to it while it runs.
 */
#ifndef ANVIL_ARCH_SWITCH_H
#define ANVIL_ARCH_SWITCH_H

#include <stdint.h>
#include "arch/x86_64/syscall/syscall.h"

struct fpu_state;
struct addr_space;

struct arch_thread {
	uint64_t ksp;		/* RSP inside switch_to while stopped */
	uint64_t kstack_top;	/* RSP0: where entries from ring 3 start */
	uint64_t fs_base;	/* arch_prctl(ARCH_SET_FS) */
	uint64_t gs_base;	/* arch_prctl(ARCH_SET_GS) */
	struct fpu_state *fpu;	/* x87/SSE/AVX registers; NULL: a kernel task */
};

/* The frame switch_to pushes and pops, lowest address first. */
struct switch_frame {
	uint64_t r15, r14, r13, r12, rbp, rbx;
	uint64_t ret;		/* where the task goes on */
};

/* The five user registers the SYSCALL entry does not keep in its frame
 * (they survive the C code by the ABI); the full-frame stubs of
 * syscall_entry.asm push them for fork, vfork, clone and execve, in this
 * order, lowest address first. */
struct user_callee_saved {
	uint64_t r15, r14, r13, r12, rbx;
};

/* A kernel task's first switch frame: it will start in fn(arg), on the
 * stack whose top t->kstack_top is. */
void arch_thread_init_kernel(struct arch_thread *t, void (*fn)(void *), void *arg);

/* A forked child's: it starts in the SYSCALL return path with RAX = 0,
 * the parent's frame f and callee-saved registers cs, on its own stack. */
void arch_thread_init_fork(struct arch_thread *t, const struct syscall_frame *f,
			   const struct user_callee_saved *cs);

/* Switch from prev to next: the FPU registers, CR3 (only when next_as
 * differs from the running one), RSP0, the FS and user GS bases, then
 * the registers (switch_to).  Returns when prev is switched back to.
 * Interrupts off. */
void arch_switch(struct arch_thread *prev, struct arch_thread *next, struct addr_space *next_as);

/* Put next's per-task state on the CPU without leaving the caller: the
 * first task the CPU runs, and a process that changed its own (execve). */
void arch_thread_load(struct arch_thread *t);

#endif
