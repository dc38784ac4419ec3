/*
 * The cpio newc parser (kernel/fs/cpio.c, compiled here for the host with
 * AddressSanitizer): archives made by Debian's GNU cpio (-H newc, -H crc)
 * and by tools/mkinitramfs.py parsed exactly, and a crafted archive for
 * each refusal.  Every buffer is a heap block of exactly the length the
 * parser is given, so ASan catches a read past it.  The archives are the
 * fuzzer's seeds (tests/fuzz/corpus/cpio/; tests/groups/host.py runs this
 * from the repository's top).
 */
#include "kernel/fs/cpio.c"
#include "kernel/format.c"
#include "tests/host/tap.h"

#include <stdlib.h>
#include <string.h>

#define CORPUS "tests/fuzz/corpus/cpio/"

/* ---- building archives ---- */

struct arc {
	uint8_t data[3 * 8192];
	size_t len;
};

static void pad4(struct arc *a)
{
	while (a->len % 4)
		a->data[a->len++] = 0;
}

/* An entry with a name of namesize bytes (the name and its NUL, or as
 * given) and size bytes of data: its offset. */
static size_t entry_raw(struct arc *a, const char *magic, uint32_t mode, const char *name,
			uint32_t namesize, const void *data, uint32_t size, uint32_t check)
{
	size_t at = a->len;
	char hdr[CPIO_HEADER_LEN + 1];
	snprintf(hdr, sizeof(hdr), "%s%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
		 magic, 7u, mode, 0u, 0u, 1u, 1234u, size, 0u, 0u, 1u, 3u, namesize, check);
	memcpy(a->data + a->len, hdr, CPIO_HEADER_LEN);
	a->len += CPIO_HEADER_LEN;
	memcpy(a->data + a->len, name, namesize);
	a->len += namesize;
	pad4(a);
	if (size)
		memcpy(a->data + a->len, data, size);
	a->len += size;
	pad4(a);
	return at;
}

static size_t entry(struct arc *a, uint32_t mode, const char *name, const char *data)
{
	uint32_t n = (uint32_t)strlen(name) + 1, size = data ? (uint32_t)strlen(data) : 0;
	return entry_raw(a, "070701", mode, name, n, data, size, 0);
}

static void trailer(struct arc *a)
{
	entry(a, 0, "TRAILER!!!", NULL);
}

/* Overwrite field i (0 = ino ... 12 = check) of the entry at off. */
static void poke(struct arc *a, size_t off, int field, const char *hex8s)
{
	memcpy(a->data + off + 6 + 8 * field, hex8s, 8);
}

/* ---- parsing ---- */

static uint8_t *exact_copy(const void *p, size_t n)
{
	uint8_t *c = malloc(n ? n : 1);
	memcpy(c, p, n);
	return c;
}

/* cpio_check on an exact copy of a[0, len): its result, the error in err. */
static int check_len(const struct arc *a, size_t len, struct cpio_stats *st, char *err)
{
	uint8_t *c = exact_copy(a->data, len);
	err[0] = 0;
	int r = cpio_check(c, len, st, err, 200);
	free(c);
	return r;
}

static void refused(const char *what, const struct arc *a, size_t len, const char *want)
{
	struct cpio_stats st;
	char err[200], detail[400];
	int r = check_len(a, len, &st, err);
	snprintf(detail, sizeof(detail), "result %d, err \"%s\", wanted \"%s\"", r, err, want);
	tap_check(r == -1 && strstr(err, want) && !strchr(err, '\n'), what, detail);
}

static void accepted(const char *what, const struct arc *a)
{
	struct cpio_stats st;
	char err[200];
	int r = check_len(a, a->len, &st, err);
	tap_check(r == 0, what, err);
}

