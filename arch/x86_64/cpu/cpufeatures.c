/*
 * Decoding CPUID: vendor, brand string, family/model/stepping and the
 * feature bits (Intel SDM Vol. 2A "CPUID—CPU Identification", Table 3-8
 * and Figures 3-6/3-7; AMD APM Vol. 3 Appendix E for the 0x8000xxxx
 * leaves).
 */
#include "arch/x86_64/cpu/cpufeatures.h"
#include "arch/x86_64/insn/cpuid.h"
#include "kernel/printf.h"
#include "kernel/string.h"

struct cpu_info cpu_info;
uint64_t cpu_feature_bits;

_Static_assert(CPU_FEATURE_COUNT <= 64, "cpu_feature_bits holds at most 64 features");

enum cpuid_reg { EAX, EBX, ECX, EDX };

/* Where each feature bit is: leaf, subleaf, output register, bit. */
static const struct {
	const char *name;
	uint32_t leaf, subleaf;
	enum cpuid_reg reg;
	uint8_t bit;
} feature_table[CPU_FEATURE_COUNT] = {
	[CPU_FEATURE_TSC]		= { "tsc",	      1, 0, EDX, 4 },
	[CPU_FEATURE_APIC]		= { "apic",	      1, 0, EDX, 9 },
	[CPU_FEATURE_PGE]		= { "pge",	      1, 0, EDX, 13 },
	[CPU_FEATURE_FXSR]		= { "fxsr",	      1, 0, EDX, 24 },
	[CPU_FEATURE_SSE]		= { "sse",	      1, 0, EDX, 25 },
	[CPU_FEATURE_SSE2]		= { "sse2",	      1, 0, EDX, 26 },
	[CPU_FEATURE_SSE3]		= { "sse3",	      1, 0, ECX, 0 },
	[CPU_FEATURE_SSSE3]		= { "ssse3",	      1, 0, ECX, 9 },
	[CPU_FEATURE_PCID]		= { "pcid",	      1, 0, ECX, 17 },
	[CPU_FEATURE_SSE4_1]		= { "sse4_1",	      1, 0, ECX, 19 },
	[CPU_FEATURE_SSE4_2]		= { "sse4_2",	      1, 0, ECX, 20 },
	[CPU_FEATURE_X2APIC]		= { "x2apic",	      1, 0, ECX, 21 },
	[CPU_FEATURE_POPCNT]		= { "popcnt",	      1, 0, ECX, 23 },
	[CPU_FEATURE_XSAVE]		= { "xsave",	      1, 0, ECX, 26 },
	[CPU_FEATURE_OSXSAVE]		= { "osxsave",	      1, 0, ECX, 27 },
	[CPU_FEATURE_AVX]		= { "avx",	      1, 0, ECX, 28 },
	[CPU_FEATURE_RDRAND]		= { "rdrand",	      1, 0, ECX, 30 },
	[CPU_FEATURE_HYPERVISOR]	= { "hypervisor",     1, 0, ECX, 31 },
	[CPU_FEATURE_FSGSBASE]		= { "fsgsbase",	      7, 0, EBX, 0 },
	[CPU_FEATURE_AVX2]		= { "avx2",	      7, 0, EBX, 5 },
	[CPU_FEATURE_SMEP]		= { "smep",	      7, 0, EBX, 7 },
	[CPU_FEATURE_INVPCID]		= { "invpcid",	      7, 0, EBX, 10 },
	[CPU_FEATURE_RDSEED]		= { "rdseed",	      7, 0, EBX, 18 },
	[CPU_FEATURE_SMAP]		= { "smap",	      7, 0, EBX, 20 },
	[CPU_FEATURE_UMIP]		= { "umip",	      7, 0, ECX, 2 },
	[CPU_FEATURE_RDPID]		= { "rdpid",	      7, 0, ECX, 22 },
	[CPU_FEATURE_XSAVEOPT]		= { "xsaveopt",	    0xd, 1, EAX, 0 },
	[CPU_FEATURE_XSAVEC]		= { "xsavec",	    0xd, 1, EAX, 1 },
	[CPU_FEATURE_SYSCALL]		= { "syscall", 0x80000001, 0, EDX, 11 },
	[CPU_FEATURE_NX]		= { "nx",      0x80000001, 0, EDX, 20 },
	[CPU_FEATURE_PDPE1GB]		= { "pdpe1gb", 0x80000001, 0, EDX, 26 },
	[CPU_FEATURE_RDTSCP]		= { "rdtscp",  0x80000001, 0, EDX, 27 },
	[CPU_FEATURE_LM]		= { "lm",      0x80000001, 0, EDX, 29 },
	[CPU_FEATURE_INVARIANT_TSC]	= { "constant_tsc", 0x80000007, 0, EDX, 8 },
};

