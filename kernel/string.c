/*
 * The C library's string and memory functions, for the kernel.  GCC and
 * clang may turn struct copies and loops into calls to memcpy/memset even
 * in a freestanding kernel, so these must exist.  memcpy and memset are
 * string instructions (arch/x86_64/insn/string.h); the rest plain C.
 */
#include "kernel/string.h"
#include "arch/x86_64/insn/string.h"

/* memcpy and memset by string instructions: see arch/x86_64/insn/string.h. */
void *memcpy(void *dst, const void *src, size_t n)
{
	rep_movs(dst, src, n);
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d < s) {
		while (n--)
			*d++ = *s++;
	} else {
		while (n--)
			d[n] = s[n];
	}
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	rep_stos(dst, (unsigned char)c, n);
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);
	size_t n = len < size - 1 ? len : size - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
	return len;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

int glob_match(const char *p, const char *t)
{
	/* Iterative matcher with one backtrack point for the last '*'. */
	const char *star = NULL, *star_t = NULL;
	while (*t) {
		if (*p == '*') {
			star = p++;
			star_t = t;
		} else if (*p == '?' || *p == *t) {
			p++;
			t++;
		} else if (star) {
			p = star + 1;
			t = ++star_t;
		} else {
			return 0;
		}
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}
