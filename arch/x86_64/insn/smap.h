/*
 * stac / clac: open and close ring 0's access to user pages under SMAP
 * (Intel SDM Vol. 3A §4.6.1 "Determination of Access Rights"; Vol. 2B
 * "STAC", Vol. 2A "CLAC").
 *
 * With CR4.SMAP set, a kernel access to a user page faults unless
 * RFLAGS.AC is 1.  stac sets AC, clac clears it; the kernel brackets
 * copy_from_user-style code with them.  Both need CPU_FEATURE_SMAP (#UD
 * otherwise).  "memory" on both: user-memory accesses must stay between
 * the pair, never be moved outside it by the compiler.  "cc" because they
 * write RFLAGS (the compiler does not track AC, but it is a flags write).
 */
#ifndef ANVIL_ARCH_SMAP_H
#define ANVIL_ARCH_SMAP_H

static inline void stac(void)
{
	__asm__ volatile("stac" ::: "memory", "cc");
}

static inline void clac(void)
{
	__asm__ volatile("clac" ::: "memory", "cc");
}

#endif
