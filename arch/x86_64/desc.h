/*
 * Descriptor tables and segment registers: lgdt / lidt / ltr, their
 * store counterparts sgdt / sidt / str, and the loads that make new
 * selectors take effect (Intel SDM Vol. 3A §3.4 "Segment Selectors",
 * §3.5.1 "Segment Descriptor Tables", §7.2.4 "Task Register").
 *
 * The loads carry a "memory" clobber: once a new table or selector is in
 * force, the CPU reads descriptors from memory the compiler must have
 * written out first (the tables are built with plain C stores just
 * before), and ltr even writes the GDT (it marks the TSS busy).
 */
#ifndef ANVIL_ARCH_DESC_H
#define ANVIL_ARCH_DESC_H

#include <stdint.h>

/* The 10-byte operand of lgdt/lidt/sgdt/sidt: table size - 1, then its
 * linear address. */
struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

/* Load the GDT register.  "m": the instruction reads the 10-byte operand
 * from memory, which must therefore be written first ("memory"). */
static inline void lgdt(const struct desc_ptr *ptr)
{
	__asm__ volatile("lgdt %0" : : "m"(*ptr) : "memory");
}

/* Load the IDT register. */
static inline void lidt(const struct desc_ptr *ptr)
{
	__asm__ volatile("lidt %0" : : "m"(*ptr) : "memory");
}

/* Store the GDT register: "=m", the instruction writes exactly *ptr. */
static inline void sgdt(struct desc_ptr *ptr)
{
	__asm__ volatile("sgdt %0" : "=m"(*ptr));
}

/* Store the IDT register. */
static inline void sidt(struct desc_ptr *ptr)
{
	__asm__ volatile("sidt %0" : "=m"(*ptr));
}

/* Load the task register with a TSS selector; the CPU reads the TSS
 * descriptor and sets its busy bit in the GDT (a write: "memory"). */
static inline void ltr(uint16_t selector)
{
	__asm__ volatile("ltr %0" : : "rm"(selector) : "memory");
}

/* Store the task register (the TSS selector in force). */
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

/* mov SELECTOR, %ds (es, fs, gs, ss): the CPU checks the selector against
 * the GDT and loads the descriptor, or raises #GP(selector) if it is out
 * of bounds or the wrong kind.  Loading FS or GS also resets that
 * segment's base; "memory" because per-CPU data is reached through GS. */
#define ANVIL_DEFINE_LOAD_SEG(seg)                                            \
	static inline void load_##seg(uint16_t selector)                      \
	{                                                                     \
		__asm__ volatile("mov %0, %%" #seg : : "r"(selector) : "memory"); \
	}

ANVIL_DEFINE_LOAD_SEG(ds)
ANVIL_DEFINE_LOAD_SEG(es)
ANVIL_DEFINE_LOAD_SEG(fs)
ANVIL_DEFINE_LOAD_SEG(gs)
ANVIL_DEFINE_LOAD_SEG(ss)

#undef ANVIL_DEFINE_LOAD_SEG

#endif
