/*
 * The inline-asm article's two first examples, as kernel code: adding two
 * numbers, written the two ways extended asm allows (GCC manual "Extended
 * Asm", "Output Operands" and "Clobbers and Scratch Registers").
 *
 * Neither beats "a + b"; they exist to show constraints that are right,
 * and they are tested against a + b (asm_examples_test.c).
 */
#ifndef ANVIL_ARCH_ASM_EXAMPLES_H
#define ANVIL_ARCH_ASM_EXAMPLES_H

#include <stdint.h>

/*
 * Separate inputs and output, through a scratch register.  The article's
 * version hard-coded RAX:
 *	mov a, %rax; add b, %rax; mov %rax, sum
 * which is only correct with "rax" in the clobber list; otherwise the
 * compiler may keep a live value in RAX across the asm.  Better: let the
 * compiler choose the scratch register by making it an output,
 * "=&r"(tmp): '=' written, '&' early-clobber, because it is written
 * before the inputs are last read and so must not share a register with
 * them.  "cc": add writes the flags.
 */
static inline uint64_t asm_add(uint64_t a, uint64_t b)
{
	uint64_t sum, tmp;
	__asm__ volatile("mov %2, %1\n\t"
			 "add %3, %1\n\t"
			 "mov %1, %0"
			 : "=r"(sum), "=&r"(tmp)
			 : "r"(a), "r"(b)
			 : "cc");
	return sum;
}

/* One operand that is both read and written: "+r"(a) holds a on entry
 * and the sum on exit, so no scratch register is needed at all. */
static inline uint64_t asm_add_inout(uint64_t a, uint64_t b)
{
	__asm__ volatile("add %1, %0" : "+r"(a) : "r"(b) : "cc");
	return a;
}

#endif
