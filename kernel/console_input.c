#include "kernel/console_input.h"
#include "arch/x86_64/insn/cpu.h"
#include "kernel/input_queue.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/tty/tty.h"
#include "kernel/wait.h"

static struct input_queue queue;
static struct wait_queue readers = WAIT_QUEUE_INIT("console input");
static bool to_tty;		/* the line discipline takes the bytes */

/* The kernel's shell (kernel/shell/cmd_programs.c) gives the terminal to
 * the program it runs in the foreground -- its group becomes the
 * terminal's foreground group, so ^C interrupts it -- and takes the raw
 * bytes back at the prompt; what the program left unread is dropped. */
void console_set_foreground(int pid)
{
	uint64_t flags = irq_save();
	struct tty *t = tty_console();
	to_tty = pid > 0;
	if (!t->session)
		t->pgrp = pid > 0 ? pid : 0;
	if (!to_tty)
		n_tty_flush(t);
	irq_restore(flags);
}

void console_input_to_tty(void)
{
	to_tty = true;
}

/* Interrupt handlers and readers share the queue; on one CPU, keeping
 * interrupts off while touching it is all the exclusion needed. */
void console_input_put(const char *s, size_t n)
{
	uint64_t flags = irq_save();
	if (to_tty) {
		for (size_t i = 0; i < n; i++)
			n_tty_receive(tty_console(), (uint8_t)s[i]);
	} else {
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
