/*
 * What this CPU is and which optional features it has, decoded once from
 * CPUID at boot (cpu_features_init, called early in kmain).
 *
 *	if (cpu_has(CPU_FEATURE_SMAP))
 *		write_cr4(read_cr4() | X86_CR4_SMAP);
 *
 * Before cpu_features_init every cpu_has() answers false, so code that
 * runs that early takes its portable path.  Check before every optional
 * instruction: on a CPU without it (e.g. QEMU's -cpu qemu64 has no
 * POPCNT, RDRAND, RDTSCP, SMEP, SMAP, UMIP) the instruction raises #UD.
 */
#ifndef ANVIL_ARCH_CPUFEATURES_H
#define ANVIL_ARCH_CPUFEATURES_H

#include <stdbool.h>
#include <stdint.h>

/* The features the kernel uses.  Where each bit lives in CPUID is in the
 * table in cpufeatures.c. */
enum cpu_feature {
	CPU_FEATURE_TSC,		/* rdtsc */
	CPU_FEATURE_INVARIANT_TSC,	/* TSC rate constant across P/C-states */
	CPU_FEATURE_RDTSCP,		/* rdtscp */
	CPU_FEATURE_RDPID,		/* rdpid: IA32_TSC_AUX alone */
	CPU_FEATURE_APIC,		/* on-chip local APIC */
	CPU_FEATURE_X2APIC,		/* x2APIC (MSR interface) */
	CPU_FEATURE_PGE,		/* global pages (CR4.PGE) */
	CPU_FEATURE_PDPE1GB,		/* 1 GiB pages */
	CPU_FEATURE_NX,			/* no-execute page bit (EFER.NXE) */
	CPU_FEATURE_LM,			/* long mode */
	CPU_FEATURE_SYSCALL,		/* syscall/sysret in 64-bit mode */
	CPU_FEATURE_PCID,		/* process-context identifiers */
	CPU_FEATURE_INVPCID,		/* invpcid */
	CPU_FEATURE_SMEP,		/* supervisor mode execution prevention */
	CPU_FEATURE_SMAP,		/* supervisor mode access prevention, stac/clac */
	CPU_FEATURE_UMIP,		/* user-mode instruction prevention */
	CPU_FEATURE_FSGSBASE,		/* rd/wr{fs,gs}base */
	CPU_FEATURE_FXSR,		/* fxsave/fxrstor */
	CPU_FEATURE_SSE,
	CPU_FEATURE_SSE2,
	CPU_FEATURE_SSE3,
	CPU_FEATURE_SSSE3,
	CPU_FEATURE_SSE4_1,
	CPU_FEATURE_SSE4_2,
	CPU_FEATURE_XSAVE,		/* xsave/xrstor, xgetbv/xsetbv */
	CPU_FEATURE_OSXSAVE,		/* CR4.OSXSAVE is set (changes at runtime) */
	CPU_FEATURE_XSAVEOPT,		/* xsaveopt */
	CPU_FEATURE_XSAVEC,		/* xsavec (compacted format) */
	CPU_FEATURE_AVX,
	CPU_FEATURE_AVX2,
	CPU_FEATURE_POPCNT,		/* popcnt */
	CPU_FEATURE_RDRAND,		/* rdrand */
	CPU_FEATURE_RDSEED,		/* rdseed */
	CPU_FEATURE_HYPERVISOR,		/* running under a hypervisor / emulator */
	CPU_FEATURE_COUNT
};

struct cpu_info {
	char vendor[13];		/* "GenuineIntel", "AuthenticAMD", ... */
	char brand[49];			/* brand string, leading spaces dropped */
	uint32_t max_basic_leaf;	/* highest CPUID leaf (leaf 0 EAX) */
	uint32_t max_ext_leaf;		/* highest 0x8000xxxx leaf */
	uint32_t family, model, stepping;	/* display values, SDM Vol. 2A CPUID */
};

extern struct cpu_info cpu_info;
/* One bit per enum cpu_feature; read it through cpu_has(). */
extern uint64_t cpu_feature_bits;

static inline bool cpu_has(enum cpu_feature f)
{
	return (cpu_feature_bits >> f) & 1;
}

/* The feature's short name as Linux's /proc/cpuinfo spells it ("smap"). */
const char *cpu_feature_name(enum cpu_feature f);

/* Read CPUID into cpu_info and cpu_feature_bits and log one summary line. */
void cpu_features_init(void);

/* Split CPUID.01H:EAX into the displayed family, model and stepping. */
void cpuid_decode_signature(uint32_t eax, uint32_t *family, uint32_t *model,
			    uint32_t *stepping);

/* Read the feature bits again without logging: for bits that the kernel
 * itself changes (OSXSAVE follows CR4.OSXSAVE; simd_init calls this). */
void cpu_features_refresh(void);

#endif
