/*
 * The article's SSE example: a kernel routine that uses the vector
 * registers through inline-asm wrappers (sse.h), bracketed by
 * simd_begin()/simd_end() (arch/x86_64/cpu/simd.h).  Only tests call it.
 */
#ifndef ANVIL_ARCH_XOR_SIMD_H
#define ANVIL_ARCH_XOR_SIMD_H

#include <stddef.h>

/* dst[i] ^= src[i] for n bytes, 16 at a time with pxor. */
void xor_bytes_simd(void *dst, const void *src, size_t n);

#endif
