/*
 * ulib.c - string functions, system call shorthands and number printing.
 */
#include "ulib.h"

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

/*
 * memcpy and memset use the x86 string instructions. Written as C loops,
 * GCC would recognise the loop and compile it into a call to memcpy or
 * memset - that is, into infinite recursion.
 *
 * `rep movsb` copies RCX bytes from [RSI] to [RDI], advancing both (the ABI
 * guarantees DF = 0, so forwards). "+D" "+S" "+c": the instruction reads
 * and changes all three registers, so they are in-out operands. "memory":
 * it reads and writes memory the operands do not describe.
 */
void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;

	__asm__ volatile ("rep movsb"
		: "+D"(d), "+S"(src), "+c"(n)
		:
		: "memory");
	return dst;
}

/* `rep stosb` stores AL into RCX bytes at [RDI]; same operands as above. */
void *memset(void *dst, int c, size_t n)
{
	void *d = dst;

	__asm__ volatile ("rep stosb"
		: "+D"(d), "+c"(n)
		: "a"(c)
		: "memory");
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);	/* forward copy is safe */
	while (n--)				/* overlap: copy backwards */
		d[n] = s[n];
	return dst;
}

long parse_ulong(const char *s)
{
	long v = 0;
	for (; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (*s - '0');
	return v;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	size_t i;

	for (i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] - y[i];
	return 0;
}

ssize_t write(int fd, const void *buf, size_t len)
{
	return syscall3(SYS_write, fd, (long)buf, (long)len);
}

ssize_t read(int fd, void *buf, size_t len)
{
	return syscall3(SYS_read, fd, (long)buf, (long)len);
}

int open(const char *path, int flags)
{
	return (int)syscall3(SYS_open, (long)path, flags, 0);
}

int close(int fd)
{
	return (int)syscall1(SYS_close, fd);
}

long getpid(void)
{
	return syscall0(SYS_getpid);
}

/* exit_group ends every thread of the process, as libc's exit() does. */
void exit(int status)
{
	syscall1(SYS_exit_group, status);
	syscall1(SYS_exit, status);	/* a kernel without exit_group */
	for (;;)
		__asm__ volatile ("ud2");	/* still here: fault, never return */
}

void puts_fd(int fd, const char *s)
{
	write(fd, s, strlen(s));
}

void print_str(const char *s)
{
	puts_fd(1, s);
}

/* Digits are produced backwards into the end of a buffer. */
static void print_base(unsigned long v, unsigned base)
{
	char buf[24];
	int i = sizeof(buf);

	do {
		buf[--i] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	write(1, buf + i, sizeof(buf) - i);
}

void print_udec(unsigned long v)
{
	print_base(v, 10);
}

void print_dec(long v)
{
	if (v < 0) {
		write(1, "-", 1);
		print_base(-(unsigned long)v, 10);
	} else {
		print_base(v, 10);
	}
}

void print_hex(unsigned long v)
{
	write(1, "0x", 2);
	print_base(v, 16);
}
