/*
 * Atomic read-modify-write instructions, the building blocks of locks
 * (kernel/spinlock.h).  Only what anvil uses today; the SMP work adds the
 * rest (lock xadd, lock cmpxchg) beside these.
 *
 * x86's ordering model (Intel SDM Vol. 3A §9.2.2 "Memory Ordering in P6
 * and More Recent Processor Families"): loads are not reordered with
 * loads, stores not with stores, and a store not with an earlier load;
 * only a store followed by a load of a *different* address may be seen in
 * the other order.  A locked instruction (and xchg, which is always
 * locked) is a full barrier: nothing moves across it either way.  So an
 * xchg that takes a lock also keeps the critical section's loads and
 * stores after it, and a plain store that releases the lock keeps them
 * before it -- as long as the *compiler* does not move them, which is
 * what the "memory" clobbers below say.
 */
#ifndef ANVIL_ARCH_ATOMIC_H
#define ANVIL_ARCH_ATOMIC_H

#include <stdint.h>

/*
 * Swap *p and v in one indivisible step; returns the old *p (SDM Vol. 2B
 * "XCHG": with a memory operand the LOCK semantics are implicit, no
 * prefix needed).  "+m"(*p): read and written; "+r"(v): goes in with the
 * new value, comes out with the old.  "memory": a full barrier for the
 * compiler too, because the hardware makes it one.
 */
static inline uint32_t xchg32(volatile uint32_t *p, uint32_t v)
{
	__asm__ volatile("xchgl %0, %1" : "+r"(v), "+m"(*p) : : "memory");
	return v;
}

/*
 * Store v to *p with release ordering: on x86 an ordinary mov already
 * keeps every earlier load and store before it (the model above), so
 * only the compiler must be stopped from sinking critical-section
 * accesses below it: the "memory" clobber.  "=m"(*p): written only.
 */
static inline void store_release32(volatile uint32_t *p, uint32_t v)
{
	__asm__ volatile("movl %1, %0" : "=m"(*p) : "r"(v) : "memory");
}

#endif
