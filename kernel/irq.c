#include "kernel/irq.h"
#include "arch/x86_64/irq/vector_name.h"
#include "arch/x86_64/trap/trap.h"
#include "arch/x86_64/insn/cpu.h"
#include "kernel/format.h"
#include "kernel/panic.h"
#include "kernel/random.h"

static const struct irq_chip *chip;
static struct {
	const char *name;
	irq_handler handler;
	uint64_t count;
} lines[IRQ_LINES];
static uint64_t spurious;

static void irq_entry(struct trap_frame *frame);

/* Every line's vector comes here from now on, registered or not: the
 * 8259 raises its spurious IRQ 7 on a line nobody may have claimed. */
void irq_set_chip(const struct irq_chip *c)
{
	chip = c;
	for (unsigned irq = 0; irq < c->lines; irq++)
		trap_register(IRQ_VECTOR(irq), irq_entry);
}

const char *irq_chip_name(void)
{
	return chip ? chip->name : "none";
}

/* Every IRQ vector's trap handler. */
static void irq_entry(struct trap_frame *frame)
{
	unsigned irq = frame->vector - IRQ_VECTOR_BASE;

	if (chip->spurious && chip->spurious(irq)) {
		spurious++;
		return;
	}
	lines[irq].count++;
	random_add_interrupt(irq);	/* its timing: entropy for getrandom */
	chip->eoi(irq);
	if (lines[irq].handler)
		lines[irq].handler(irq);
}

void irq_register(unsigned irq, const char *name, irq_handler handler)
{
	BUG_ON(!chip || irq >= chip->lines);
	uint64_t flags = irq_save();
	lines[irq].name = name;
	lines[irq].handler = handler;
	irq_restore(flags);
}

void irq_enable(unsigned irq)
{
	BUG_ON(!chip || irq >= chip->lines || !lines[irq].handler);
	chip->enable(irq);
}

struct irq_stat irq_stat(unsigned irq)
{
	if (irq >= IRQ_LINES)
		return (struct irq_stat){ 0 };
	return (struct irq_stat){
		.name = lines[irq].name,
		.vector = IRQ_VECTOR(irq),
		.count = lines[irq].count,
	};
}

void irq_note_spurious(void)
{
	spurious++;
}

uint64_t irq_spurious_count(void)
{
	return spurious;
}

void irq_report(struct printer *pr)
{
	/* Every vector taken at least once: exceptions by name, device
	 * interrupts by the driver that registered the line. */
	pr_printf(pr, "vector  count       what (controller: %s)\n", irq_chip_name());
	for (unsigned v = 0; v < X86_TRAP_VECTORS; v++) {
		uint64_t n = trap_count((uint8_t)v);
		if (!n)
			continue;
		struct vector_name name = vector_name(v);
		pr_printf(pr, "%6u  %-10lu  %s %s\n", v, (unsigned long)n, name.label, name.what);
	}
	pr_printf(pr, "spurious  %lu\n", (unsigned long)irq_spurious_count());
}
