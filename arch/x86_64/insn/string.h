/*
 * memcpy and memset as string instructions (Intel SDM Vol. 2B "MOVS" and
 * "STOS" with the REP prefix; AMD APM Vol. 3 the same), for kernel/string.c:
 *
 *   rep movsq   copies the quadword at [RSI] to [RDI], RCX times
 *   rep movsb   the same, one byte at a time
 *   rep stosq   stores RAX at [RDI], RCX times
 *   rep stosb   stores AL at [RDI], RCX times
 *
 * each moving RDI (and RSI) up: the direction flag is clear in C code
 * (SysV ABI; every kernel entry clears it, SFMASK or cld).  The bulk goes
 * by quadwords and the last 0-7 bytes by bytes; x86 allows unaligned
 * quadword accesses.  Linux's memcpy is `rep movsb` on CPUs with fast
 * strings (ERMS); by quadwords QEMU's TCG (and so -icount) executes one
 * iteration per 8 bytes, where the C byte loop took five instructions per
 * byte (docs/syscalls-cost.md measures what that cost fork and exec).
 *
 * Constraints: "+D", "+S" and "+c" because the instruction advances RDI
 * and RSI and counts RCX down to 0 (inputs it also changes); "a" the value
 * stored.  "memory": it reads and writes memory the compiler cannot see
 * through the operands.
 */
#ifndef ANVIL_ARCH_STRING_H
#define ANVIL_ARCH_STRING_H

#include <stddef.h>

static inline void rep_movs(void *dst, const void *src, size_t n)
{
	size_t qwords = n / 8, bytes = n % 8;
	__asm__ volatile("rep movsq"
			 : "+D"(dst), "+S"(src), "+c"(qwords)
			 :
			 : "memory");
	__asm__ volatile("rep movsb"
			 : "+D"(dst), "+S"(src), "+c"(bytes)
			 :
			 : "memory");
}

static inline void rep_stos(void *dst, unsigned char c, size_t n)
{
	size_t qwords = n / 8, bytes = n % 8;
	unsigned long v = c * 0x0101010101010101UL;	/* c in every byte */
	__asm__ volatile("rep stosq"
			 : "+D"(dst), "+c"(qwords)
			 : "a"(v)
			 : "memory");
	__asm__ volatile("rep stosb"
			 : "+D"(dst), "+c"(bytes)
			 : "a"(v)
			 : "memory");
}

#endif
