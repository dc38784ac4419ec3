#include "kernel/console_input.h"
#include "arch/x86_64/insn/cpu.h"
#include "kernel/fs/poll.h"
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

/* Ctrl-C while the shell runs a program in the foreground: SIGINT to its
 * process group (what a terminal's ISIG does), and the byte is not
 * queued. */
static bool interrupt_foreground(const char *s, size_t n)
{
	if (!foreground || n != 1 || s[0] != CTRL_C)
		return false;
	/* The whole group: the program and the children it started (a
	 * program the kernel starts leads a group of its own). */
	bool sent = false;
	uint64_t flags = process_lock();
	for (unsigned i = 0; i < PROCESS_MAX; i++) {
		struct process *p = process_find_slot(i);
		if (p && p->pgid == foreground) {
			signal_send(p, SIGINT);
			sent = true;
		}
	}
	process_unlock(flags);
	return sent;
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
	BUG_ON(!irqs_enabled() || !sched_running());
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

unsigned console_input_poll(struct file *f, struct poll_table *pt)
{
	poll_wait(f, &readers, pt);
	uint64_t flags = irq_save();
	bool ready = input_queue_len(&queue) > 0;
	irq_restore(flags);
	return ready ? POLLIN | POLLRDNORM : 0;
}
