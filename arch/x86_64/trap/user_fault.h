/* Exceptions from ring 3 end the program, not the kernel (user_fault.c). */
#ifndef ANVIL_ARCH_USER_FAULT_H
#define ANVIL_ARCH_USER_FAULT_H

#include <stdbool.h>
#include <stdint.h>
#include "arch/x86_64/trap/trap.h"

/* An exception that interrupted ring 3 (the default exception handler
 * sends every one here).  A first touch of a heap page is mapped, a write
 * to a copy-on-write page gets a page of its own, and it returns true (the
 * instruction runs again).  A fault of the program becomes its signal:
 * true when a handler will run, no return when the process ends; a fault
 * with no frame left to mend it ends it with SIGKILL.  false: nothing a
 * program causes (NMI, #MC, #DF), or no program running: the caller
 * reports it as a kernel error. */
bool user_fault(struct trap_frame *f);

/* A #PF at addr with error code err, for the program or for a copy helper
 * working for it: if addr is in the current program's heap and nothing is
 * mapped there, map a zeroed page (demand paging); if it is a write to a
 * copy-on-write page of the running address space, break the sharing
 * (vm_cow_fault).  True when the access can be retried.  False otherwise,
 * out of memory included: a copy helper's fix-up then returns -EFAULT. */
bool user_fault_in(uint64_t addr, uint64_t err);

/* SIGFPE's si_code for an x87 (#MF) or SSE (#XM) exception, as Linux's
 * fpu__exception_code (arch/x86/kernel/fpu/core.c): the exception bits
 * the control bits leave unmasked -- #MF: fsw & ~fcw; #XM: MXCSR's flags
 * (bits 0-5) & ~its masks (bits 7-12) -- the first of invalid, divide by
 * zero, overflow, underflow or denormal (both FPE_FLTUND), precision;
 * 0 for none (a spurious exception: no signal). */
int user_fault_fpe_code(uint64_t vector, uint16_t fsw, uint16_t fcw, uint32_t mxcsr);

/* About to return from an interrupt or exception to ring 3 at f->rip:
 * if that is not a canonical address, end the program with SIGSEGV now
 * rather than try (user_fault.c says why).  trap_dispatch calls it last. */
void user_return_check(const struct trap_frame *f);

#endif
