#include "kernel/console_input.h"
#include "arch/x86_64/insn/cpu.h"
#include "kernel/input_queue.h"
#include "kernel/panic.h"

static struct input_queue queue;

/* Interrupt handlers and readers share the queue; on one CPU, keeping
 * interrupts off while touching it is all the exclusion needed. */
void console_input_put(const char *s, size_t n)
{
	uint64_t flags = irq_save();
	input_queue_put(&queue, s, n);
	irq_restore(flags);
}

int console_getc(void)
{
	uint64_t flags = irq_save();
	int c = input_queue_get(&queue);
	irq_restore(flags);
	return c;
}

int console_getc_wait(void)
{
	BUG_ON(!irqs_enabled());
	for (;;) {
		cli();
		int c = input_queue_get(&queue);
		if (c >= 0) {
			sti();
			return c;
		}
		/* Empty with interrupts off: nothing can have been queued since
		 * the check, and sti_hlt wakes on the next interrupt. */
		sti_hlt();
	}
}

uint64_t console_input_dropped(void)
{
	uint64_t flags = irq_save();
	uint64_t n = queue.dropped;
	irq_restore(flags);
	return n;
}
