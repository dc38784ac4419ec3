/*
 * Barriers: stopping the compiler, and the CPU, from reordering memory
 * accesses (Intel SDM Vol. 3A §9.2 "Memory Ordering"; Vol. 2A/2B "LFENCE",
 * "MFENCE", "SFENCE").
 *
 * Two different things reorder a program's loads and stores:
 *  - the compiler, which may keep values in registers and move accesses
 *    around as long as a single thread cannot tell.  barrier() stops it:
 *    an empty asm with a "memory" clobber says "this reads and writes any
 *    memory", so everything before must be stored and everything after
 *    reloaded.  It emits no instruction.
 *  - the CPU.  x86 is strongly ordered (only a store followed by a load
 *    from another address can pass), so the fences matter mostly for
 *    weakly-ordered stores (non-temporal moves, write-combining memory)
 *    and for lfence's second job: not letting later instructions start
 *    before earlier ones finish (rdtsc timing, tsc.h).
 * Every fence also carries "memory": a CPU fence the compiler could move
 * accesses across would be useless.
 */
#ifndef ANVIL_ARCH_BARRIER_H
#define ANVIL_ARCH_BARRIER_H

#include <stdint.h>

/* Compiler barrier: no instruction, only "memory". */
static inline void barrier(void)
{
	__asm__ volatile("" ::: "memory");
}

/* Hide a value from the optimiser: the compiler must assume the empty asm
 * changed it ("+r": read and written, in a register), so it cannot know
 * it, fold it, or turn the code that computes it into a branch on the
 * data.  No instruction either.  Used by ct_memeq (kernel/ct.c), and by
 * the clock reader (vdso/vvar.h) to pick where gcc computes a value. */
static inline uint64_t value_barrier(uint64_t v)
{
	__asm__ volatile("" : "+r"(v));
	return v;
}

/* Full fence: every load and store before completes before any after. */
static inline void mfence(void)
{
	__asm__ volatile("mfence" ::: "memory");
}

/* Load fence; also waits for all earlier instructions to complete locally
 * before any later one starts (SDM Vol. 2A "LFENCE"), which is why it
 * brackets rdtsc. */
static inline void lfence(void)
{
	__asm__ volatile("lfence" ::: "memory");
}

/* Store fence: earlier stores become visible before later ones. */
static inline void sfence(void)
{
	__asm__ volatile("sfence" ::: "memory");
}

#endif
