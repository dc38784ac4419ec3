/*
 * Device interrupts (IRQs), whichever interrupt controller delivers them.
 *
 *	irq_register(1, "keyboard", kbd_irq);
 *	irq_enable(1);
 *
 * IRQ n is an ISA interrupt line (0 PIT, 1 keyboard, 4 COM1, ...); it
 * arrives on vector IRQ_VECTOR(n) under the 8259 PIC and the IOAPIC alike
 * (the IOAPIC path applies the ACPI source overrides, e.g. IRQ 0 on GSI 2).
 * The layer counts each line, filters spurious interrupts, and sends the
 * end-of-interrupt to the controller before calling the handler, so a
 * handler may leave by another path (a later task switch).  Handlers run
 * with interrupts off.  docs/interrupts.md tells the story.
 */
#ifndef ANVIL_KERNEL_IRQ_H
#define ANVIL_KERNEL_IRQ_H

#include <stdbool.h>
#include <stdint.h>

#define IRQ_LINES		24	/* one IOAPIC's pins; the PICs have 16 */
#define IRQ_VECTOR_BASE		0x20	/* the first vector after the CPU's exceptions */
#define IRQ_VECTOR(irq)		(IRQ_VECTOR_BASE + (irq))

/* What the arch code supplies for the controller in use. */
struct irq_chip {
	const char *name;
	unsigned lines;			/* IRQs 0..lines-1 exist */
	void (*enable)(unsigned irq);	/* route and unmask */
	void (*eoi)(unsigned irq);
	/* True if this delivery of irq is spurious (then no EOI and no
	 * handler); NULL if the controller never fakes one on a line. */
	bool (*spurious)(unsigned irq);
};

void irq_set_chip(const struct irq_chip *chip);
const char *irq_chip_name(void);

/* A device's interrupt handler; irq is the line that fired. */
typedef void (*irq_handler)(unsigned irq);

/* Call handler for every interrupt on irq (name is for the statistics). */
void irq_register(unsigned irq, const char *name, irq_handler handler);
void irq_enable(unsigned irq);

/* Statistics (the shell's `irq` command): interrupts handled per line,
 * and spurious ones from any controller. */
struct irq_stat {
	const char *name;	/* NULL: nothing registered */
	unsigned vector;
	uint64_t count;
};
struct irq_stat irq_stat(unsigned irq);
void irq_note_spurious(void);
uint64_t irq_spurious_count(void);

/* The shell's `irq` table (also /proc/anvil/irq): every vector taken at
 * least once with its count and name, then the spurious count. */
struct printer;
void irq_report(struct printer *pr);

#endif
