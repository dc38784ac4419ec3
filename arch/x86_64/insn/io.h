/*
 * Port I/O: the x86 "in" and "out" instructions.
 *
 * x86 has a separate 64 KiB I/O address space reached only through these
 * instructions (Intel SDM Vol. 1 §19.2 "I/O Port Addressing").  Legacy
 * devices live there: the 16550 UART, the 8259 PIC, the PIT, CMOS, PS/2.
 *
 * Constraints, used the same way in every wrapper below:
 *   "a"  the value: in/out only move data through AL, AX or EAX.
 *   "Nd" the port: either an 8-bit immediate ("N", ports 0-255, encoded in
 *        the instruction) or the DX register ("d").  The compiler picks.
 * All are asm volatile: a port access is a side effect the compiler must
 * neither drop (its result may look unused) nor merge nor reorder with
 * other volatile asm.  They have no "memory" clobber: they do not touch
 * memory, and ordering against device memory is the caller's job
 * (see barrier.h).
 */
#ifndef ANVIL_ARCH_IO_H
#define ANVIL_ARCH_IO_H

#include <stdint.h>

/* One macro writes the byte, word and long variants so they cannot
 * drift apart (b/w/l is the AT&T size suffix, "b"/"w"/"k" the operand
 * modifier that names AL/AX/EAX). */
#define ANVIL_DEFINE_PORT_IO(sfx, type, mod)                                 \
	/* Read one type-sized value from an I/O port. */                     \
	static inline type in##sfx(uint16_t port)                             \
	{                                                                     \
		type value;                                                   \
		__asm__ volatile("in" #sfx " %w1, %" #mod "0"                 \
				 : "=a"(value)                                \
				 : "Nd"(port));                               \
		return value;                                                 \
	}                                                                     \
	/* Write one type-sized value to an I/O port. */                      \
	static inline void out##sfx(uint16_t port, type value)                \
	{                                                                     \
		__asm__ volatile("out" #sfx " %" #mod "0, %w1"                \
				 :                                            \
				 : "a"(value), "Nd"(port));                   \
	}

ANVIL_DEFINE_PORT_IO(b, uint8_t, b)
ANVIL_DEFINE_PORT_IO(w, uint16_t, w)
ANVIL_DEFINE_PORT_IO(l, uint32_t, k)

#undef ANVIL_DEFINE_PORT_IO

/*
 * io_wait: give an old device a moment after a port write (the 8259 PIC
 * needs it between its initialisation words).  A write to port 0x80, the
 * POST-code port nothing listens to, takes about a microsecond on real
 * hardware.
 */
static inline void io_wait(void)
{
	outb(0x80, 0);
}

#endif
