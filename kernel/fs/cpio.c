/*
 * The cpio newc parser (kernel/fs/cpio.h).  Every field is checked
 * before it is used, every length against what is left of the buffer,
 * so a damaged or lying archive is refused with the offset and the field
 * that is wrong, and nothing past buf + len is ever read.
 */
#include "kernel/fs/cpio.h"
#include "kernel/fs/stat.h"
#include "kernel/fs/vfs.h"
#include "kernel/format.h"

#include <stdbool.h>

/* The header's fields after the 6-byte magic, in order. */
enum {
	F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
	F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK,
	F_COUNT
};

static const char *const field_name[F_COUNT] = {
	"ino", "mode", "uid", "gid", "nlink", "mtime", "filesize",
	"devmajor", "devminor", "rdevmajor", "rdevminor", "namesize", "check",
};

#define FAIL(...)                                        \
	do {                                             \
		ksnprintf(err, errlen, __VA_ARGS__);     \
		return -1;                               \
	} while (0)

static bool same(const uint8_t *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != (uint8_t)b[i])
			return false;
	return true;
}

static int hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The 8 hex digits at p: true with *v. */
static bool hex8(const uint8_t *p, uint32_t *v)
{
	uint32_t x = 0;
	for (int i = 0; i < 8; i++) {
		int d = hexval(p[i]);
		if (d < 0)
			return false;
		x = x << 4 | (uint32_t)d;
	}
	*v = x;
	return true;
}

static size_t align4(size_t x)
{
	return (x + 3) & ~(size_t)3;
}

/* Strip leading "./" and "/" (as Linux's and GNU cpio's readers do) and
 * check every component: not empty, not "." or "..", at most NAME_MAX.
 * The result may be empty: the root. */
static int check_name(const char **namep, size_t *lenp, size_t at, char *err, size_t errlen)
{
	const char *s = *namep;
	size_t n = *lenp;

	for (;;) {
		if (n >= 2 && s[0] == '.' && s[1] == '/') {
			s += 2, n -= 2;
		} else if (n >= 1 && s[0] == '/') {
			s++, n--;
		} else {
			break;
		}
	}
	if (n == 1 && s[0] == '.')
		n = 0, s += 1;
	*namep = s;
	*lenp = n;
	if (n + 2 > PATH_MAX)
		FAIL("entry at 0x%zx: name of %zu bytes: with its '/' and NUL past PATH_MAX (%d)",
		     at, n, PATH_MAX);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && s[j] != '/')
			j++;
		size_t c = j - i;
		if (c == 0)
			FAIL("entry at 0x%zx: name has an empty component at byte %zu", at, i);
		if (c == 1 && s[i] == '.')
			FAIL("entry at 0x%zx: name has a \".\" component at byte %zu", at, i);
		if (c == 2 && s[i] == '.' && s[i + 1] == '.')
			FAIL("entry at 0x%zx: name has a \"..\" component at byte %zu", at, i);
		if (c > NAME_MAX)
			FAIL("entry at 0x%zx: name component at byte %zu is %zu bytes (NAME_MAX %d)",
			     at, i, c, NAME_MAX);
		i = j + 1;
		if (j + 1 == n)
			FAIL("entry at 0x%zx: name ends with '/'", at);
	}
	return 0;
}

/* The 070702 format's check field: the sum of a regular file's bytes
 * (GNU cpio's -H crc; Linux checks it the same way, and only for
 * regular files). */
static uint32_t data_sum(const uint8_t *p, size_t n)
{
	uint32_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += p[i];
	return sum;
}

/* The type and data of a checked header: what each type may carry. */
static int check_type(const struct cpio_entry *e, bool crc, uint32_t check,
		      char *err, size_t errlen)
{
	size_t at = e->offset;

	if (e->mode & ~(uint32_t)(S_IFMT | S_IALLUGO))
		FAIL("entry at 0x%zx: mode 0x%08x has bits past 0xffff (type and permissions)", at, e->mode);
	switch (e->mode & S_IFMT) {
	case S_IFREG:
		if (crc && data_sum(e->data, e->size) != check)
			FAIL("entry at 0x%zx: check 0x%08x is not the data's sum 0x%08x",
			     at, check, data_sum(e->data, e->size));
		return 0;
	case S_IFLNK:
		if (e->size == 0 || e->size >= PATH_MAX)
			FAIL("entry at 0x%zx: symlink target of %zu bytes (1..%d allowed)",
			     at, e->size, PATH_MAX - 1);
		for (size_t i = 0; i < e->size; i++)
			if (e->data[i] == 0)
				FAIL("entry at 0x%zx: symlink target has a NUL at byte %zu", at, i);
		return 0;
	case S_IFDIR:
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
		if (e->size)
			FAIL("entry at 0x%zx: filesize 0x%08zx on a %s (must be 0)", at, e->size,
			     S_ISDIR(e->mode) ? "directory" : "device node or fifo");
		return 0;
	default:
		FAIL("entry at 0x%zx: mode 0x%08x: file type 0x%x is not a regular file, "
		     "directory, symlink, device node or fifo", at, e->mode, e->mode & S_IFMT);
	}
}

/* The header at off: fields into e (name and data located, not checked
 * beyond their bounds) and the check field into *check. */
