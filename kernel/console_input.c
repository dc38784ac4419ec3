#include "kernel/console_input.h"
#include "arch/x86_64/insn/cpu.h"
#include "kernel/input_queue.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/wait.h"

static struct input_queue queue;
static struct wait_queue readers = WAIT_QUEUE_INIT("console input");
static int foreground;		/* pid that Ctrl-C interrupts, or 0 */

#define CTRL_C	0x03

void console_set_foreground(int pid)
{
	foreground = pid;
}

/* Ctrl-C while the shell runs a program in the foreground: SIGINT to it
 * (what a terminal's ISIG does), and the byte is not queued. */
static bool interrupt_foreground(const char *s, size_t n)
{
	if (!foreground || n != 1 || s[0] != CTRL_C)
		return false;
	uint64_t flags = process_lock();
	struct process *p = process_find(foreground);
	if (p)
		signal_send(p, SIGINT);
	process_unlock(flags);
	return p != NULL;
}

/* Interrupt handlers and readers share the queue; on one CPU, keeping
 * interrupts off while touching it is all the exclusion needed. */
void console_input_put(const char *s, size_t n)
{
	uint64_t flags = irq_save();
	if (!interrupt_foreground(s, n)) {
		input_queue_put(&queue, s, n);
		wake_up(&readers);
	}
	irq_restore(flags);
}

int console_getc(void)
{
	uint64_t flags = irq_save();
	int c = input_queue_get(&queue);
	irq_restore(flags);
	return c;
}

int console_getc_interruptible(void)
{
	int c;
	int err = wait_event_interruptible(&readers, (c = input_queue_get(&queue)) >= 0);
	return err ? err : c;
}

int console_getc_wait(void)
{
	BUG_ON(!irqs_enabled());
	if (!sched_running()) {
		for (;;) {
			cli();
			int c = input_queue_get(&queue);
			if (c >= 0) {
				sti();
				return c;
			}
			/* Empty with interrupts off: nothing can have been queued
			 * since the check, and sti_hlt wakes on the next one. */
			sti_hlt();
		}
	}
	int c;
	wait_event(&readers, (c = input_queue_get(&queue)) >= 0);
	return c;
}

uint64_t console_input_dropped(void)
{
	uint64_t flags = irq_save();
	uint64_t n = queue.dropped;
	irq_restore(flags);
	return n;
}
