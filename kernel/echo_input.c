#include "kernel/echo_input.h"
#include "kernel/console_input.h"
#include "kernel/irq.h"
#include "kernel/power.h"
#include "kernel/printf.h"

#define CTRL_D	0x04

/* What the interrupt layer counted, for the tests (and a preview of the
 * shell's irq command). */
static void log_irq_counts(void)
{
	for (unsigned irq = 0; irq < IRQ_LINES; irq++) {
		struct irq_stat st = irq_stat(irq);
		if (st.name)
			kprintf("echo_input: IRQ %u (%s, vector 0x%x): %lu interrupts\n", irq,
				st.name, st.vector, (unsigned long)st.count);
	}
	kprintf("echo_input: %lu spurious interrupts, %lu input bytes dropped\n",
		(unsigned long)irq_spurious_count(), (unsigned long)console_input_dropped());
}

void echo_input_run(void)
{
	kprintf("echo_input: type; Ctrl-D ends the run\n");
	for (;;) {
		int c = console_getc_wait();
		if (c >= 0x20 && c < 0x7f)
			kprintf("input: 0x%02x '%c'\n", c, c);
		else
			kprintf("input: 0x%02x\n", c);
		if (c == CTRL_D) {
			log_irq_counts();
			kernel_exit(0, "echo_input: end of input");
		}
	}
}
