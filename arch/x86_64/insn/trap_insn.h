/*
 * Instructions that raise an exception or interrupt on purpose: for
 * breakpoints, and for the tests that check the trap path.  Each is asm
 * volatile: raising the exception is the whole point, so the compiler
 * must neither drop nor move it; "memory" where a handler may read or
 * write memory the compiler would otherwise keep in registers.
 */
#ifndef ANVIL_ARCH_TRAP_INSN_H
#define ANVIL_ARCH_TRAP_INSN_H

#include <stdint.h>

/* Breakpoint: raises #BP (vector 3) as a trap, so the saved RIP is the
 * next instruction and returning from the handler simply goes on. */
static inline void int3(void)
{
	__asm__ volatile("int3" ::: "memory");
}

/* The guaranteed-invalid opcode: raises #UD (vector 6), a fault whose
 * saved RIP is the ud2 itself. */
static inline void ud2(void)
{
	__asm__ volatile("ud2" ::: "memory");
}

/* Software interrupt through IDT gate `vector` (an immediate, "i": the
 * vector is part of the instruction; always_inline lets a constant reach
 * it).  The CPU pushes no error code for `int N`, whatever N is, so only
 * use it on vectors whose stub expects none. */
static inline __attribute__((always_inline)) void int_n(const uint8_t vector)
{
	__asm__ volatile("int %0" : : "i"(vector) : "memory");
}

/*
 * Unsigned divide of the 128-bit RDX:RAX by divisor: quotient in RAX,
 * remainder in RDX.  Raises #DE (vector 0) when divisor is 0 or the
 * quotient does not fit in 64 bits (hi >= divisor).  "0"/"1" put lo and
 * hi in the registers that also receive the results; "cc": the flags are
 * left undefined.
 */
static inline uint64_t divq(uint64_t hi, uint64_t lo, uint64_t divisor, uint64_t *remainder)
{
	uint64_t quotient, rem;
	__asm__ volatile("divq %2" : "=a"(quotient), "=d"(rem) : "rm"(divisor), "0"(lo), "1"(hi) : "cc");
	*remainder = rem;
	return quotient;
}

#endif
