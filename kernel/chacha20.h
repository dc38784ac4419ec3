/*
 * The ChaCha20 block function (RFC 8439 §2.3; D. J. Bernstein, "ChaCha,
 * a variant of Salsa20", 2008): 64 bytes of keystream from a 256-bit
 * key, a 32-bit block counter and a 96-bit nonce.  Knowing any number of
 * blocks does not help to find the key or the other blocks, which is
 * what kernel/random.c builds its generator on, as Linux's crng does.
 */
#ifndef ANVIL_KERNEL_CHACHA20_H
#define ANVIL_KERNEL_CHACHA20_H

#include <stdint.h>

#define CHACHA20_KEY_SIZE	32
#define CHACHA20_NONCE_SIZE	12
#define CHACHA20_BLOCK_SIZE	64

/* Block number `counter` of the keystream for key and nonce.  The words
 * of key, nonce and the output are little-endian, as RFC 8439 says. */
void chacha20_block(const uint8_t key[CHACHA20_KEY_SIZE], uint32_t counter,
		    const uint8_t nonce[CHACHA20_NONCE_SIZE], uint8_t out[CHACHA20_BLOCK_SIZE]);

#endif
