/*
 * Random bytes for programs (getrandom, AT_RANDOM).
 *
 * Where the CPU has RDRAND they come from it.  Where it does not (QEMU's
 * default qemu64 CPU), from a xorshift generator seeded with the TSC:
 * different on every boot, but NOT cryptographic -- anyone who can guess
 * the boot time can guess the bytes.  random_init() says which one runs.
 */
#ifndef ANVIL_KERNEL_RANDOM_H
#define ANVIL_KERNEL_RANDOM_H

#include <stddef.h>

void random_init(void);
void random_bytes(void *buf, size_t n);

#endif
