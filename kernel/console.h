/*
 * Consoles: the places text goes.  Serial is registered first; a screen
 * console registers itself when the boot information describes a screen.
 */
#ifndef ANVIL_KERNEL_CONSOLE_H
#define ANVIL_KERNEL_CONSOLE_H

#include <stddef.h>

struct console {
	const char *name;
	void (*write)(const char *s, size_t n);
	struct console *next;
};

void console_register(struct console *con);
/* Write to every registered console. */
void console_write(const char *s, size_t n);

#endif
