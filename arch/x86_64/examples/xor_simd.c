/*
 * XOR of two buffers, 16 bytes per instruction: a kernel routine that uses
 * SSE through inline-asm wrappers (sse.h).  This file is a *_simd.c unit,
 * compiled with SSE allowed (Makefile SIMD_CFLAGS); it must only touch the
 * vector registers between simd_begin() and simd_end(), see simd.h.
 */
#include "arch/x86_64/examples/xor_simd.h"
#include "arch/x86_64/cpu/simd.h"
#include "arch/x86_64/examples/sse.h"

void xor_bytes_simd(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	struct simd_state state;

	simd_begin(&state);
	for (; n >= 16; n -= 16, d += 16, s += 16)
		movdqu_store(d, pxor(movdqu_load(d), movdqu_load(s)));
	for (; n; n--)
		*d++ ^= *s++;
	simd_end(&state);
}
