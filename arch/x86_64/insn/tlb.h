/*
 * TLB maintenance (Intel SDM Vol. 3A §4.10.4 "Invalidation of TLBs and
 * Paging-Structure Caches").  Writing CR3 (cr.h) flushes every non-global
 * entry; invlpg drops the entries for one page.
 */
#ifndef ANVIL_ARCH_TLB_H
#define ANVIL_ARCH_TLB_H

#include <stdint.h>

/* Invalidate the TLB entries for the page containing addr, global or not
 * (SDM Vol. 2A "INVLPG").  The operand is a memory operand whose address
 * is what counts ("m" on a byte at addr; nothing is read).  "memory": the
 * page-table store that made the flush necessary must happen before it,
 * and accesses through the new mapping after. */
static inline void invlpg(const void *addr)
{
	__asm__ volatile("invlpg %0" : : "m"(*(const char *)addr) : "memory");
}

#endif
