/* The generator of kernel/random.c: fast key erasure, built from the
 * ChaCha20 block function exactly as Linux's crng does it. */
#include "kernel/random.h"
#include "kernel/ktest.h"
#include "kernel/string.h"

/* One request of 100 bytes from key K: block 0 of K gives the new key
 * (first half) and output bytes 0-31 (second half); blocks 1 and 2 of K
 * give the rest.  The new key appears nowhere in the output. */
KTEST(random, crng_fast_key_erasure)
{
	static const uint8_t nonce[CHACHA20_NONCE_SIZE];
	uint8_t k0[CHACHA20_KEY_SIZE], k[CHACHA20_KEY_SIZE], out[100], want[3 * CHACHA20_BLOCK_SIZE];
	for (int i = 0; i < CHACHA20_KEY_SIZE; i++)
		k0[i] = k[i] = (uint8_t)(0xa0 + i);
	for (uint32_t b = 0; b < 3; b++)
		chacha20_block(k0, b, nonce, want + b * CHACHA20_BLOCK_SIZE);

	crng_generate(k, out, sizeof(out));
	KEXPECT_EQ(memcmp(k, want, CHACHA20_KEY_SIZE), 0);
	KEXPECT_EQ(memcmp(out, want + CHACHA20_KEY_SIZE, sizeof(out)), 0);
	for (size_t at = 0; at + CHACHA20_KEY_SIZE <= sizeof(out); at++)
		KEXPECT_NE(memcmp(out + at, k, CHACHA20_KEY_SIZE), 0);

	/* The next request runs from the new key: different bytes. */
	uint8_t again[sizeof(out)];
	crng_generate(k, again, sizeof(again));
	KEXPECT_NE(memcmp(again, out, sizeof(out)), 0);
}

/* The live generator: two requests differ, and neither is all zero. */
KTEST(random, bytes_differ)
{
	static const uint8_t zero[32];
	uint8_t a[32], b[32];
	random_bytes(a, sizeof(a));
	random_bytes(b, sizeof(b));
	KEXPECT_NE(memcmp(a, b, sizeof(a)), 0);
	KEXPECT_NE(memcmp(a, zero, sizeof(a)), 0);
}
