/* Switching the CPU to another stack (arch/x86_64/stack.asm). */
#ifndef ANVIL_ARCH_STACK_H
#define ANVIL_ARCH_STACK_H

/* Set RSP to top and call fn there; fn must never return.  Backtraces
 * on the new stack continue into the caller's frames. */
__attribute__((noreturn)) void run_on_stack(void *top, void (*fn)(void));

#endif
