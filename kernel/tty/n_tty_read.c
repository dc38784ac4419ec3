/*
 * The line discipline's read side (kernel/tty/tty.h), as Linux 6.1's
 * n_tty_read, canon_copy_from_read_buf and copy_from_read_buf:
 *
 *   canonical: wait for a committed line; give it up to and including
 *   its end (\n, VEOL), or up to VEOF, which is dropped -- a ^D at the
 *   start of a line is a read of 0, end of file;
 *
 *   non-canonical, by VMIN and VTIME (tenths of a second):
 *     MIN 0, TIME 0   what is there now, perhaps nothing;
 *     MIN 0, TIME t   wait up to t for one byte, 0 if none came;
 *     MIN m, TIME 0   wait until m bytes (or len) are there;
 *     MIN m, TIME t   wait for the first byte, then until m bytes or t
 *                     passes with no new byte (an inter-byte timer).
 */
#include "kernel/tty/tty.h"
#include "arch/x86_64/insn/cpu.h"
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/timer.h"

#define MASK		(TTY_BUF_SIZE - 1)
#define NSEC_PER_DECISEC	100000000ULL
#define NO_DEADLINE	UINT64_MAX

static bool canonical(const struct tty *t)
{
	return t->termios.c_lflag & ICANON;
}

/* Bytes ready for a reader: committed lines, or everything. */
static uint32_t ready(const struct tty *t)
{
	return (canonical(t) ? t->canon : t->head) - t->tail;
}

size_t n_tty_readable(const struct tty *t, bool *eof)
{
	uint64_t flags = irq_save();
	size_t n = 0;
	*eof = false;
	for (uint32_t i = t->tail; i != t->tail + ready(t); i++) {
		if (canonical(t) && t->mark[i & MASK] == TTY_MARK_EOF) {
			*eof = *eof || n == 0;
			continue;
		}
		n++;
	}
	irq_restore(flags);
	return n;
}

/* Copy what is ready into kbuf[n..len): the new n.  In canonical mode
 * stop after one line's end (*line_done). */
static size_t take(struct tty *t, char *kbuf, size_t n, size_t len, bool *line_done)
{
	uint64_t flags = irq_save();
	while (n < len && ready(t)) {
		uint32_t i = t->tail++ & MASK;
		if (!canonical(t)) {
			kbuf[n++] = (char)t->buf[i];
			continue;
		}
		if (t->mark[i] == TTY_MARK_EOF) {
			*line_done = true;	/* the ^D itself is not data */
			break;
		}
		kbuf[n++] = (char)t->buf[i];
		if (t->mark[i] == TTY_MARK_EOL) {
			*line_done = true;
			break;
		}
	}
	irq_restore(flags);
	return n;
}

/* Sleep until some byte is ready, the deadline passes (-ETIMEDOUT) or a
 * signal comes (-ERESTARTSYS).  The look happens with the task marked
 * sleeping and interrupts off, so a byte that comes after it wakes the
 * task (kernel/fs/poll.c does the same). */
static int wait_ready(struct tty *t, uint64_t deadline)
{
	struct process *self = process_current();
	struct wait_entry e;
	uint64_t flags = irq_save();
	wait_entry_add(&t->readers, &e);
	int ret;
	for (;;) {
		self->state = PROC_SLEEPING;
		if (ready(t)) {
			ret = 0;
			break;
		}
		if (signal_pending()) {
			ret = -ERESTARTSYS;
			break;
		}
		if (deadline != NO_DEADLINE && uptime_ns() >= deadline) {
			ret = -ETIMEDOUT;
			break;
		}
		schedule_deadline(deadline);
	}
	self->state = PROC_RUNNING;
	wait_entry_remove(&e);
	irq_restore(flags);
	return ret;
}

static uint64_t after(unsigned deciseconds)
{
	return uptime_ns() + deciseconds * NSEC_PER_DECISEC;
}

long n_tty_read(struct tty *t, char *kbuf, size_t len, bool nonblock)
{
	if (len == 0)
		return 0;
	bool line_done = false;
	unsigned min = t->termios.c_cc[VMIN], time = t->termios.c_cc[VTIME];
	if (canonical(t)) {
		min = 1;
		time = 0;
	}
	uint64_t deadline = NO_DEADLINE;
	if (!canonical(t) && min == 0) {
		if (time == 0 || nonblock) {
			size_t n = take(t, kbuf, 0, len, &line_done);
			return n || !nonblock ? (long)n : -EAGAIN;
		}
		deadline = after(time);		/* one timer for the whole read */
		min = 1;
		time = 0;
	}
	size_t n = 0;
	for (;;) {
		size_t before = n;
		n = take(t, kbuf, n, len, &line_done);
		if (line_done || n >= len || n >= min)
			return (long)n;
		if (n > before && time)
			deadline = after(time);	/* the inter-byte timer restarts */
		if (nonblock)
			return n ? (long)n : -EAGAIN;
		int err = wait_ready(t, deadline);
		if (err == -ETIMEDOUT)
			return (long)n;
		if (err)
			return n ? (long)n : err;
	}
}
