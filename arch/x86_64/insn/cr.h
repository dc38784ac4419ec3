/*
 * Control registers CR0, CR2, CR3, CR4, CR8 (Intel SDM Vol. 3A §2.5).
 *
 * Reads are asm volatile because the value changes behind the compiler's
 * back (CR2 on every page fault, CR3 on every address-space switch): two
 * reads must not be merged.  Writes carry a "memory" clobber: changing
 * paging or protection bits changes what memory accesses mean, so no load
 * or store may be moved across the write.
 */
#ifndef ANVIL_ARCH_CR_H
#define ANVIL_ARCH_CR_H

#include <stdint.h>

/* CR0 (SDM Vol. 3A §2.5, Figure 2-7) */
#define X86_CR0_PE_BIT		0	/* Protection Enable */
#define X86_CR0_PE		(1UL << X86_CR0_PE_BIT)
#define X86_CR0_MP_BIT		1	/* Monitor Coprocessor: WAIT honours TS */
#define X86_CR0_MP		(1UL << X86_CR0_MP_BIT)
#define X86_CR0_EM_BIT		2	/* Emulation: x87/SSE instructions trap */
#define X86_CR0_EM		(1UL << X86_CR0_EM_BIT)
#define X86_CR0_TS_BIT		3	/* Task Switched: lazy FPU trap */
#define X86_CR0_TS		(1UL << X86_CR0_TS_BIT)
#define X86_CR0_ET_BIT		4	/* Extension Type (always 1) */
#define X86_CR0_ET		(1UL << X86_CR0_ET_BIT)
#define X86_CR0_NE_BIT		5	/* Numeric Error: native x87 errors */
#define X86_CR0_NE		(1UL << X86_CR0_NE_BIT)
#define X86_CR0_WP_BIT		16	/* Write Protect: ring 0 obeys read-only pages */
#define X86_CR0_WP		(1UL << X86_CR0_WP_BIT)
#define X86_CR0_AM_BIT		18	/* Alignment Mask */
#define X86_CR0_AM		(1UL << X86_CR0_AM_BIT)
#define X86_CR0_NW_BIT		29	/* Not Write-through */
#define X86_CR0_NW		(1UL << X86_CR0_NW_BIT)
#define X86_CR0_CD_BIT		30	/* Cache Disable */
#define X86_CR0_CD		(1UL << X86_CR0_CD_BIT)
#define X86_CR0_PG_BIT		31	/* Paging */
#define X86_CR0_PG		(1UL << X86_CR0_PG_BIT)

/* CR3 (SDM Vol. 3A §4.5, Table 4-12): caching of the top page table */
#define X86_CR3_PWT_BIT		3	/* Page-level Write-Through */
#define X86_CR3_PWT		(1UL << X86_CR3_PWT_BIT)
#define X86_CR3_PCD_BIT		4	/* Page-level Cache Disable */
#define X86_CR3_PCD		(1UL << X86_CR3_PCD_BIT)