const char *cpu_feature_name(enum cpu_feature f)
{
	return (unsigned)f < CPU_FEATURE_COUNT ? feature_table[f].name : "?";
}

/* A leaf above the maximum returns the data of the highest basic leaf on
 * Intel (SDM Vol. 2A CPUID, "If a value entered for CPUID.EAX is higher
 * than the maximum..."), which would be read as garbage feature bits:
 * only ask for leaves the CPU reports. */
static bool leaf_exists(uint32_t leaf)
{
	if (leaf >= 0x80000000)
		return leaf <= cpu_info.max_ext_leaf;
	return leaf <= cpu_info.max_basic_leaf;
}

static uint32_t reg_of(struct cpuid_regs r, enum cpuid_reg reg)
{
	switch (reg) {
	case EAX: return r.eax;
	case EBX: return r.ebx;
	case ECX: return r.ecx;
	default:  return r.edx;
	}
}

void cpu_features_refresh(void)
{
	uint64_t bits = 0;
	for (int f = 0; f < CPU_FEATURE_COUNT; f++) {
		if (!leaf_exists(feature_table[f].leaf))
			continue;
		struct cpuid_regs r = cpuid(feature_table[f].leaf, feature_table[f].subleaf);
		if ((reg_of(r, feature_table[f].reg) >> feature_table[f].bit) & 1)
			bits |= 1UL << f;
	}
	cpu_feature_bits = bits;
}

/* The vendor string is EBX, EDX, ECX of leaf 0, in that order. */
static void read_vendor(void)
{
	struct cpuid_regs r = cpuid(0, 0);
	cpu_info.max_basic_leaf = r.eax;
	memcpy(cpu_info.vendor + 0, &r.ebx, 4);
	memcpy(cpu_info.vendor + 4, &r.edx, 4);
	memcpy(cpu_info.vendor + 8, &r.ecx, 4);
	cpu_info.vendor[12] = '\0';
	cpu_info.max_ext_leaf = cpuid(0x80000000, 0).eax;
	if (cpu_info.max_ext_leaf < 0x80000000)
		cpu_info.max_ext_leaf = 0;
}

/* The brand string: 48 bytes from leaves 0x80000002..4, NUL-padded and
 * often right-aligned with spaces. */
static void read_brand(void)
{
	char raw[49] = "";
	if (leaf_exists(0x80000004)) {
		for (uint32_t i = 0; i < 3; i++) {
			struct cpuid_regs r = cpuid(0x80000002 + i, 0);
			memcpy(raw + 16 * i, &r, 16);
		}
	}
	raw[48] = '\0';
	const char *s = raw;
	while (*s == ' ')
		s++;
	memcpy(cpu_info.brand, s, strlen(s) + 1);
}

/* Family and model as the SDM defines the displayed values (Vol. 2A
 * CPUID, "Feature Information"): the extended family is added only when
 * the base family is 0xF, the extended model is prepended only for
 * families 0x6 and 0xF. */
void cpuid_decode_signature(uint32_t eax, uint32_t *family, uint32_t *model,
			    uint32_t *stepping)
{
	uint32_t f = (eax >> 8) & 0xf, m = (eax >> 4) & 0xf;
	if (f == 0x6 || f == 0xf)
		m += ((eax >> 16) & 0xf) << 4;
	if (f == 0xf)
		f += (eax >> 20) & 0xff;
	*family = f;
	*model = m;
	*stepping = eax & 0xf;
}

void cpu_features_init(void)
{
	read_vendor();
	read_brand();
	cpuid_decode_signature(cpuid(1, 0).eax, &cpu_info.family, &cpu_info.model,
			       &cpu_info.stepping);
	cpu_features_refresh();

	char list[400];
	size_t used = 0;
	list[0] = '\0';
	for (int f = 0; f < CPU_FEATURE_COUNT; f++)
		if (cpu_has(f) && used < sizeof(list))
			used += ksnprintf(list + used, sizeof(list) - used, " %s",
					  cpu_feature_name(f));
	kprintf("cpu: %s \"%s\" family 0x%x model 0x%x stepping %u\n", cpu_info.vendor,
		cpu_info.brand, cpu_info.family, cpu_info.model, cpu_info.stepping);
	kprintf("cpu: features:%s\n", list);
}
