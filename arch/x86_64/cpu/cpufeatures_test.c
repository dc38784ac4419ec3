/* CPUID and the cpu-features module. */
#include "arch/x86_64/cpu/cpufeatures.h"
#include "arch/x86_64/insn/cpuid.h"
#include "kernel/ktest.h"
#include "kernel/string.h"

/* QEMU emulates an Intel or AMD CPU (TCG's -cpu max and qemu64 both say
 * AuthenticAMD; KVM passes the host's through). */
KTEST(cpuid, vendor_is_a_known_string)
{
	static const char *const known[] = {
		"GenuineIntel", "AuthenticAMD", "HygonGenuine", "CentaurHauls",
		"  Shanghai  ", "GenuineIotel",
	};
	bool found = false;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(cpu_info.vendor, known[i]) == 0)
			found = true;
	KEXPECT_TRUE(found);
	KEXPECT_EQ(strlen(cpu_info.vendor), 12);
	/* A second, independent read agrees with the decoded copy. */
	struct cpuid_regs r = cpuid(0, 0);
	KEXPECT_EQ(memcmp(&r.ebx, cpu_info.vendor, 4), 0);
	KEXPECT_EQ(memcmp(&r.edx, cpu_info.vendor + 4, 4), 0);
	KEXPECT_EQ(memcmp(&r.ecx, cpu_info.vendor + 8, 4), 0);
}

KTEST(cpuid, max_leaves_cover_what_anvil_reads)
{
	KEXPECT_GE(cpu_info.max_basic_leaf, 1);
	KEXPECT_EQ(cpu_info.max_basic_leaf, cpuid(0, 0).eax);
	KEXPECT_GE(cpu_info.max_ext_leaf, 0x80000001);	/* long mode is checked there */
}

/* Every x86-64 CPU has these; the boot code would not have got here
 * without LM. */
KTEST(cpuid, baseline_features_present)
{
	KEXPECT_TRUE(cpu_has(CPU_FEATURE_LM));
	KEXPECT_TRUE(cpu_has(CPU_FEATURE_SSE));
	KEXPECT_TRUE(cpu_has(CPU_FEATURE_SSE2));
	KEXPECT_TRUE(cpu_has(CPU_FEATURE_FXSR));
	KEXPECT_TRUE(cpu_has(CPU_FEATURE_TSC));
	KEXPECT_TRUE(cpu_has(CPU_FEATURE_SYSCALL));
	KEXPECT_TRUE(cpu_has(CPU_FEATURE_NX));
	KEXPECT_STREQ(cpu_feature_name(CPU_FEATURE_SMAP), "smap");
}

/* cpu_has agrees with CPUID read directly, bit by bit. */
KTEST(cpuid, cpu_has_matches_raw_cpuid)
{
	struct cpuid_regs l1 = cpuid(1, 0);
	KEXPECT_EQ(cpu_has(CPU_FEATURE_POPCNT), (l1.ecx >> 23) & 1);
	KEXPECT_EQ(cpu_has(CPU_FEATURE_RDRAND), (l1.ecx >> 30) & 1);
	KEXPECT_EQ(cpu_has(CPU_FEATURE_OSXSAVE), (l1.ecx >> 27) & 1);
	KEXPECT_EQ(cpu_has(CPU_FEATURE_PGE), (l1.edx >> 13) & 1);
	if (cpu_info.max_basic_leaf >= 7) {
		struct cpuid_regs l7 = cpuid(7, 0);
		KEXPECT_EQ(cpu_has(CPU_FEATURE_SMEP), (l7.ebx >> 7) & 1);
		KEXPECT_EQ(cpu_has(CPU_FEATURE_SMAP), (l7.ebx >> 20) & 1);
		KEXPECT_EQ(cpu_has(CPU_FEATURE_UMIP), (l7.ecx >> 2) & 1);
	}
	if (cpu_info.max_basic_leaf >= 0xd) {
		struct cpuid_regs xs = cpuid(0xd, 1);	/* a subleaf: ECX matters */
		KEXPECT_EQ(cpu_has(CPU_FEATURE_XSAVEOPT), xs.eax & 1);
		KEXPECT_EQ(cpu_has(CPU_FEATURE_XSAVEC), (xs.eax >> 1) & 1);
	}
	struct cpuid_regs e1 = cpuid(0x80000001, 0);
	KEXPECT_EQ(cpu_has(CPU_FEATURE_PDPE1GB), (e1.edx >> 26) & 1);
	KEXPECT_EQ(cpu_has(CPU_FEATURE_RDTSCP), (e1.edx >> 27) & 1);
}

/* The SDM's rules for displayed family/model, on real signatures. */
KTEST(cpuid, signature_decoding)
{
	uint32_t f, m, s;
	cpuid_decode_signature(0x000906ea, &f, &m, &s);	/* Intel Coffee Lake */
	KEXPECT_EQ(f, 0x6);
	KEXPECT_EQ(m, 0x9e);
	KEXPECT_EQ(s, 0xa);
	cpuid_decode_signature(0x00870f10, &f, &m, &s);	/* AMD Zen 2 */
	KEXPECT_EQ(f, 0x17);
	KEXPECT_EQ(m, 0x71);
	KEXPECT_EQ(s, 0x0);
	cpuid_decode_signature(0x00000f61, &f, &m, &s);	/* extended family 0 */
	KEXPECT_EQ(f, 0xf);
	KEXPECT_EQ(m, 0x6);
	cpuid_decode_signature(0x00010676, &f, &m, &s);	/* Penryn: model 0x17 */
	KEXPECT_EQ(f, 0x6);
	KEXPECT_EQ(m, 0x17);
	KEXPECT_EQ(s, 0x6);
	cpuid_decode_signature(0x00010543, &f, &m, &s);	/* family 5 ignores ext. model */
	KEXPECT_EQ(f, 0x5);
	KEXPECT_EQ(m, 0x4);
}
