/*
 * Random bytes for programs (getrandom, AT_RANDOM): a ChaCha20 generator
 * with fast key erasure, built like Linux's crng (drivers/char/random.c).
 *
 * The whole secret is one 32-byte key.  Every request first turns the key
 * into a ChaCha20 block; the block's first 32 bytes become the new key and
 * the rest, with further blocks under the old key, are the output.  So an
 * output never shows the key it came from nor the one after it, and a key
 * stolen later does not give away earlier outputs.
 *
 * The key is seeded at boot from RDSEED or RDRAND where the CPU has them,
 * and always from the jitter of TSC timings and the boot data; after that
 * the TSC at every interrupt is mixed in before the next request.  Without
 * RDSEED/RDRAND (-cpu qemu64) that is all the entropy there is: enough to
 * make every boot's stream different and unpredictable from its outputs,
 * but the seed is only as unguessable as those timings.  docs/syscalls.md.
 */
#ifndef ANVIL_KERNEL_RANDOM_H
#define ANVIL_KERNEL_RANDOM_H

#include <stddef.h>
#include <stdint.h>
#include "kernel/chacha20.h"

void random_init(void);
void random_bytes(void *buf, size_t n);

/* From the interrupt path (kernel/irq.c): note when interrupt irq came.
 * A few instructions, no ChaCha20: the mixing waits for the next request. */
void random_add_interrupt(unsigned irq);

/* One request of the generator: n bytes into out from key, which is
 * replaced by fresh keystream first (fast key erasure).  Exposed for the
 * KTEST that checks this construction. */
void crng_generate(uint8_t key[CHACHA20_KEY_SIZE], void *out, size_t n);

#endif
