/*
 * SSE2 instructions on 128-bit values, for the SIMD units only (files
 * named *_simd.c, the only ones the Makefile compiles with SSE allowed).
 *
 * The "x" constraint means "an XMM register"; the compiler picks which
 * and moves values in and out, so no asm names xmm0 and none needs a
 * register clobber.  Memory operands use a 16-byte struct type so the
 * compiler knows exactly which 16 bytes are read ("m") or written ("=m").
 * Call them only between simd_begin() and simd_end() (simd.h).
 */
#ifndef ANVIL_ARCH_SSE_H
#define ANVIL_ARCH_SSE_H

#ifndef __SSE2__
#error "sse.h is for *_simd.c units; the rest of the kernel is built without SSE"
#endif

#include <stdint.h>

typedef uint8_t v128 __attribute__((vector_size(16)));

struct bytes16 {
	uint8_t b[16];
};

/* Load 16 bytes from any address (movdqu: no alignment needed, unlike
 * movdqa, which faults on an address that is not 16-byte aligned). */
static inline v128 movdqu_load(const void *p)
{
	v128 v;
	__asm__ volatile("movdqu %1, %0" : "=x"(v) : "m"(*(const struct bytes16 *)p));
	return v;
}

/* Store 16 bytes to any address. */
static inline void movdqu_store(void *p, v128 v)
{
	__asm__ volatile("movdqu %1, %0" : "=m"(*(struct bytes16 *)p) : "x"(v));
}

/* a ^ b, 128 bits at once.  "+x": a is read and replaced by the result. */
static inline v128 pxor(v128 a, v128 b)
{
	__asm__ volatile("pxor %1, %0" : "+x"(a) : "x"(b));
	return a;
}

#endif
