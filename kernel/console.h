/*
 * Consoles: the places text goes.  Serial is registered first; a screen
 * console registers itself when the boot information describes a screen
 * (drivers/screen.c).  Every byte the kernel logs goes to each of them.
 */
#ifndef ANVIL_KERNEL_CONSOLE_H
#define ANVIL_KERNEL_CONSOLE_H

#include <stddef.h>

struct console {
	const char *name;
	void (*write)(const char *s, size_t n);
	void (*clear)(void);		/* optional: blank the screen, cursor home */
	struct console *next;
};

/* Add a console.  It first receives the recent backlog (what was written
 * before it existed, up to CONSOLE_BACKLOG bytes, from a line start), so a
 * screen that starts after the banner still shows the banner. */
void console_register(struct console *con);
/* Write to every registered console. */
void console_write(const char *s, size_t n);
/* Clear every console that can be cleared (the screens; serial cannot). */
void console_clear(void);

#define CONSOLE_BACKLOG 4096

/* The backlog: a ring of the last CONSOLE_BACKLOG bytes written.  Exposed
 * for the tests in kernel/console_test.c. */
struct console_ring {
	char buf[CONSOLE_BACKLOG];
	size_t head;		/* next byte goes here */
	int wrapped;		/* the ring has been filled at least once */
};

void console_ring_append(struct console_ring *r, const char *s, size_t n);
/* Hand the ring's contents, oldest first, to write().  After a wrap the
 * oldest line is cut, so replay starts after its first newline. */
void console_ring_replay(const struct console_ring *r, void (*write)(const char *s, size_t n));

#endif
