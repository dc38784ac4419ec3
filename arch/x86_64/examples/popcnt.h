/*
 * Counting set bits: the popcnt instruction (Intel SDM Vol. 2B "POPCNT")
 * and a portable fallback, with popcount64() choosing between them.
 *
 * popcnt is not part of the x86-64 baseline: CPUID.01H:ECX.POPCNT[bit 23]
 * says whether it exists, and QEMU's default -cpu qemu64 lacks it (#UD).
 * The kernel is compiled for the baseline, so the compiler itself never
 * emits popcnt; only this wrapper does, after checking.
 */
#ifndef ANVIL_ARCH_POPCNT_H
#define ANVIL_ARCH_POPCNT_H

#include <stdint.h>
#include "arch/x86_64/cpu/cpufeatures.h"

/* popcnt: "=r" any register for the count, "rm" the source may be a
 * register or memory.  "cc": popcnt writes the flags (ZF = source was 0,
 * the others cleared).  volatile only by anvil's rule; the result depends
 * on the input alone.  Needs CPU_FEATURE_POPCNT. */
static inline uint64_t popcnt64(uint64_t x)
{
	uint64_t n;
	__asm__ volatile("popcnt %1, %0" : "=r"(n) : "rm"(x) : "cc");
	return n;
}

/* The portable way: add bits in pairs, nibbles, bytes, then sum the bytes
 * with one multiply ("Hacker's Delight" §5-1). */
static inline uint64_t popcount64_soft(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555UL);
	x = (x & 0x3333333333333333UL) + ((x >> 2) & 0x3333333333333333UL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fUL;
	return (x * 0x0101010101010101UL) >> 56;
}

/* The number of set bits in x, by the instruction when there is one. */
static inline uint64_t popcount64(uint64_t x)
{
	if (cpu_has(CPU_FEATURE_POPCNT))
		return popcnt64(x);
	return popcount64_soft(x);
}

#endif
