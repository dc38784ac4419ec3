/*
 * Kernel stacks: ANVIL_KSTACK_SIZE bytes each, in fixed slots of the
 * kernel-stack region, with the page below each stack left unmapped.  A
 * stack that overflows runs into that guard page and page-faults at once
 * instead of silently overwriting whatever lies below.
 */
#ifndef ANVIL_KERNEL_MM_KSTACK_H
#define ANVIL_KERNEL_MM_KSTACK_H

/* A new stack; returns its top (the first RSP), or NULL when out of
 * memory or slots. */
void *kstack_alloc(void);
/* Free the stack whose top kstack_alloc returned. */
void kstack_free(void *top);

/* The guard page of the stack with this top (its lowest mapped byte
 * minus one page), for tests and fault reports. */
void *kstack_guard(void *top);

#endif
