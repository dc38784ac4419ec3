/*
 * The upper halves of YMM0-15 (bits 255:128), written and read directly,
 * for tests of the state switching code (fpu_state_test.c): the one part
 * of the state fxsave does not show.
 *
 * AVX instructions: call only when XCR0 enables SSE and AVX (#UD
 * otherwise; Intel SDM Vol. 1 §14.3), with interrupts off, and only where
 * changing the registers is the point -- these name the registers
 * explicitly and list no clobbers, on purpose: the kernel is compiled
 * with -mgeneral-regs-only, so the compiler keeps nothing in them, and
 * what the test puts there must stay for the code under test to see.
 * The instructions are VEX-encoded, which is why they are plain asm text
 * and not "x"-constraint operands (the SIMD units are built -mno-avx).
 */
#ifndef ANVIL_ARCH_AVX_H
#define ANVIL_ARCH_AVX_H

#include <stdint.h>

struct ymm_upper {
	uint8_t b[16][16];		/* bits 255:128 of YMM0-15 */
};

/* Register n's number must be in the instruction text: one statement per
 * register, made by these macros. */
#define AVX_EACH_YMM(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) \
			X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15)

/* vinsertf128 $1, m128, %ymmN, %ymmN: YMMn's upper half from memory, its
 * lower half (XMMn) kept (SDM Vol. 2B "VINSERTF128").  "m": 16 bytes
 * read. */
#define AVX_YMM_UPPER_LOAD(n)                                                 \
	__asm__ volatile("vinsertf128 $1, %0, %%ymm" #n ", %%ymm" #n          \
			 : : "m"(*(const uint8_t(*)[16])u->b[n]));

/* vextractf128 $1, %ymmN, m128: store YMMn's upper half (SDM Vol. 2B
 * "VEXTRACTF128").  "=m": 16 bytes written. */
#define AVX_YMM_UPPER_STORE(n)                                                \
	__asm__ volatile("vextractf128 $1, %%ymm" #n ", %0"                    \
			 : "=m"(*(uint8_t(*)[16])u->b[n]));

static inline void ymm_upper_load(const struct ymm_upper *u)
{
	AVX_EACH_YMM(AVX_YMM_UPPER_LOAD)
}

static inline void ymm_upper_store(struct ymm_upper *u)
{
	AVX_EACH_YMM(AVX_YMM_UPPER_STORE)
}

#endif
