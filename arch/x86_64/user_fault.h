/* Exceptions from ring 3 end the program, not the kernel (user_fault.c). */
#ifndef ANVIL_ARCH_USER_FAULT_H
#define ANVIL_ARCH_USER_FAULT_H

/* Register the handlers; after exception_init (it keeps the #BP logger
 * for kernel-mode breakpoints). */
void user_fault_init(void);

#endif
