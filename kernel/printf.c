#include "kernel/printf.h"
#include "kernel/console.h"
#include "arch/x86_64/insn/cpu.h"

#include <stdbool.h>

static uint64_t (*log_clock)(void);
static bool at_line_start = true;

void log_set_clock(uint64_t (*ns_since_boot)(void))
{
	log_clock = ns_since_boot;
}

/* No prefix here; but a line this ends lets the next kprintf stamp its
 * own (a summary finished with kprintf_raw("\n") is followed by a fresh,
 * stamped line). */
static void raw_sink(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	console_write(s, n);
	if (n && s[n - 1] == '\n')
		at_line_start = true;
}

static void emit_prefix(void)
{
	uint64_t ns = log_clock ? log_clock() : 0;
	uint64_t ms = ns / 1000000;
	char prefix[32];
	int n = ksnprintf(prefix, sizeof(prefix), "[%4lu.%03lu] ",
			  (unsigned long)(ms / 1000), (unsigned long)(ms % 1000));
	console_write(prefix, (size_t)n);
}

/* Pass text through, adding the time prefix at the start of each line. */
static void log_sink(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	while (n) {
		if (at_line_start) {
			emit_prefix();
			at_line_start = false;
		}
		size_t len = 0;
		while (len < n && s[len] != '\n')
			len++;
		if (len < n) {
			len++;	/* include the newline */
			at_line_start = true;
		}
		console_write(s, len);
		s += len;
		n -= len;
	}
}

int kvprintf(const char *fmt, va_list ap)
{
	/* Interrupt handlers log too: keep one line from being cut in two. */
	uint64_t flags = irq_save();
	int n = kvformat(log_sink, NULL, fmt, ap);
	irq_restore(flags);
	return n;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}

static int kvprintf_raw(const char *fmt, va_list ap)
{
	uint64_t flags = irq_save();
	int n = kvformat(raw_sink, NULL, fmt, ap);
	irq_restore(flags);
	return n;
}

int kprintf_raw(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvprintf_raw(fmt, ap);
	va_end(ap);
	return n;
}

static void console_vprint(struct printer *pr, const char *fmt, va_list ap)
{
	(void)pr;
	kvprintf_raw(fmt, ap);
}

struct printer console_printer = { console_vprint };
