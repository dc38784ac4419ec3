#include "kernel/console.h"

static struct console *consoles;
static struct console_ring backlog;

void console_ring_append(struct console_ring *r, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		r->buf[r->head++] = s[i];
		if (r->head == CONSOLE_BACKLOG) {
			r->head = 0;
			r->wrapped = 1;
		}
	}
}

void console_ring_replay(const struct console_ring *r, void (*write)(const char *s, size_t n))
{
	if (!r->wrapped) {
		write(r->buf, r->head);
		return;
	}
	/* Oldest byte is at head; skip the partial line it begins in. */
	size_t start = r->head, left = CONSOLE_BACKLOG;
	while (left && r->buf[start] != '\n') {
		start = (start + 1) % CONSOLE_BACKLOG;
		left--;
	}
	if (!left)
		return;		/* one line longer than the whole ring */
	start = (start + 1) % CONSOLE_BACKLOG;
	left--;
	size_t first = CONSOLE_BACKLOG - start;	/* up to the end of buf */
	if (first > left)
		first = left;
	write(r->buf + start, first);
	write(r->buf, left - first);
}

void console_register(struct console *con)
{
	console_ring_replay(&backlog, con->write);
	struct console **p = &consoles;
	while (*p)
		p = &(*p)->next;
	con->next = NULL;
	*p = con;
}

void console_write(const char *s, size_t n)
{
	console_ring_append(&backlog, s, n);
	for (struct console *c = consoles; c; c = c->next)
		c->write(s, n);
}

void console_clear(void)
{
	for (struct console *c = consoles; c; c = c->next)
		if (c->clear)
			c->clear();
}
