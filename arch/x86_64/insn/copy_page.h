/*
 * Copying a whole 4 KiB page with one string instruction (Intel SDM Vol. 2B
 * "MOVS/MOVSB/MOVSW/MOVSD/MOVSQ" with the REP prefix): `rep movsq` copies
 * the quadword at [RSI] to [RDI], RCX times, moving both up (the direction
 * flag is clear in C code, SysV ABI).
 *
 * Constraints: "+D", "+S" and "+c" because the instruction advances RDI and
 * RSI and counts RCX down to 0 (inputs it also changes).  "memory": it
 * reads and writes 4 KiB the compiler cannot see through the operands.
 * A copy-on-write fault copies the shared page this way
 * (arch/x86_64/mm/paging_cow.c).
 */
#ifndef ANVIL_ARCH_COPY_PAGE_H
#define ANVIL_ARCH_COPY_PAGE_H

#include "arch/x86_64/mm/page.h"

static inline void copy_page(void *dst, const void *src)
{
	unsigned long qwords = PAGE_SIZE / 8;
	__asm__ volatile("rep movsq"
			 : "+D"(dst), "+S"(src), "+c"(qwords)
			 :
			 : "memory");
}

#endif
