/* Constant-time comparison, for secrets (keys, MACs, password hashes). */
#ifndef ANVIL_KERNEL_CT_H
#define ANVIL_KERNEL_CT_H

#include <stdbool.h>
#include <stddef.h>

/* True when the n bytes at a and b are equal.  Takes the same time
 * whatever the bytes are: it always reads all n of both, and no branch
 * depends on their contents (kernel/ct.c says how to check that). */
bool ct_memeq(const void *a, const void *b, size_t n);

#endif
