/* Loading a program into a new address space (kernel/exec.c). */
#ifndef ANVIL_KERNEL_EXEC_H
#define ANVIL_KERNEL_EXEC_H

#include <stddef.h>
#include <stdint.h>
#include "kernel/process.h"

/* Check the ELF file[0..len), build p->as with its segments and a stack
 * holding argv and the auxiliary vector, and set p's heap.  On success
 * *entry and *sp are where the program starts.  -ENOEXEC (reason
 * logged), -ENOMEM or -EINVAL; p->as may then be partly built (the
 * caller destroys it). */
int exec_load(struct process *p, const void *file, size_t len, int argc,
	      const char *const *argv, uint64_t *entry, uint64_t *sp);

#endif
