/*
 * libFuzzer harness: the kernel's cpio newc parser (kernel/fs/cpio.c) on
 * arbitrary bytes.  The input is copied into an exactly-sized heap block
 * so AddressSanitizer catches any read past what the parser was allowed;
 * every entry the parser accepts is checked against the promises of
 * kernel/fs/cpio.h, as kernel/fs/initramfs.c relies on them.
 */
#include "kernel/fs/cpio.c"
#include "kernel/format.c"

#include <stdlib.h>
#include <string.h>

static void check_entry(const uint8_t *buf, size_t size, const struct cpio_entry *e)
{
	if (e->namelen == 0 || e->namelen >= PATH_MAX || e->name[e->namelen] != '\0' ||
	    strlen(e->name) != e->namelen || e->name[0] == '/')
		abort();
	/* No ".", ".." or empty component. */
	for (const char *c = e->name; c; c = strchr(c, '/') ? strchr(c, '/') + 1 : NULL) {
		size_t n = strcspn(c, "/");
		if (n == 0 || n > NAME_MAX || (n == 1 && c[0] == '.') ||
		    (n == 2 && c[0] == '.' && c[1] == '.'))
			abort();
	}
	if (e->data < buf || e->size > size || (size_t)(e->data - buf) > size - e->size)
		abort();
	if (S_ISLNK(e->mode) && (e->size == 0 || e->size >= PATH_MAX ||
				 memchr(e->data, 0, e->size)))
		abort();
	if (!S_ISREG(e->mode) && !S_ISLNK(e->mode) && e->size)
		abort();
	volatile uint8_t sink = 0;
	for (size_t i = 0; i < e->size; i++)
		sink ^= e->data[i];
	(void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);

	char err[160];
	struct cpio_stats st;
	err[0] = '\0';
	int ok = cpio_check(copy, size, &st, err, sizeof(err)) == 0;
	if (!ok && (err[0] == '\0' || strchr(err, '\n')))
		abort();	/* every refusal says why, on one line */

	/* Walk again entry by entry: the same verdict as cpio_check. */
	size_t off = 0, n = 0, last = 0;
	struct cpio_entry e;
	int r;
	while ((r = cpio_next(copy, size, &off, &e, err, sizeof(err))) == 1) {
		check_entry(copy, size, &e);
		if (off <= last || off > size)
			abort();	/* always forward, never past the end */
		last = off;
		n++;
	}
	if (ok && (r != 0 || off != st.end ||
		   n != st.files + st.dirs + st.symlinks + st.nodes))
		abort();
	free(copy);
	return 0;
}
