/*
 * CPU control: interrupt flag, halt, pause, RFLAGS.
 *
 * Each wrapper is one instruction.  The ones that change what interrupts
 * can do (cli, sti, popfq) and hlt carry a "memory" clobber: it is a
 * compiler barrier, so memory accesses the compiler would otherwise move
 * across them stay on the side the programmer wrote (code protected by
 * cli must stay after it).  Intel SDM Vol. 3A §6.8.1 "Masking Maskable
 * Hardware Interrupts".
 */
#ifndef ANVIL_ARCH_CPU_H
#define ANVIL_ARCH_CPU_H

#include <stdint.h>
#include <stdbool.h>

#define X86_RFLAGS_CF_BIT	0	/* carry */
#define X86_RFLAGS_CF		(1UL << X86_RFLAGS_CF_BIT)
#define X86_RFLAGS_PF_BIT	2	/* parity */
#define X86_RFLAGS_PF		(1UL << X86_RFLAGS_PF_BIT)
#define X86_RFLAGS_AF_BIT	4	/* auxiliary carry (BCD) */
#define X86_RFLAGS_AF		(1UL << X86_RFLAGS_AF_BIT)
#define X86_RFLAGS_ZF_BIT	6	/* zero */
#define X86_RFLAGS_ZF		(1UL << X86_RFLAGS_ZF_BIT)
#define X86_RFLAGS_SF_BIT	7	/* sign */
#define X86_RFLAGS_SF		(1UL << X86_RFLAGS_SF_BIT)
#define X86_RFLAGS_TF_BIT	8	/* trap: single-step */
#define X86_RFLAGS_TF		(1UL << X86_RFLAGS_TF_BIT)
#define X86_RFLAGS_IF_BIT	9	/* maskable interrupts enabled */
#define X86_RFLAGS_IF		(1UL << X86_RFLAGS_IF_BIT)
#define X86_RFLAGS_DF_BIT	10	/* string ops go downward */
#define X86_RFLAGS_DF		(1UL << X86_RFLAGS_DF_BIT)
#define X86_RFLAGS_OF_BIT	11	/* signed overflow */
#define X86_RFLAGS_OF		(1UL << X86_RFLAGS_OF_BIT)
#define X86_RFLAGS_IOPL_SHIFT	12	/* I/O privilege level, 2 bits */
#define X86_RFLAGS_IOPL		(3UL << X86_RFLAGS_IOPL_SHIFT)
#define X86_RFLAGS_NT_BIT	14	/* nested task */
#define X86_RFLAGS_NT		(1UL << X86_RFLAGS_NT_BIT)
#define X86_RFLAGS_RF_BIT	16	/* resume: suppress instruction breakpoints once */
#define X86_RFLAGS_RF		(1UL << X86_RFLAGS_RF_BIT)
#define X86_RFLAGS_VM_BIT	17	/* virtual-8086 mode */
#define X86_RFLAGS_VM		(1UL << X86_RFLAGS_VM_BIT)
#define X86_RFLAGS_AC_BIT	18	/* alignment check / SMAP override */
#define X86_RFLAGS_AC		(1UL << X86_RFLAGS_AC_BIT)
#define X86_RFLAGS_VIF_BIT	19	/* virtual interrupt flag */
#define X86_RFLAGS_VIF		(1UL << X86_RFLAGS_VIF_BIT)
#define X86_RFLAGS_VIP_BIT	20	/* virtual interrupt pending */
#define X86_RFLAGS_VIP		(1UL << X86_RFLAGS_VIP_BIT)
#define X86_RFLAGS_ID_BIT	21	/* CPUID present if this can be flipped */
#define X86_RFLAGS_ID		(1UL << X86_RFLAGS_ID_BIT)

/* Disable maskable interrupts. */
static inline void cli(void)
{
	__asm__ volatile("cli" ::: "memory");
}

/* Enable maskable interrupts (they are taken after the next instruction). */
static inline void sti(void)
{
	__asm__ volatile("sti" ::: "memory");
}

/* Stop until the next interrupt.  "memory": a wake-up usually means an
 * interrupt handler changed memory we are about to read. */
static inline void hlt(void)
{
	__asm__ volatile("hlt" ::: "memory");
}

/* Enable interrupts and halt, in one asm statement: sti takes effect only
 * after the next instruction (Intel SDM Vol. 2B "STI"), so no interrupt
 * can slip in between and be missed, and one already pending wakes the
 * hlt at once.  This is how to sleep until an interrupt after checking,
 * with interrupts off, that there is nothing to do; sti() and hlt() as
 * two statements would let the compiler put code between them. */
static inline void sti_hlt(void)
{
	__asm__ volatile("sti\n\thlt" ::: "memory");
}

/* Hint to the CPU that this is a spin-wait loop (saves power, and on
 * hyper-threaded cores lets the sibling run).  No clobbers: it has no
 * architectural effect; volatile keeps it in the loop. */
static inline void pause(void)
{
	__asm__ volatile("pause");
}

/* Read RFLAGS.  pushfq writes the stack, so no "nostack"-like promise is
 * possible in GCC; the stack slot is below RSP only momentarily (red zone
 * is off in the kernel anyway). */
static inline uint64_t read_rflags(void)
{
	uint64_t flags;
	__asm__ volatile("pushfq\n\tpopq %0" : "=r"(flags));
	return flags;
}

/* Write RFLAGS: may turn interrupts on or off, hence "memory" and "cc". */
static inline void write_rflags(uint64_t flags)
{
	__asm__ volatile("pushq %0\n\tpopfq" : : "r"(flags) : "memory", "cc");
}

/* Save the interrupt state and disable interrupts: the pair below brackets
 * code that must not be interrupted, and nests correctly. */
static inline uint64_t irq_save(void)
{
	uint64_t flags = read_rflags();
	cli();
	return flags;
}

static inline void irq_restore(uint64_t flags)
{
	if (flags & X86_RFLAGS_IF)
		sti();
}

static inline bool irqs_enabled(void)
{
	return (read_rflags() & X86_RFLAGS_IF) != 0;
}

/* Halt forever with interrupts off: the end of the road. */
static inline __attribute__((noreturn)) void halt_forever(void)
{
	for (;;) {
		cli();
		hlt();
	}
}

#endif
