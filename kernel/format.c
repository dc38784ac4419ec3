#include "kernel/format.h"

#include <stdint.h>
#include <stdbool.h>

struct spec {
	bool left;		/* '-' */
	bool zero;		/* '0' */
	int width;
	int precision;		/* -1: none */
	int size;		/* 0 int, 1 long, 2 long long, -1 short, -2 char, 3 size_t */
};

static void emit_pad(format_sink sink, void *ctx, char c, int n)
{
	char buf[16];
	for (int i = 0; i < (int)sizeof(buf); i++)
		buf[i] = c;
	while (n > 0) {
		int chunk = n < (int)sizeof(buf) ? n : (int)sizeof(buf);
		sink(ctx, buf, (size_t)chunk);
		n -= chunk;
	}
}

/* Emit s[0..len) padded to the field width; returns characters emitted. */
static int emit_field(format_sink sink, void *ctx, const struct spec *sp,
		      const char *prefix, const char *s, int len)
{
	int plen = 0;
	while (prefix[plen])
		plen++;
	int pad = sp->width - len - plen;
	if (pad < 0)
		pad = 0;
	if (!sp->left && !sp->zero)
		emit_pad(sink, ctx, ' ', pad);
	if (plen)
		sink(ctx, prefix, (size_t)plen);
	if (!sp->left && sp->zero)
		emit_pad(sink, ctx, '0', pad);
	if (len)
		sink(ctx, s, (size_t)len);
	if (sp->left)
		emit_pad(sink, ctx, ' ', pad);
	return plen + len + pad;
}

static uint64_t fetch_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->size) {
	case -2: return (unsigned char)va_arg(*ap, unsigned int);
	case -1: return (unsigned short)va_arg(*ap, unsigned int);
	case 0:  return va_arg(*ap, unsigned int);
	case 1:  return va_arg(*ap, unsigned long);
	case 3:  return va_arg(*ap, size_t);
	default: return va_arg(*ap, unsigned long long);
	}
}

static int64_t fetch_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->size) {
	case -2: return (signed char)va_arg(*ap, int);
	case -1: return (short)va_arg(*ap, int);
	case 0:  return va_arg(*ap, int);
	case 1:  return va_arg(*ap, long);
	case 3:  return (int64_t)va_arg(*ap, size_t);
	default: return va_arg(*ap, long long);
	}
}

/* Digits of v in the given base, written backwards from end; returns the
 * start. */
static char *utoa_rev(uint64_t v, unsigned base, bool upper, char *end)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char *p = end;
	do {
		*--p = digits[v % base];
		v /= base;
	} while (v);
	return p;
}

/* Parse a decimal number, saturating well below INT_MAX so a silly width
 * cannot overflow. */
static int parse_num(const char **fmt)
{
	int n = 0;
	while (**fmt >= '0' && **fmt <= '9') {
		if (n < 100000)
			n = n * 10 + (**fmt - '0');
		(*fmt)++;
	}
	return n;
}

int kvformat(format_sink sink, void *ctx, const char *fmt, va_list ap_in)
{
	va_list ap;
	int count = 0;

	va_copy(ap, ap_in);
	while (*fmt) {
		if (*fmt != '%') {
			const char *run = fmt;
			while (*fmt && *fmt != '%')
				fmt++;
			sink(ctx, run, (size_t)(fmt - run));
			count += (int)(fmt - run);
			continue;
		}
		const char *conv_start = fmt++;
		struct spec sp = { .precision = -1 };

		for (;; fmt++) {
			if (*fmt == '-')
				sp.left = true;
			else if (*fmt == '0')
				sp.zero = true;
			else
				break;
		}
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.left = true;
				sp.width = sp.width < -100000 ? 100000 : -sp.width;
			}
			if (sp.width > 100000)
				sp.width = 100000;
			fmt++;
		} else {
			sp.width = parse_num(&fmt);
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				sp.precision = va_arg(ap, int);
				fmt++;
			} else {
				sp.precision = parse_num(&fmt);
			}
		}
		if (*fmt == 'h') {
			fmt++;
			sp.size = -1;
			if (*fmt == 'h') {
				fmt++;
				sp.size = -2;
			}
		} else if (*fmt == 'l') {
			fmt++;
			sp.size = 1;
			if (*fmt == 'l') {
				fmt++;
				sp.size = 2;
			}
		} else if (*fmt == 'z') {
			fmt++;
			sp.size = 3;
		}
		if (sp.left)
			sp.zero = false;

		char buf[24];
		char *end = buf + sizeof(buf);
		char c = *fmt;
		if (c)
			fmt++;
		switch (c) {
		case 'd':
		case 'i': {
			int64_t v = fetch_signed(&sp, &ap);
			uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
			char *p = utoa_rev(mag, 10, false, end);
			count += emit_field(sink, ctx, &sp, v < 0 ? "-" : "", p, (int)(end - p));
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			uint64_t v = fetch_unsigned(&sp, &ap);
			char *p = utoa_rev(v, c == 'u' ? 10 : 16, c == 'X', end);
			count += emit_field(sink, ctx, &sp, "", p, (int)(end - p));
			break;
		}
		case 'p': {
			uint64_t v = (uintptr_t)va_arg(ap, void *);
			char *p = utoa_rev(v, 16, false, end);
			count += emit_field(sink, ctx, &sp, "0x", p, (int)(end - p));
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			int len = 0;
			while (s[len] && (sp.precision < 0 || len < sp.precision))
				len++;
			sp.zero = false;
			count += emit_field(sink, ctx, &sp, "", s, len);
			break;
		}
		case 'c': {
			char ch = (char)va_arg(ap, int);
			sp.zero = false;
			count += emit_field(sink, ctx, &sp, "", &ch, 1);
			break;
		}
		case '%':
			sink(ctx, "%", 1);
			count++;
			break;
		default:
			/* Unknown or truncated conversion: show it verbatim. */
			sink(ctx, conv_start, (size_t)(fmt - conv_start));
			count += (int)(fmt - conv_start);
			break;
		}
	}
	va_end(ap);
	return count;
}

struct buf_sink {
	char *buf;
	size_t size;
	size_t used;
};

static void buf_put(void *ctx, const char *s, size_t n)
{
	struct buf_sink *b = ctx;
	for (size_t i = 0; i < n; i++, b->used++)
		if (b->used + 1 < b->size)
			b->buf[b->used] = s[i];
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buf_sink b = { buf, size, 0 };
	int n = kvformat(buf_put, &b, fmt, ap);
	if (size)
		buf[b.used < size ? b.used : size - 1] = '\0';
	return n;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void strbuf_add(struct strbuf *sb, const char *fmt, ...)
{
	if (sb->len + 1 >= sb->size)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(sb->buf + sb->len, sb->size - sb->len, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
	if (sb->len >= sb->size)
		sb->len = sb->size - 1;
}

void pr_printf(struct printer *pr, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pr->vprint(pr, fmt, ap);
	va_end(ap);
}