/* CR4 (SDM Vol. 3A §2.5, Figure 2-7) */
#define X86_CR4_VME_BIT		0	/* Virtual-8086 Mode Extensions */
#define X86_CR4_VME		(1UL << X86_CR4_VME_BIT)
#define X86_CR4_PVI_BIT		1	/* Protected-mode Virtual Interrupts */
#define X86_CR4_PVI		(1UL << X86_CR4_PVI_BIT)
#define X86_CR4_TSD_BIT		2	/* Time Stamp Disable (rdtsc ring 0 only) */
#define X86_CR4_TSD		(1UL << X86_CR4_TSD_BIT)
#define X86_CR4_DE_BIT		3	/* Debugging Extensions */
#define X86_CR4_DE		(1UL << X86_CR4_DE_BIT)
#define X86_CR4_PSE_BIT		4	/* Page Size Extensions */
#define X86_CR4_PSE		(1UL << X86_CR4_PSE_BIT)
#define X86_CR4_PAE_BIT		5	/* Physical Address Extension */
#define X86_CR4_PAE		(1UL << X86_CR4_PAE_BIT)
#define X86_CR4_MCE_BIT		6	/* Machine Check Enable */
#define X86_CR4_MCE		(1UL << X86_CR4_MCE_BIT)
#define X86_CR4_PGE_BIT		7	/* Page Global Enable */
#define X86_CR4_PGE		(1UL << X86_CR4_PGE_BIT)
#define X86_CR4_PCE_BIT		8	/* Performance counters readable in ring 3 */
#define X86_CR4_PCE		(1UL << X86_CR4_PCE_BIT)
#define X86_CR4_OSFXSR_BIT	9	/* OS supports fxsave/fxrstor (enables SSE) */
#define X86_CR4_OSFXSR		(1UL << X86_CR4_OSFXSR_BIT)
#define X86_CR4_OSXMMEXCPT_BIT	10	/* OS handles SIMD exceptions (#XM) */
#define X86_CR4_OSXMMEXCPT	(1UL << X86_CR4_OSXMMEXCPT_BIT)
#define X86_CR4_UMIP_BIT	11	/* User-Mode Instruction Prevention */
#define X86_CR4_UMIP		(1UL << X86_CR4_UMIP_BIT)
#define X86_CR4_LA57_BIT	12	/* 5-level paging */
#define X86_CR4_LA57		(1UL << X86_CR4_LA57_BIT)
#define X86_CR4_FSGSBASE_BIT	16	/* rd/wr{fs,gs}base instructions */
#define X86_CR4_FSGSBASE	(1UL << X86_CR4_FSGSBASE_BIT)
#define X86_CR4_PCIDE_BIT	17	/* Process-Context Identifiers */
#define X86_CR4_PCIDE		(1UL << X86_CR4_PCIDE_BIT)
#define X86_CR4_OSXSAVE_BIT	18	/* xsave and XCR0 enabled */
#define X86_CR4_OSXSAVE		(1UL << X86_CR4_OSXSAVE_BIT)
#define X86_CR4_SMEP_BIT	20	/* Supervisor Mode Execution Prevention */
#define X86_CR4_SMEP		(1UL << X86_CR4_SMEP_BIT)
#define X86_CR4_SMAP_BIT	21	/* Supervisor Mode Access Prevention */
#define X86_CR4_SMAP		(1UL << X86_CR4_SMAP_BIT)

/* The register read/write pairs differ only in the register name, so one
 * macro makes them.  "=r"/"r": any general register (mov to/from CRn only
 * takes a 64-bit general register). */
#define ANVIL_DEFINE_CR_READ(n)                                              \
	static inline uint64_t read_cr##n(void)                               \
	{                                                                     \
		uint64_t value;                                               \
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(value));         \
		return value;                                                 \
	}
#define ANVIL_DEFINE_CR_WRITE(n)                                             \
	static inline void write_cr##n(uint64_t value)                        \
	{                                                                     \
		__asm__ volatile("mov %0, %%cr" #n : : "r"(value) : "memory"); \
	}

ANVIL_DEFINE_CR_READ(0)
ANVIL_DEFINE_CR_WRITE(0)
ANVIL_DEFINE_CR_READ(2)	/* the faulting address of the last #PF; read-only here */
ANVIL_DEFINE_CR_READ(3)	/* physical address of the PML4 (+ PCID / flags) */
ANVIL_DEFINE_CR_WRITE(3)	/* switches address space, flushes non-global TLB entries */
ANVIL_DEFINE_CR_READ(4)
ANVIL_DEFINE_CR_WRITE(4)
ANVIL_DEFINE_CR_READ(8)	/* task priority register (the LAPIC TPR's upper 4 bits) */
ANVIL_DEFINE_CR_WRITE(8)

#undef ANVIL_DEFINE_CR_READ
#undef ANVIL_DEFINE_CR_WRITE

/* The physical address of the PML4 in a CR3 value (bits 12..51). */
#define X86_CR3_ADDR_MASK	0x000ffffffffff000UL

#endif
