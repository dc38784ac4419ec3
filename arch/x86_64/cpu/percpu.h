/*
 * Per-CPU data: a small block that kernel code reaches through the GS
 * segment base (gs:0, gs:8, ...).  anvil has one CPU, so there is one
 * block; what matters is the mechanism.  While the CPU runs the kernel,
 * MSR_GS_BASE points at the block; while it runs a program, MSR_GS_BASE
 * holds the program's GS base and MSR_KERNEL_GS_BASE the block, and
 * `swapgs` on every entry and exit exchanges the two (SDM Vol. 2B
 * "SWAPGS").  The SYSCALL entry needs this: SYSCALL changes no stack
 * pointer, so the first thing the kernel can use is gs: memory.
 */
#ifndef ANVIL_ARCH_PERCPU_H
#define ANVIL_ARCH_PERCPU_H

#include <stddef.h>
#include <stdint.h>
#include "arch/x86_64/entry/syscall_layout.h"

struct percpu {
	struct percpu *self;	/* gs:0: the block's own address */
	uint64_t kernel_rsp;	/* where the SYSCALL entry puts RSP (== TSS.RSP0) */
	uint64_t user_rsp;	/* the program's RSP while its system call runs */
};

_Static_assert(offsetof(struct percpu, self) == ANVIL_PERCPU_SELF, "percpu.self");
_Static_assert(offsetof(struct percpu, kernel_rsp) == ANVIL_PERCPU_KERNEL_RSP, "percpu.kernel_rsp");
_Static_assert(offsetof(struct percpu, user_rsp) == ANVIL_PERCPU_USER_RSP, "percpu.user_rsp");

extern struct percpu percpu;

/* Point MSR_GS_BASE at the block (the kernel runs with it) and
 * MSR_KERNEL_GS_BASE at 0 (the GS base programs start with). */
void percpu_init(void);

/* The kernel stack for entries from ring 3: the SYSCALL entry reads it
 * from the per-CPU block, interrupts and exceptions from TSS.RSP0. */
void percpu_set_kernel_stack(uint64_t top);

#endif
