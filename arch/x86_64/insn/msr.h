/*
 * Model-specific registers: rdmsr / wrmsr (Intel SDM Vol. 4 lists them;
 * Vol. 2B "RDMSR", "WRMSR").  ECX selects the MSR; the 64-bit value
 * travels split in EDX:EAX.
 *
 * Constraints: "c" the MSR number; "=a" / "=d" the low and high halves.
 * Never "=A" on x86-64: there it means RAX *or* RDX, not the EDX:EAX pair.
 * wrmsr carries "memory": MSRs such as EFER, LSTAR or GS_BASE change how
 * later code runs, so memory accesses must not cross the write.
 */
#ifndef ANVIL_ARCH_MSR_H
#define ANVIL_ARCH_MSR_H

#include <stdint.h>

#define MSR_APIC_BASE		0x0000001b	/* local APIC base address, enable bit */
#define MSR_EFER		0xc0000080	/* extended feature enables */
#define MSR_STAR		0xc0000081	/* SYSCALL/SYSRET segment selectors */
#define MSR_LSTAR		0xc0000082	/* SYSCALL 64-bit entry point */
#define MSR_CSTAR		0xc0000083	/* SYSCALL compat-mode entry (unused) */
#define MSR_SFMASK		0xc0000084	/* RFLAGS bits cleared by SYSCALL */
#define MSR_FS_BASE		0xc0000100	/* FS segment base */
#define MSR_GS_BASE		0xc0000101	/* GS segment base */
#define MSR_KERNEL_GS_BASE	0xc0000102	/* the GS base swapgs swaps in */
#define MSR_TSC_AUX		0xc0000103	/* value rdtscp/rdpid return in ECX */

/* EFER bits (SDM Vol. 3A §2.2.1, Table 2-1) */
#define EFER_SCE_BIT		0	/* System Call Extensions: SYSCALL/SYSRET */
#define EFER_SCE		(1UL << EFER_SCE_BIT)
#define EFER_LME_BIT		8	/* Long Mode Enable */
#define EFER_LME		(1UL << EFER_LME_BIT)
#define EFER_LMA_BIT		10	/* Long Mode Active (read-only) */
#define EFER_LMA		(1UL << EFER_LMA_BIT)
#define EFER_NXE_BIT		11	/* No-Execute Enable: PTE bit 63 */
#define EFER_NXE		(1UL << EFER_NXE_BIT)

/* STAR fields (SDM Vol. 3A §5.8.8): the selector bases syscall and
 * sysret derive CS and SS from */
#define STAR_SYSCALL_CS_SHIFT	32	/* bits 47:32: kernel CS; SS = CS + 8 */
#define STAR_SYSRET_CS_SHIFT	48	/* bits 63:48: 64-bit user CS = this + 16 */

/* APIC_BASE bits (SDM Vol. 3A §11.4.4) */
#define APIC_BASE_BSP_BIT	8	/* this is the bootstrap processor */
#define APIC_BASE_BSP		(1UL << APIC_BASE_BSP_BIT)
#define APIC_BASE_EXTD_BIT	10	/* x2APIC mode */
#define APIC_BASE_EXTD		(1UL << APIC_BASE_EXTD_BIT)
#define APIC_BASE_EN_BIT	11	/* APIC globally enabled */
#define APIC_BASE_EN		(1UL << APIC_BASE_EN_BIT)
#define APIC_BASE_ADDR_MASK	0x000ffffffffff000UL

/* Read a 64-bit MSR. */
static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

/* Write a 64-bit MSR. */
static inline void wrmsr(uint32_t msr, uint64_t value)
{
	__asm__ volatile("wrmsr"
			 :
			 : "c"(msr), "a"((uint32_t)value), "d"((uint32_t)(value >> 32))
			 : "memory");
}

#endif