static int read_header(const uint8_t *buf, size_t len, size_t off, struct cpio_entry *e,
		       bool *crc, uint32_t *check, char *err, size_t errlen)
{
	uint32_t f[F_COUNT];
	const uint8_t *h = buf + off;

	if (off == len)
		FAIL("archive ends at 0x%zx without a TRAILER!!! entry", off);
	if (len - off < CPIO_HEADER_LEN)
		FAIL("entry at 0x%zx: header cut short: %zu of %d bytes (no TRAILER!!!)",
		     off, len - off, CPIO_HEADER_LEN);
	if (same(h, "070701", 6))
		*crc = false;
	else if (same(h, "070702", 6))
		*crc = true;
	else
		FAIL("entry at 0x%zx: magic is not 070701 or 070702 (newc)", off);
	for (int i = 0; i < F_COUNT; i++)
		if (!hex8(h + 6 + 8 * i, &f[i]))
			FAIL("entry at 0x%zx: %s is not 8 hex digits", off, field_name[i]);

	*e = (struct cpio_entry){
		.mode = f[F_MODE], .uid = f[F_UID], .gid = f[F_GID], .nlink = f[F_NLINK],
		.mtime = f[F_MTIME], .ino = f[F_INO],
		.devmajor = f[F_DEVMAJOR], .devminor = f[F_DEVMINOR],
		.rdevmajor = f[F_RDEVMAJOR], .rdevminor = f[F_RDEVMINOR],
		.size = f[F_FILESIZE], .offset = off,
	};
	*check = f[F_CHECK];

	uint32_t namesize = f[F_NAMESIZE];
	size_t name_off = off + CPIO_HEADER_LEN;
	if (namesize == 0)
		FAIL("entry at 0x%zx: namesize 0x%08x is 0", off, namesize);
	if (namesize > PATH_MAX)
		FAIL("entry at 0x%zx: namesize 0x%08x is past PATH_MAX (%d)", off, namesize, PATH_MAX);
	if (namesize > len - name_off)
		FAIL("entry at 0x%zx: namesize 0x%08x runs past the end (0x%zx)", off, namesize, len);
	const char *name = (const char *)buf + name_off;
	for (uint32_t i = 0; i + 1 < namesize; i++)
		if (name[i] == '\0')
			FAIL("entry at 0x%zx: name has a NUL at byte %u, before namesize-1 (%u)",
			     off, i, namesize - 1);
	if (name[namesize - 1] != '\0')
		FAIL("entry at 0x%zx: name is not NUL-terminated at namesize-1 (%u)", off, namesize - 1);
	e->name = name;
	e->namelen = namesize - 1;

	size_t data_off = align4(name_off + namesize);
	if (data_off > len)
		FAIL("entry at 0x%zx: name's padding runs past the end (0x%zx)", off, len);
	if (e->size > len - data_off)
		FAIL("entry at 0x%zx: filesize 0x%08zx runs past the end (0x%zx bytes left)",
		     off, e->size, len - data_off);
	if (align4(data_off + e->size) > len)
		FAIL("entry at 0x%zx: data's padding runs past the end (0x%zx)", off, len);
	e->data = buf + data_off;
	return 0;
}

static bool is_trailer(const struct cpio_entry *e)
{
	return e->namelen == 10 && same((const uint8_t *)e->name, "TRAILER!!!", 10);
}

int cpio_next(const uint8_t *buf, size_t len, size_t *off, struct cpio_entry *e,
	      char *err, size_t errlen)
{
	for (;;) {
		bool crc;
		uint32_t check;
		size_t at = *off;

		if (at > len)
			FAIL("entry at 0x%zx: past the archive's end (0x%zx)", at, len);
		if (read_header(buf, len, at, e, &crc, &check, err, errlen) < 0)
			return -1;
		*off = align4((size_t)(e->data - buf) + e->size);
		if (is_trailer(e))
			return 0;
		if (e->namelen == 0)
			FAIL("entry at 0x%zx: name is empty", at);
		if (check_name(&e->name, &e->namelen, at, err, errlen) < 0 ||
		    check_type(e, crc, check, err, errlen) < 0)
			return -1;
		if (e->namelen > 0)
			return 1;
		if (!S_ISDIR(e->mode))
			FAIL("entry at 0x%zx: the root (\".\") is not a directory", at);
		/* The root exists already: the next entry. */
	}
}

/* An earlier regular file of the same inode (ino and device), or 0. */
static size_t earlier_link(const uint8_t *buf, size_t len, const struct cpio_entry *e)
{
	size_t off = 0;
	struct cpio_entry o;
	char err[8];

	while (off < e->offset && cpio_next(buf, len, &off, &o, err, sizeof(err)) == 1) {
		if (o.offset >= e->offset)
			break;
		if (S_ISREG(o.mode) && o.nlink > 1 && o.ino == e->ino &&
		    o.devmajor == e->devmajor && o.devminor == e->devminor)
			return o.offset + 1;
	}
	return 0;
}

int cpio_check(const uint8_t *buf, size_t len, struct cpio_stats *st, char *err, size_t errlen)
{
	size_t off = 0;
	struct cpio_entry e;
	int r;

	*st = (struct cpio_stats){ 0 };
	while ((r = cpio_next(buf, len, &off, &e, err, errlen)) == 1) {
		switch (e.mode & S_IFMT) {
		case S_IFREG: {
			size_t first = e.nlink > 1 ? earlier_link(buf, len, &e) : 0;
			if (first)
				FAIL("entry at 0x%zx: a hard link (ino 0x%08x, nlink %u) of the entry at "
				     "0x%zx: hard links are not supported", e.offset, e.ino, e.nlink,
				     first - 1);
			st->files++;
			st->bytes += e.size;
			break;
		}
		case S_IFDIR:
			st->dirs++;
			break;
		case S_IFLNK:
			st->symlinks++;
			break;
		default:
			st->nodes++;
		}
	}
	if (r < 0)
		return -1;
	st->end = off;
	return 0;
}
