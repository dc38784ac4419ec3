/*
 * Zeroing a whole 4 KiB page with one string instruction (Intel SDM Vol. 2B
 * "REP STOS"): `rep stosq` stores RAX at [RDI], RCX times, 8 bytes at a
 * time, moving RDI up (the direction flag is clear in C code, SysV ABI).
 *
 * Constraints: "+D" and "+c" because the instruction advances RDI and
 * counts RCX down to 0 (inputs it also changes); "a" the value stored.
 * "memory": it writes 4 KiB the compiler cannot see through the operands.
 * Fresh pages are zeroed on every demand fault, page-table allocation and
 * program load, so this is their own call, not memset (which has a length
 * tail to handle, arch/x86_64/insn/string.h).
 */
#ifndef ANVIL_ARCH_CLEAR_PAGE_H
#define ANVIL_ARCH_CLEAR_PAGE_H

#include "arch/x86_64/mm/page.h"

static inline void clear_page(void *page)
{
	unsigned long qwords = PAGE_SIZE / 8;
	__asm__ volatile("rep stosq"
			 : "+D"(page), "+c"(qwords)
			 : "a"(0UL)
			 : "memory");
}

#endif
