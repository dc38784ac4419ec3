/*
 * uprintf.c - a small printf for user programs, writing to fd 1.
 *
 * The whole result is built in a buffer and written with one write(2), so a
 * line from one program is never split by another writer's output.
 */
#include <stdarg.h>
#include "ulib.h"

#define OUT_MAX 512

struct out {
	char buf[OUT_MAX];
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len < OUT_MAX)
		o->buf[o->len++] = c;
}

/* Emit `s` (n bytes) padded to `width` with `pad`, on the left or right. */
static void put_field(struct out *o, const char *s, size_t n, int width,
		      char pad, int left)
{
	int fill = width > (int)n ? width - (int)n : 0;

	if (!left && pad == '0' && n && (*s == '-')) {
		put(o, *s++);		/* the sign goes before zero padding */
		n--;
	}
	while (!left && fill-- > 0)
		put(o, pad);
	while (n--)
		put(o, *s++);
	while (left && fill-- > 0)
		put(o, ' ');
}

/* Format v in base into tmp (backwards); returns where the digits start. */
static char *fmt_num(char *end, unsigned long v, unsigned base, int neg)
{
	char *p = end;

	do {
		*--p = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		*--p = '-';
	return p;
}

int uprintf(const char *fmt, ...)
{
	struct out o;
	va_list ap;
	char tmp[24];

	o.len = 0;
	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		int left = 0, width = 0, is_long = 0;
		char pad = ' ';
		unsigned long u;
		long s;
		char *p;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		if (*fmt == '-') {
			left = 1;
			fmt++;
		}
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == 'l') {
			is_long = 1;
			fmt++;
		}

		switch (*fmt) {
		case 'd':
		case 'i':
			s = is_long ? va_arg(ap, long) : va_arg(ap, int);
			u = s < 0 ? -(unsigned long)s : (unsigned long)s;
			p = fmt_num(tmp + sizeof(tmp), u, 10, s < 0);
			put_field(&o, p, tmp + sizeof(tmp) - p, width, pad, left);
			break;
		case 'u':
		case 'x':
			u = is_long ? va_arg(ap, unsigned long)
				    : va_arg(ap, unsigned int);
			p = fmt_num(tmp + sizeof(tmp), u, *fmt == 'u' ? 10 : 16, 0);
			put_field(&o, p, tmp + sizeof(tmp) - p, width, pad, left);
			break;
		case 'p':
			u = (unsigned long)va_arg(ap, void *);
			put(&o, '0');
			put(&o, 'x');
			p = fmt_num(tmp + sizeof(tmp), u, 16, 0);
			put_field(&o, p, tmp + sizeof(tmp) - p, width, pad, left);
			break;
		case 's':
			p = va_arg(ap, char *);
			if (!p)
				p = "(null)";
			put_field(&o, p, strlen(p), width, ' ', left);
			break;
		case 'c':
			tmp[0] = (char)va_arg(ap, int);
			put_field(&o, tmp, 1, width, ' ', left);
			break;
		case '%':
			put(&o, '%');
			break;
		default:		/* unknown: print it as written */
			put(&o, '%');
			if (*fmt)
				put(&o, *fmt);
			else
				fmt--;	/* a lone '%' at the end */
			break;
		}
	}
	va_end(ap);
	return (int)write(1, o.buf, o.len);
}
