/*
 * libFuzzer harness: the kernel's printf formatter against the C library's.
 *
 * The input is read as a list of conversions: flags, width, precision,
 * length and conversion letter each chosen by a byte, then a value.  Each
 * one is formatted by kvsnprintf (kernel/format.c) and by the host's
 * snprintf with the same argument type; any difference aborts.  Only the
 * subset both define identically is generated (e.g. no precision on
 * integers, which anvil does not implement).
 */
#include "kernel/format.c"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t take(const uint8_t **d, size_t *n, void *out, size_t want)
{
	size_t got = *n < want ? *n : want;
	memset(out, 0, want);
	memcpy(out, *d, got);
	*d += got;
	*n -= got;
	return got;
}

static void compare(const char *fmt, const char *mine, const char *libc)
{
	if (strcmp(mine, libc) != 0) {
		fprintf(stderr, "format \"%s\": anvil \"%s\", libc \"%s\"\n", fmt, mine, libc);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char convs[] = "diuxXsc";
	static const char *const lengths[] = { "", "l", "ll", "z", "h", "hh" };

	while (size >= 4) {
		uint8_t sel[4];
		take(&data, &size, sel, 4);
		char conv = convs[sel[0] % (sizeof(convs) - 1)];
		const char *len = lengths[sel[1] % 6];
		int width = sel[2] % 40;
		bool left = sel[3] & 1, zero = (sel[3] & 2) && conv != 's' && conv != 'c';
		int precision = (sel[3] & 4) && conv == 's' ? (sel[3] >> 3) : -1;
		if (conv == 's' || conv == 'c')
			len = "";

		char fmt[32], mine[128], libc[128];
		int p = snprintf(fmt, sizeof(fmt), "[%%%s%s", left ? "-" : "", zero ? "0" : "");
		if (width)
			p += snprintf(fmt + p, sizeof(fmt) - p, "%d", width);
		if (precision >= 0)
			p += snprintf(fmt + p, sizeof(fmt) - p, ".%d", precision);
		snprintf(fmt + p, sizeof(fmt) - p, "%s%c]", len, conv);

		uint64_t v;
		take(&data, &size, &v, 8);
		if (conv == 's') {
			char s[24];
			for (int i = 0; i < 23; i++)
				s[i] = (char)(' ' + ((v >> (i % 8 * 8)) + i) % 90);
			s[v % 24] = '\0';
			ksnprintf(mine, sizeof(mine), fmt, s);
			snprintf(libc, sizeof(libc), fmt, s);
		} else if (conv == 'c') {
			int c = ' ' + (int)(v % 90);
			ksnprintf(mine, sizeof(mine), fmt, c);
			snprintf(libc, sizeof(libc), fmt, c);
		} else if (!strcmp(len, "l")) {
			ksnprintf(mine, sizeof(mine), fmt, (long)v);
			snprintf(libc, sizeof(libc), fmt, (long)v);
		} else if (!strcmp(len, "ll")) {
			ksnprintf(mine, sizeof(mine), fmt, (long long)v);
			snprintf(libc, sizeof(libc), fmt, (long long)v);
		} else if (!strcmp(len, "z")) {
			ksnprintf(mine, sizeof(mine), fmt, (size_t)v);
			snprintf(libc, sizeof(libc), fmt, (size_t)v);
		} else {
			ksnprintf(mine, sizeof(mine), fmt, (int)v);
			snprintf(libc, sizeof(libc), fmt, (int)v);
		}
		compare(fmt, mine, libc);
	}
	return 0;
}