static bool load(const char *name, struct arc *a)
{
	char path[256];
	snprintf(path, sizeof(path), CORPUS "%s", name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	a->len = fread(a->data, 1, sizeof(a->data), f);
	fclose(f);
	return a->len > 0 && a->len < sizeof(a->data);
}

/* What an entry should be. */
struct want {
	const char *name;
	uint32_t mode;
	const char *data;
	size_t size;
	uint32_t rdevmajor, rdevminor;
};

/* Parse a corpus archive and compare every entry, the trailer, the
 * times and owners with the table. */
static void parses_exactly(const char *file, const struct want *w, size_t n, uint64_t mtime)
{
	struct arc *a = calloc(1, sizeof(*a));
	char what[128], detail[400] = "";
	bool ok = load(file, a);
	snprintf(what, sizeof(what), "%s parses exactly", file);
	if (!ok) {
		tap_check(false, what, "cannot read the file (run from the repository's top)");
		free(a);
		return;
	}
	uint8_t *buf = exact_copy(a->data, a->len);
	size_t off = 0, i = 0;
	struct cpio_entry e;
	char err[200] = "";
	int r;
	while (ok && (r = cpio_next(buf, a->len, &off, &e, err, sizeof(err))) == 1) {
		if (i >= n || e.namelen != strlen(w[i].name) || strcmp(e.name, w[i].name) ||
		    e.mode != w[i].mode || e.size != w[i].size ||
		    (w[i].size && memcmp(e.data, w[i].data, e.size)) ||
		    e.uid || e.gid || e.mtime != mtime ||
		    e.rdevmajor != w[i].rdevmajor || e.rdevminor != w[i].rdevminor) {
			snprintf(detail, sizeof(detail), "entry %zu: \"%s\" mode 0%o size %zu mtime %llu",
				 i, e.name, e.mode, e.size, (unsigned long long)e.mtime);
			ok = false;
		}
		i++;
	}
	if (ok && (r != 0 || i != n)) {
		snprintf(detail, sizeof(detail), "ended with %d after %zu entries: %s", r, i, err);
		ok = false;
	}
	tap_check(ok, what, detail);
	free(buf);
	free(a);
}

static const struct want gnu[] = {
	{ "d", 040755, NULL, 0, 0, 0 },
	{ "d/empty", 0100600, NULL, 0, 0, 0 },
	{ "d/fifo", 010644, NULL, 0, 0, 0 },
	{ "d/hello.txt", 0100644, "hello\n", 6, 0, 0 },
	{ "d/link", 0120777, "hello.txt", 9, 0, 0 },
	{ "d/null", 020666, NULL, 0, 1, 3 },
	{ "d/sub", 040700, NULL, 0, 0, 0 },
	{ "d/sub/x.bin", 0100755, "\x01\x02\x03\xfe\xff", 5, 0, 0 },
};

static const struct want tool[] = {
	{ "bin", 040755, NULL, 0, 0, 0 },
	{ "bin/prog", 0100755, "\x7f" "ELF", 4, 0, 0 },
	{ "dev", 040755, NULL, 0, 0, 0 },
	{ "etc", 040755, NULL, 0, 0, 0 },
	{ "etc/hostname", 0100644, "anvil\n", 6, 0, 0 },
	{ "home", 040755, NULL, 0, 0, 0 },
	{ "proc", 040755, NULL, 0, 0, 0 },
	{ "root", 040755, NULL, 0, 0, 0 },
	{ "tmp", 041777, NULL, 0, 0, 0 },
	{ "usr", 040755, NULL, 0, 0, 0 },
	{ "usr/etc", 0120777, "../etc", 6, 0, 0 },
};

#define N(x) (sizeof(x) / sizeof((x)[0]))

static void real_archives(void)
{
	parses_exactly("gnu-newc.cpio", gnu, N(gnu), 1000000000);
	parses_exactly("gnu-crc.cpio", gnu, N(gnu), 1000000000);
	parses_exactly("tool-small.cpio", tool, N(tool), 0);

	struct arc *a = calloc(1, sizeof(*a));
	struct cpio_stats st;
	char err[200], detail[300];
	bool ok = load("gnu-newc.cpio", a) && check_len(a, a->len, &st, err) == 0;
	snprintf(detail, sizeof(detail), "files %u dirs %u symlinks %u nodes %u bytes %llu",
		 st.files, st.dirs, st.symlinks, st.nodes, (unsigned long long)st.bytes);
	tap_check(ok && st.files == 3 && st.dirs == 2 && st.symlinks == 1 && st.nodes == 2 &&
		  st.bytes == 11, "gnu-newc.cpio's counts", detail);

	/* Every cut before the trailer's end is refused, every cut after it
	 * (GNU pads the archive to 512 bytes) is not. */
	size_t end = st.end, bad = 0;
	for (size_t len = 0; ok && len < a->len; len++)
		if ((check_len(a, len, &st, err) == 0) != (len >= end))
			bad++;
	snprintf(detail, sizeof(detail), "%zu wrong of %zu cuts (trailer ends at %zu)", bad, a->len, end);
	tap_check(ok && bad == 0 && end > 0 && end < a->len, "gnu-newc.cpio cut anywhere", detail);

	ok = load("gnu-hardlink.cpio", a);
	refused("hard link (GNU cpio) refused", a, ok ? a->len : 0, "hard links are not supported");
	ok = load("lying-filesize.cpio", a);
	refused("lying filesize refused", a, ok ? a->len : 0, "filesize 0x00100000 runs past the end");
	ok = load("truncated.cpio", a);
	refused("truncated archive refused", a, ok ? a->len : 0, "entry at 0x");
	ok = load("no-trailer.cpio", a);
	refused("archive without trailer refused", a, ok ? a->len : 0, "without a TRAILER!!!");
	free(a);
}

/* A one-entry archive: the entry's offset is 0. */
static void one(struct arc *a, uint32_t mode, const char *name, const char *data)
{
	a->len = 0;
	entry(a, mode, name, data);
	trailer(a);
}

static void header_fields(struct arc *a)
{
	one(a, 0100644, "f", "x");
	accepted("a good one-file archive", a);
	memcpy(a->data, "070707", 6);
	refused("old binary/odc magic", a, a->len, "entry at 0x0: magic is not 070701 or 070702");
	one(a, 0100644, "f", "x");
	poke(a, 0, 1, "0000g1a4");
	refused("a non-hex digit", a, a->len, "entry at 0x0: mode is not 8 hex digits");
	one(a, 0100644, "f", "x");
	poke(a, 0, 12, "0000000 ");
	refused("a blank in a field", a, a->len, "check is not 8 hex digits");
	one(a, 0100644, "f", "x");
	poke(a, 0, 1, "000081A4");
	accepted("upper-case hex", a);

	one(a, 0100644, "f", "x");
	poke(a, 0, 11, "00000000");
	refused("namesize 0", a, a->len, "entry at 0x0: namesize 0x00000000 is 0");
	one(a, 0100644, "f", "x");
	poke(a, 0, 11, "00001001");
	refused("namesize past PATH_MAX", a, a->len, "namesize 0x00001001 is past PATH_MAX");
	a->len = 0;
	entry(a, 0100644, "f", "x");
	size_t at = entry(a, 0100644, "g", NULL);
	trailer(a);
	poke(a, at, 11, "00000fff");
	refused("namesize past the end", a, a->len, "entry at 0x74: namesize 0x00000fff runs past the end");
	one(a, 0100644, "f", "x");
	poke(a, 0, 11, "00000001");
	refused("name without its NUL", a, a->len, "name is not NUL-terminated at namesize-1");
	a->len = 0;
	entry_raw(a, "070701", 0100644, "ab\0", 4, NULL, 0, 0);
	trailer(a);
	refused("a NUL inside the name", a, a->len, "name has a NUL at byte 2");
	a->len = 0;
	entry_raw(a, "070701", 0100644, "", 1, NULL, 0, 0);
	trailer(a);
	refused("an empty name", a, a->len, "entry at 0x0: name is empty");
}

static void bounds(struct arc *a)
{
	one(a, 0100644, "f", "x");
	poke(a, 0, 6, "00000100");
	refused("filesize past the end", a, a->len, "filesize 0x00000100 runs past the end");
	a->len = 0;
	entry(a, 0100644, "f", "hello");
	refused("the data's padding cut off", a, a->len - 3, "data's padding runs past the end");
	a->len = 0;
	entry(a, 0100644, "fg", NULL);
	refused("the name's padding cut off", a, CPIO_HEADER_LEN + 3, "name's padding runs past the end");
	refused("a header cut short", a, 50, "header cut short: 50 of 110 bytes");
	refused("an empty archive", a, 0, "archive ends at 0x0 without a TRAILER!!!");
	one(a, 0100644, "f", "x");
	refused("no trailer", a, a->len - 124, "archive ends at 0x74 without a TRAILER!!!");
}

static void types(struct arc *a)
{
	one(a, 0140755, "sock", NULL);
	refused("a socket", a, a->len, "file type 0xc000 is not");
	one(a, 0170644, "weird", NULL);
	refused("file type 017", a, a->len, "file type 0xf000 is not");
	one(a, 0000644, "notype", NULL);
	refused("file type 0", a, a->len, "file type 0x0 is not");
	one(a, 0300644, "big", NULL);
	refused("mode bits past 0xffff", a, a->len, "mode 0x000181a4 has bits past 0xffff");
	one(a, 040755, "dir", "data");
	refused("a directory with data", a, a->len, "filesize 0x00000004 on a directory");
	one(a, 020644, "dev", "data");
	refused("a device node with data", a, a->len, "on a device node or fifo");
	one(a, 010644, "fifo", NULL);
	accepted("a fifo", a);
	one(a, 060600, "blk", NULL);
	accepted("a block device", a);

	one(a, 0120777, "l", NULL);
	refused("a symlink with no target", a, a->len, "symlink target of 0 bytes (1..4095 allowed)");
	a->len = 0;
	entry_raw(a, "070701", 0120777, "l", 2, "a\0b", 3, 0);
	trailer(a);
	refused("a symlink target with a NUL", a, a->len, "symlink target has a NUL at byte 1");
	static char target[PATH_MAX + 1];
	memset(target, 'a', PATH_MAX);
	target[PATH_MAX] = 0;
	one(a, 0120777, "l", target);
	refused("a symlink target of PATH_MAX bytes", a, a->len, "symlink target of 4096 bytes");
	target[PATH_MAX - 1] = 0;
	one(a, 0120777, "l", target);
	accepted("a symlink target of PATH_MAX-1 bytes", a);
}

static void names(struct arc *a)
{
	static const char *const bad[][2] = {
		{ "a/../b", "\"..\" component at byte 2" },
		{ "..", "\"..\" component at byte 0" },
		{ "./..", "\"..\" component at byte 0" },
		{ "a/..", "\"..\" component at byte 2" },
		{ "a//b", "empty component at byte 2" },
		{ "a/./b", "\".\" component at byte 2" },
		{ "a/", "name ends with '/'" },
	};
	for (size_t i = 0; i < N(bad); i++) {
		char what[64];
		snprintf(what, sizeof(what), "name \"%s\" refused", bad[i][0]);
		one(a, 0100644, bad[i][0], NULL);
		refused(what, a, a->len, bad[i][1]);
	}
	static char name[NAME_MAX + 8];
	memset(name, 'n', NAME_MAX + 1);
	name[NAME_MAX + 1] = 0;
	one(a, 0100644, name, NULL);
	refused("a component past NAME_MAX", a, a->len, "is 256 bytes (NAME_MAX 255)");
	name[NAME_MAX] = 0;
	one(a, 0100644, name, NULL);
	accepted("a component of NAME_MAX", a);

	/* "/" + name + NUL must fit PATH_MAX. */
	static char longname[PATH_MAX + 1];
	for (size_t i = 0; i < PATH_MAX; i++)
		longname[i] = i % 100 == 99 ? '/' : 'p';
	longname[PATH_MAX - 2] = 0;
	one(a, 0100644, longname, NULL);
	accepted("a name of PATH_MAX-2 bytes", a);
	longname[PATH_MAX - 2] = 'p';
	longname[PATH_MAX - 1] = 0;
	one(a, 0100644, longname, NULL);
	refused("a name of PATH_MAX-1 bytes", a, a->len, "name of 4095 bytes: with its '/' and NUL past PATH_MAX");

	one(a, 0100644, ".", NULL);
	refused("the root as a file", a, a->len, "the root (\".\") is not a directory");

	/* Leading "./" and "/" go; "." and "./" are the root, skipped. */
	a->len = 0;
	entry(a, 040755, ".", NULL);
	entry(a, 040755, "./", NULL);
	entry(a, 040755, "/", NULL);
	entry(a, 040755, "./a", NULL);
	entry(a, 0100644, "/a/b", "x");
	entry(a, 0100644, ".//./a/c", "y");
	entry(a, 0100644, ".hidden", NULL);
	trailer(a);
	uint8_t *buf = exact_copy(a->data, a->len);
	const char *want[] = { "a", "a/b", "a/c", ".hidden" };
	size_t off = 0, i = 0;
	struct cpio_entry e;
	char err[200] = "";
	bool ok = true;
	while (cpio_next(buf, a->len, &off, &e, err, sizeof(err)) == 1)
		ok &= i < N(want) && e.namelen == strlen(want[i]) && !strcmp(e.name, want[i++]);
	tap_check(ok && i == N(want) && off == a->len, "names normalised, the root skipped", err);
	free(buf);
}

static void checksums(struct arc *a)
{
	a->len = 0;
	entry_raw(a, "070702", 0100644, "f", 2, "\x01\xff", 2, 0x100);
	trailer(a);
	accepted("070702 with the data's sum", a);
	a->len = 0;
	entry_raw(a, "070702", 0100644, "f", 2, "\x01\xff", 2, 0x101);
	trailer(a);
	refused("070702 with a wrong sum", a, a->len, "check 0x00000101 is not the data's sum 0x00000100");
	a->len = 0;
	entry_raw(a, "070701", 0100644, "f", 2, "\x01\xff", 2, 0x101);
	trailer(a);
	accepted("070701 ignores check", a);
}

static void hard_links(struct arc *a)
{
	a->len = 0;
	size_t first = entry(a, 0100644, "a", NULL);
	size_t second = entry(a, 0100644, "b", "data");
	trailer(a);
	poke(a, first, 4, "00000002");
	accepted("one nlink 2 file is no link", a);
	poke(a, second, 4, "00000002");
	refused("two nlink 2 files of one ino", a, a->len,
		"entry at 0x70: a hard link (ino 0x00000007, nlink 2) of the entry at 0x0");
	poke(a, second, 0, "00000008");
	accepted("two nlink 2 files of two inos", a);
	poke(a, second, 0, "00000007");
	poke(a, second, 8, "00000001");
	accepted("the same ino on another device", a);
}

int main(void)
{
	struct arc *a = calloc(1, sizeof(*a));
	real_archives();
	header_fields(a);
	bounds(a);
	types(a);
	names(a);
	checksums(a);
	hard_links(a);
	free(a);
	return tap_done();
}
