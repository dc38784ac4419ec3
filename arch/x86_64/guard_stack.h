#ifndef ANVIL_ARCH_GUARD_STACK_H
#define ANVIL_ARCH_GUARD_STACK_H

/* Run fn on a small stack right above a non-present guard page, for the
 * crash=stack_overflow boot (see arch/x86_64/guard_stack.c). */
__attribute__((noreturn)) void run_on_guarded_stack(void (*fn)(void));

#endif
