/* Running code on a stack of our choosing (call_on_stack inline, run_on_stack in
 * arch/x86_64/entry/stack.asm). */
#ifndef ANVIL_ARCH_STACK_H
#define ANVIL_ARCH_STACK_H

#include <stdint.h>

/*
 * Load RSP with top (16-byte aligned) and call fn there, for good: fn must
 * not return (if it does, ud2 stops with #UD).  RBP is zeroed first, so a
 * backtrace on the new stack ends at fn, just as boot/entry64.asm ends the
 * boot stack's chain.  No clobbers are declared because control never
 * comes back to the compiler's code; "memory" so every store before this
 * point has been made when fn runs.
 */
static inline __attribute__((noreturn)) void call_on_stack(uint64_t top, void (*fn)(void))
{
	__asm__ volatile("movq %0, %%rsp\n\t"
			 "xorl %%ebp, %%ebp\n\t"
			 "call *%1\n\t"
			 "ud2"
			 :
			 : "r"(top), "r"(fn)
			 : "memory");
	__builtin_unreachable();
}

/* Set RSP to top and call fn there; fn must never return.  Unlike
 * call_on_stack, backtraces on the new stack continue into the caller's
 * frames (kmain moves onto its guarded kernel stack this way). */
__attribute__((noreturn)) void run_on_stack(void *top, void (*fn)(void));

#endif
