/*
 * The CPU's guards between the kernel and ring 3, switched on at boot
 * where CPUID has them (each logged "on" or "absent"):
 *   SMEP  (CR4.SMEP) ring 0 cannot execute code in a user page (#PF);
 *   SMAP  (CR4.SMAP) ring 0 cannot read or write a user page unless
 *                    RFLAGS.AC is set (stac/clac, arch/x86_64/syscall/uaccess.c);
 *   UMIP  (CR4.UMIP) sgdt, sidt, sldt, smsw, str fault (#GP) in ring 3,
 *                    so programs cannot learn where the kernel's tables are.
 * (Intel SDM Vol. 3A §4.6 "Access Rights", §2.5 "Control Registers".)
 * And CR0.AM, always: alignment checks for ring 3 when the program sets
 * RFLAGS.AC (SIGBUS BUS_ADRALN, as on Linux).
 * NX (EFER.NXE) is turned on with paging (arch/x86_64/mm/paging.c).
 */
#ifndef ANVIL_ARCH_CPU_PROTECT_H
#define ANVIL_ARCH_CPU_PROTECT_H

#include <stdbool.h>

void cpu_protect_init(void);

/* Whether the kernel turned SMAP on: the user-copy helpers then need
 * stac/clac (which raise #UD on a CPU without SMAP).  Inline, one load:
 * every int $0x80 and every user copy asks.  Written only by
 * cpu_protect_init; everything else reads it through this function. */
extern bool cpu_protect_smap_on;

static inline bool cpu_protect_smap_enabled(void)
{
	return cpu_protect_smap_on;
}

#endif
