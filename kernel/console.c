#include "kernel/console.h"

static struct console *consoles;

void console_register(struct console *con)
{
	struct console **p = &consoles;
	while (*p)
		p = &(*p)->next;
	con->next = NULL;
	*p = con;
}

void console_write(const char *s, size_t n)
{
	for (struct console *c = consoles; c; c = c->next)
		c->write(s, n);
}
