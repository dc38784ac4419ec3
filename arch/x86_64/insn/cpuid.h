/*
 * CPUID: ask the processor what it is and what it can do
 * (Intel SDM Vol. 2A "CPUID"; AMD APM Vol. 3 Appendix E).
 *
 * EAX selects the leaf and ECX the subleaf; the answer comes back in
 * EAX, EBX, ECX, EDX.  All four are outputs ("=a", "=b", "=c", "=d"); the
 * leaf and subleaf are passed in through the same registers with matching
 * constraints ("0", "2").  asm volatile: some leaves (e.g. the APIC ID in
 * leaf 1) depend on which CPU runs the instruction, so two calls must not
 * be merged.  No clobbers: CPUID writes only those four registers.
 */
#ifndef ANVIL_ARCH_CPUID_H
#define ANVIL_ARCH_CPUID_H

#include <stdint.h>

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;
	__asm__ volatile("cpuid"
			 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "0"(leaf), "2"(subleaf));
	return r;
}

#endif
