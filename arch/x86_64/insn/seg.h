/*
 * Segment registers in 64-bit mode (Intel SDM Vol. 3A §3.4.4 "Segment
 * Loading Instructions in IA-32e Mode"), the FS/GS bases, and swapgs.
 *
 * In 64-bit mode CS, DS, ES and SS have base 0 and no limit; what still
 * matters is CS's privilege level and L bit, SS's selector (for iretq),
 * and FS and GS, whose bases the kernel uses for thread and per-CPU data.
 * The bases live in MSRs (MSR_FS_BASE, MSR_GS_BASE, MSR_KERNEL_GS_BASE,
 * msr.h); with FSGSBASE they can also be read and written directly.
 */
#ifndef ANVIL_ARCH_SEG_H
#define ANVIL_ARCH_SEG_H

#include <stdbool.h>
#include <stdint.h>
#include "arch/x86_64/cpu/cpufeatures.h"
#include "arch/x86_64/insn/cr.h"

/* Reading a segment register: "mov %seg, r16".  "=r" as uint16_t; asm
 * volatile because a reload elsewhere changes the value. */
#define ANVIL_DEFINE_SEG_READ(seg)                                           \
	static inline uint16_t read_##seg(void)                               \
	{                                                                     \
		uint16_t sel;                                                 \
		__asm__ volatile("mov %%" #seg ", %0" : "=r"(sel));           \
		return sel;                                                   \
	}
/* Loading one: the CPU reads the descriptor from the GDT, so "memory"
 * (GDT stores must come first).  CS cannot be loaded with mov: it takes a
 * far return or jump, which the GDT code does. */
#define ANVIL_DEFINE_SEG_LOAD(seg)                                           \
	static inline void load_##seg(uint16_t sel)                           \
	{                                                                     \
		__asm__ volatile("mov %0, %%" #seg : : "r"(sel) : "memory");  \
	}

ANVIL_DEFINE_SEG_READ(cs)
ANVIL_DEFINE_SEG_READ(ds)
ANVIL_DEFINE_SEG_READ(es)
ANVIL_DEFINE_SEG_READ(ss)
ANVIL_DEFINE_SEG_READ(fs)
ANVIL_DEFINE_SEG_READ(gs)
ANVIL_DEFINE_SEG_LOAD(ds)
ANVIL_DEFINE_SEG_LOAD(es)
ANVIL_DEFINE_SEG_LOAD(ss)
ANVIL_DEFINE_SEG_LOAD(fs)	/* in 64-bit mode may also reset the FS base */
ANVIL_DEFINE_SEG_LOAD(gs)	/* likewise the GS base */

#undef ANVIL_DEFINE_SEG_READ
#undef ANVIL_DEFINE_SEG_LOAD

/* Exchange the GS base with MSR_KERNEL_GS_BASE (SDM Vol. 2B "SWAPGS"):
 * the kernel's first instruction after entry from ring 3, so gs: then
 * points at per-CPU data.  "memory": every gs:-relative access after it
 * means different memory than before. */
static inline void swapgs(void)
{
	__asm__ volatile("swapgs" ::: "memory");
}

/*
 * rd/wr{fs,gs}base (SDM Vol. 2B "RDFSBASE/RDGSBASE", "WRFSBASE/WRGSBASE"):
 * the bases without an MSR access.  They raise #UD unless the CPU has
 * FSGSBASE *and* CR4.FSGSBASE is set; the bit also lets ring 3 use them,
 * which is why the kernel (not this header) decides whether to set it.
 * "memory" on the writes: fs:/gs: accesses after them mean other memory.
 */
static inline bool fsgsbase_usable(void)
{
	return cpu_has(CPU_FEATURE_FSGSBASE) && (read_cr4() & X86_CR4_FSGSBASE);
}

static inline uint64_t rdfsbase(void)
{
	uint64_t base;
	__asm__ volatile("rdfsbase %0" : "=r"(base));
	return base;
}

static inline void wrfsbase(uint64_t base)
{
	__asm__ volatile("wrfsbase %0" : : "r"(base) : "memory");
}

static inline uint64_t rdgsbase(void)
{
	uint64_t base;
	__asm__ volatile("rdgsbase %0" : "=r"(base));
	return base;
}

static inline void wrgsbase(uint64_t base)
{
	__asm__ volatile("wrgsbase %0" : : "r"(base) : "memory");
}

#endif
