/* Exceptions from ring 3 end the program, not the kernel (user_fault.c). */
#ifndef ANVIL_ARCH_USER_FAULT_H
#define ANVIL_ARCH_USER_FAULT_H

#include "arch/x86_64/trap/trap.h"

/* Register the handlers; after exception_init (it keeps the #BP logger
 * for kernel-mode breakpoints). */
void user_fault_init(void);

/* About to return from an interrupt or exception to ring 3 at f->rip:
 * if that is not a canonical address, end the program with SIGSEGV now
 * rather than try (user_fault.c says why).  trap_dispatch calls it last. */
void user_return_check(const struct trap_frame *f);

#endif
