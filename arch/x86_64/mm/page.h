/*
 * The page and the user half: the two sizes every layer of memory code
 * shares (the frame allocator, the heap, paging, program loading, the
 * user-copy checks).  Each is defined here and nowhere else.
 */
#ifndef ANVIL_ARCH_PAGE_H
#define ANVIL_ARCH_PAGE_H

#include <stdint.h>

/* The smallest page x86-64 paging maps (Intel SDM Vol. 3A §4.5): 4 KiB. */
#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)

/* The start of the page holding a. */
static inline uint64_t page_round_down(uint64_t a)
{
	return a & ~(PAGE_SIZE - 1);
}

/* The first page boundary at or above a (a must be below the last page
 * of the address space, or the sum wraps to 0). */
static inline uint64_t page_round_up(uint64_t a)
{
	return page_round_down(a + PAGE_SIZE - 1);
}

/* One past the highest user address: the top of the lower canonical half,
 * 1 << 47 (SDM Vol. 1 §3.3.7.1).  A process owns [0, USER_END); the
 * kernel owns everything from the higher half's start.  The SYSCALL exit
 * checks the same bound in NASM (ANVIL_USER_ADDR_BITS in
 * arch/x86_64/entry/syscall_layout.h; arch/x86_64/syscall/syscall.c
 * asserts that the two agree). */
#define USER_END	0x0000800000000000UL

#endif
