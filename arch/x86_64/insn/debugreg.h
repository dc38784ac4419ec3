/*
 * The debug status register DR6 (Intel SDM Vol. 3B §17.2.3): after a #DB
 * it says why -- BS (bit 14) for a single step (RFLAGS.TF), B0..B3 for a
 * hardware breakpoint.  The CPU never clears it, so the handler does
 * (Linux's exc_debug_user writes DR6_RESERVED back), or the next #DB would
 * still show this one's bits.
 */
#ifndef ANVIL_ARCH_DEBUGREG_H
#define ANVIL_ARCH_DEBUGREG_H

#include <stdint.h>

#define DR6_B0_B3	0xfUL		/* a breakpoint in DR0..DR3 hit */
#define DR6_BS		(1UL << 14)	/* single step */
#define DR6_RESERVED	0xffff0ff0UL	/* what DR6 reads as with no cause set */

/* mov from a debug register: only a register operand ("=r"), CPL 0 only.
 * volatile: the value changes with every #DB, so each read must happen. */
static inline uint64_t read_dr6(void)
{
	uint64_t v;
	__asm__ volatile("mov %%dr6, %0" : "=r"(v));
	return v;
}

static inline void write_dr6(uint64_t v)
{
	__asm__ volatile("mov %0, %%dr6" : : "r"(v));
}

#endif
