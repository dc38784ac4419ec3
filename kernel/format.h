/*
 * printf-style formatting with no dependencies, shared by kprintf and by
 * the host-side tests and fuzzers (it compiles unchanged for the host).
 *
 * Conversions: %d %i %u %x %X %p %s %c %%
 * Flags and sizes: '-' (left-justify), '0' (zero pad), field width (a
 * number or '*'), precision for %s ('.N' or '.*'), and the length
 * modifiers hh, h, l, ll, z.  An unknown conversion is printed as is, so a
 * mistake shows up in the log instead of consuming arguments wrongly.
 */
#ifndef ANVIL_KERNEL_FORMAT_H
#define ANVIL_KERNEL_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Where formatted text goes: called with pieces of the output in order. */
typedef void (*format_sink)(void *ctx, const char *s, size_t n);

/* Format into the sink; returns the number of characters produced. */
int kvformat(format_sink sink, void *ctx, const char *fmt, va_list ap);

/* Like vsnprintf: always NUL-terminates when size > 0, returns the length
 * the full output would have had. */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Appending formatted text to a fixed buffer, piece by piece: the text is
 * cut at the buffer's end, never overrun, and always NUL-terminated.
 *
 *	char line[80];
 *	struct strbuf sb = STRBUF_INIT(line, sizeof(line));
 *	strbuf_add(&sb, "CR0=%lx", cr0);
 */
struct strbuf {
	char *buf;
	size_t size;
	size_t len;	/* characters in buf, always < size */
};

#define STRBUF_INIT(buf_, size_) ((struct strbuf){ .buf = (buf_), .size = (size_) })

void strbuf_add(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Where a report goes, so one function serves the console and a buffer:
 * the shell's `regs`, `irq` and `mem` print to console_printer
 * (kernel/printf.h), /proc/anvil/ prints the same into a file's buffer.
 *
 *	void report(struct printer *pr) { pr_printf(pr, "x %d\n", x); }
 */
struct printer {
	void (*vprint)(struct printer *pr, const char *fmt, va_list ap);
};

void pr_printf(struct printer *pr, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
