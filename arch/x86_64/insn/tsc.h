/*
 * The time-stamp counter: a 64-bit count of clock ticks since reset
 * (Intel SDM Vol. 3B §18.17 "Time-Stamp Counter"; Vol. 2B "RDTSC",
 * "RDTSCP").  With CPUID's invariant-TSC bit it ticks at a constant rate
 * whatever the power state, which makes it a clock.
 *
 * Both instructions return the count split in EDX:EAX, so the wrappers
 * take "=a" and "=d" and combine them (never "=A" on x86-64, see msr.h).
 * The outputs are 64-bit: in 64-bit mode both instructions clear the high
 * halves of RAX and RDX (SDM Vol. 2B "RDTSC"), so the combination is a
 * shift and an or, with no zero-extension of EAX first (Linux's
 * EAX_EDX_DECLARE_ARGS, arch/x86/include/asm/msr.h, is unsigned long too).
 * They are asm volatile because every execution gives a new value: without
 * volatile the compiler would merge two reads into one.  No "memory": they
 * touch no memory; ordering is what the fenced helpers below are for.
 */
#ifndef ANVIL_ARCH_TSC_H
#define ANVIL_ARCH_TSC_H

#include <stdint.h>
#include "arch/x86_64/insn/barrier.h"
#include "arch/x86_64/cpu/cpufeatures.h"

/* Read the TSC.  Not ordered: the CPU may execute it before earlier
 * instructions have finished, or after later ones have started. */
static inline uint64_t rdtsc(void)
{
	uint64_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return hi << 32 | lo;
}

/* Read the TSC after every earlier instruction has executed, and
 * IA32_TSC_AUX (the OS's CPU number, in ECX) into *aux: "=c" is a third
 * output.  Later instructions may still start before it.  Needs
 * CPU_FEATURE_RDTSCP (#UD otherwise, e.g. under -cpu qemu64). */
static inline uint64_t rdtscp(uint32_t *aux)
{
	uint64_t lo, hi, c;
	__asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(c));
	*aux = (uint32_t)c;
	return hi << 32 | lo;
}

/* Read the TSC after every earlier instruction has completed: lfence
 * first (SDM Vol. 2B "RDTSC": "If software requires RDTSC to be executed
 * only after all previous instructions have executed and all previous
 * loads are globally visible, it can execute LFENCE immediately before
 * RDTSC").  A clock reader needs this: a plain rdtsc may run before the
 * loads of the clock's base (vdso/vvar.h) and give a count older than
 * the base.  Linux's rdtsc_ordered (arch/x86/include/asm/msr.h) picks
 * lfence;rdtsc or rdtscp by CPU; one asm, so the compiler cannot put
 * anything between the two.  No "memory": the seqlock's barriers order
 * the loads around it.  (AMD: lfence serialises dispatch from Zen 2 on,
 * or with DE_CFG bit 1, which anvil does not set.) */
static inline uint64_t rdtsc_ordered(void)
{
	uint64_t lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
	return hi << 32 | lo;
}

/* Read IA32_TSC_AUX (the OS's CPU number) alone, without the TSC (SDM
 * Vol. 2B "RDPID"): any 64-bit register, "=r".  Needs CPU_FEATURE_RDPID
 * (CPUID.(EAX=07H,ECX=0):ECX[22]); #UD otherwise. */
static inline uint64_t rdpid(void)
{
	uint64_t aux;
	__asm__ volatile("rdpid %0" : "=r"(aux));
	return aux;
}

/*
 * Measuring a short code section (the pattern of Intel's white paper "How
 * to Benchmark Code Execution Times on Intel IA-32 and IA-64 Instruction
 * Set Architectures", with lfence in place of its serialising cpuid, as
 * SDM Vol. 2B "RDTSC" suggests):
 *
 *	uint64_t t0 = tsc_start();
 *	... code under test ...
 *	uint64_t cycles = tsc_stop() - t0;
 *
 * tsc_start: lfence waits for everything before to finish, rdtsc reads,
 * and the second lfence keeps the code under test from starting early.
 * tsc_stop: rdtscp waits for the code under test to finish, and lfence
 * keeps later code from starting before the read.  Without RDTSCP the
 * stop side is lfence; rdtsc; lfence.  The fences' "memory" clobbers keep
 * the compiler from moving the section's loads and stores out; pure
 * register arithmetic may still move, so time code with side effects.
 * (AMD: lfence is dispatch-serialising on every CPU since Zen 2; older
 * ones need DE_CFG bit 1, which anvil does not set.)
 */
static inline uint64_t tsc_start(void)
{
	lfence();
	uint64_t t = rdtsc();
	lfence();
	return t;
}

static inline uint64_t tsc_stop(void)
{
	uint64_t t;
	if (cpu_has(CPU_FEATURE_RDTSCP)) {
		uint32_t aux;
		t = rdtscp(&aux);
	} else {
		lfence();
		t = rdtsc();
	}
	lfence();
	return t;
}

#endif
