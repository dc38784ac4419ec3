/*
 * Loading and reading the descriptor-table registers GDTR, IDTR and TR
 * (Intel SDM Vol. 3A §2.4 "Memory-Management Registers"; Vol. 2A "LGDT/
 * LIDT", "SGDT", "SIDT"; Vol. 2A "LTR", Vol. 2B "STR").
 *
 * GDTR and IDTR hold a 16-bit limit (size in bytes minus one) and a 64-bit
 * linear base; lgdt/lidt read them from a 10-byte memory operand, sgdt/
 * sidt write one.  The struct below is that operand, packed so the base
 * follows the limit with no padding.
 *
 * Operands: "m"(*p) names the 10 bytes themselves, so the compiler knows
 * exactly which memory is read (lgdt/lidt) or written ("=m", sgdt/sidt).
 * lgdt/lidt/ltr also carry "memory": from then on the CPU reads the
 * tables they point to on every segment load or interrupt, so stores
 * that fill the tables must be done before, not moved after.
 */
#ifndef ANVIL_ARCH_DESC_H
#define ANVIL_ARCH_DESC_H

#include <stdint.h>

struct desc_ptr {
	uint16_t limit;		/* table size in bytes - 1 */
	uint64_t base;		/* linear address of the first entry */
} __attribute__((packed));

_Static_assert(sizeof(struct desc_ptr) == 10, "lgdt/lidt read exactly 10 bytes");

/* Load GDTR.  Segment registers keep their cached descriptors until they
 * are next loaded. */
static inline void lgdt(const struct desc_ptr *p)
{
	__asm__ volatile("lgdt %0" : : "m"(*p) : "memory");
}

/* Store GDTR. */
static inline void sgdt(struct desc_ptr *p)
{
	__asm__ volatile("sgdt %0" : "=m"(*p));
}

/* Load IDTR: from the next interrupt or exception on, the CPU looks up
 * gates in this table. */
static inline void lidt(const struct desc_ptr *p)
{
	__asm__ volatile("lidt %0" : : "m"(*p) : "memory");
}

/* Store IDTR. */
static inline void sidt(struct desc_ptr *p)
{
	__asm__ volatile("sidt %0" : "=m"(*p));
}

/* Load the task register with a TSS selector ("r": ltr takes a 16-bit
 * register or memory).  The CPU marks the TSS descriptor busy in the GDT,
 * a memory write the compiler cannot see: hence "memory".  Loading a busy
 * TSS raises #GP. */
static inline void ltr(uint16_t selector)
{
	__asm__ volatile("ltr %0" : : "r"(selector) : "memory");
}

/* Store the task register's selector ("=r": a register destination is
 * zero-extended, so the value is well defined). */
static inline uint16_t str(void)
{
	uint16_t selector;
	__asm__ volatile("str %0" : "=r"(selector));
	return selector;
}

/*
 * Reload CS.  A mov cannot load CS; a far return can: lretq pops RIP, then
 * CS, so push the selector, then the address of the label just after, and
 * return to it (SDM Vol. 2A "RET", far return to the same privilege level).
 * RAX carries the label's address (clobbered); the pushes are popped
 * again by lretq, so RSP ends where it started.
 */
static inline void load_cs(uint16_t selector)
{
	__asm__ volatile("pushq %q0\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:"
			 :
			 : "r"((uint64_t)selector)
			 : "rax", "memory");
}

#endif
