/*
 * /proc/cpuinfo for the one CPU anvil runs on, in Linux 6.1's layout
 * (arch/x86/kernel/cpu/proc.c show_cpuinfo, show_cpuinfo_core,
 * show_cpuinfo_misc), from CPUID (arch/x86_64/cpu/cpufeatures.h) and the
 * TSC's measured rate (kernel/timer.h).
 */
#include "arch/x86_64/cpu/cpufeatures.h"
#include "arch/x86_64/insn/cpuid.h"
#include "kernel/fs/procfs/internal.h"
#include "kernel/string.h"
#include "kernel/timer.h"

/* The features anvil knows, in the order Linux prints its flags (the
 * word and bit order of arch/x86/include/asm/cpufeatures.h), with
 * Linux's name where it differs from anvil's.  OSXSAVE has no name in
 * Linux's list ("" in cpufeatures.h), so it is not shown. */
static const struct {
	enum cpu_feature f;
	const char *linux_name;		/* NULL: cpu_feature_name() */
} flag_order[] = {
	{ CPU_FEATURE_TSC, NULL },		/* word 0: CPUID 1 EDX */
	{ CPU_FEATURE_APIC, NULL },
	{ CPU_FEATURE_PGE, NULL },
	{ CPU_FEATURE_FXSR, NULL },
	{ CPU_FEATURE_SSE, NULL },
	{ CPU_FEATURE_SSE2, NULL },
	{ CPU_FEATURE_SYSCALL, NULL },		/* word 1: CPUID 0x80000001 EDX */
	{ CPU_FEATURE_NX, NULL },
	{ CPU_FEATURE_PDPE1GB, NULL },
	{ CPU_FEATURE_RDTSCP, NULL },
	{ CPU_FEATURE_LM, NULL },
	{ CPU_FEATURE_INVARIANT_TSC, NULL },	/* word 3: Linux's own (constant_tsc) */
	{ CPU_FEATURE_SSE3, "pni" },		/* word 4: CPUID 1 ECX */
	{ CPU_FEATURE_SSSE3, NULL },
	{ CPU_FEATURE_PCID, NULL },
	{ CPU_FEATURE_SSE4_1, NULL },
	{ CPU_FEATURE_SSE4_2, NULL },
	{ CPU_FEATURE_X2APIC, NULL },
	{ CPU_FEATURE_POPCNT, NULL },
	{ CPU_FEATURE_XSAVE, NULL },
	{ CPU_FEATURE_AVX, NULL },
	{ CPU_FEATURE_RDRAND, NULL },
	{ CPU_FEATURE_HYPERVISOR, NULL },
	{ CPU_FEATURE_FSGSBASE, NULL },		/* word 9: CPUID 7 EBX */
	{ CPU_FEATURE_AVX2, NULL },
	{ CPU_FEATURE_SMEP, NULL },
	{ CPU_FEATURE_INVPCID, NULL },
	{ CPU_FEATURE_RDSEED, NULL },
	{ CPU_FEATURE_SMAP, NULL },
	{ CPU_FEATURE_XSAVEOPT, NULL },		/* word 10: CPUID 0xd.1 EAX */
	{ CPU_FEATURE_XSAVEC, NULL },
	{ CPU_FEATURE_UMIP, NULL },		/* word 16: CPUID 7 ECX */
};

static bool has_leaf(uint32_t leaf)
{
	if (leaf >= 0x80000000)
		return leaf <= cpu_info.max_ext_leaf;
	return leaf <= cpu_info.max_basic_leaf;
}

/* Linux's x86_cache_size in KiB: Intel's deterministic cache leaf 4 (the
 * last level: L3, else L2), else AMD's L2 from 0x80000006. */
static unsigned cache_size_kb(void)
{
	unsigned best = 0, best_level = 0;
	if (!strcmp(cpu_info.vendor, "GenuineIntel") && has_leaf(4)) {
		for (uint32_t i = 0; i < 16; i++) {
			struct cpuid_regs r = cpuid(4, i);
			unsigned type = r.eax & 0x1f, level = r.eax >> 5 & 7;
			if (!type)
				break;
			uint64_t bytes = (uint64_t)((r.ebx >> 22) + 1) * ((r.ebx >> 12 & 0x3ff) + 1) *
					 ((r.ebx & 0xfff) + 1) * (r.ecx + 1);
			if (type != 2 && level >= best_level) {	/* not the instruction cache */
				best = (unsigned)(bytes / 1024);
				best_level = level;
			}
		}
		if (best)
			return best;
	}
	return has_leaf(0x80000006) ? cpuid(0x80000006, 0).ecx >> 16 : 0;
}

static void show_flags(struct seq *s)
{
	seq_printf(s, "flags\t\t:");
	for (unsigned i = 0; i < sizeof(flag_order) / sizeof(flag_order[0]); i++)
		if (cpu_has(flag_order[i].f))
			seq_printf(s, " %s", flag_order[i].linux_name ? flag_order[i].linux_name
								    : cpu_feature_name(flag_order[i].f));
	seq_printf(s, "\nbugs\t\t:\n");
}

int proc_show_cpuinfo(struct seq *s, uint64_t key)
{
	(void)key;
	struct cpuid_regs l1 = cpuid(1, 0);
	unsigned apicid = l1.ebx >> 24;
	unsigned clflush = (l1.edx >> 19 & 1) ? (l1.ebx >> 8 & 0xff) * 8 : 64;
	unsigned phys = 36, virt = 48;
	if (has_leaf(0x80000008)) {
		uint32_t a = cpuid(0x80000008, 0).eax;
		phys = a & 0xff;
		virt = a >> 8 & 0xff;
	}
	uint64_t khz = tsc_hz() / 1000;
	unsigned cache = cache_size_kb();

	seq_printf(s, "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n",
		   cpu_info.vendor[0] ? cpu_info.vendor : "unknown", cpu_info.family,
		   cpu_info.model);
	seq_printf(s, "model name\t: %s\nstepping\t: %u\n",
		   cpu_info.brand[0] ? cpu_info.brand : "unknown", cpu_info.stepping);
	if (cpu_has(CPU_FEATURE_TSC))
		seq_printf(s, "cpu MHz\t\t: %lu.%03lu\n", (unsigned long)(khz / 1000),
			   (unsigned long)(khz % 1000));
	if (cache)
		seq_printf(s, "cache size\t: %u KB\n", cache);
	seq_printf(s, "physical id\t: 0\nsiblings\t: 1\ncore id\t\t: 0\ncpu cores\t: 1\n");
	seq_printf(s, "apicid\t\t: %u\ninitial apicid\t: %u\n", apicid, apicid);
	/* Long mode has an x87 FPU and CR0.WP is on (paging_cpu_init). */
	seq_printf(s, "fpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: %u\nwp\t\t: yes\n",
		   cpu_info.max_basic_leaf);
	show_flags(s);
	/* Linux's bogomips from the TSC: loops_per_jiffy = tsc_khz * 1000 / HZ. */
	seq_printf(s, "bogomips\t: %lu.%02lu\n", (unsigned long)(khz / 500),
		   (unsigned long)(khz / 5 % 100));
	seq_printf(s, "clflush size\t: %u\ncache_alignment\t: %u\n", clflush, clflush);
	seq_printf(s, "address sizes\t: %u bits physical, %u bits virtual\n", phys, virt);
	seq_printf(s, "power management:\n\n");
	return 0;
}
