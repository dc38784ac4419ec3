/*
 * The cpio "newc" archive format (magic 070701, and 070702 with a data
 * checksum), as Linux's initramfs reads it (init/initramfs.c;
 * Documentation/driver-api/early-userspace/buffer-format.rst).  The
 * parser reads outside input and checks every field; it is compiled for
 * the kernel and for the host (tests/host/cpio_test.c,
 * tests/fuzz/fuzz_cpio.c).
 *
 * An entry: a 110-byte header of ASCII fields (the magic, then 13 fields
 * of 8 hex digits), the name with its NUL (namesize bytes), padding to 4,
 * the data (filesize bytes: a file's contents, a symlink's target),
 * padding to 4.  The entry named "TRAILER!!!" ends the archive.
 */
#ifndef ANVIL_KERNEL_FS_CPIO_H
#define ANVIL_KERNEL_FS_CPIO_H

#include <stddef.h>
#include <stdint.h>

#define CPIO_HEADER_LEN	110

struct cpio_entry {
	/* Normalised: no leading "./" or "/", never empty, no "." or ".."
	 * or empty component; NUL-terminated at name[namelen]. */
	const char *name;
	size_t namelen;
	uint32_t mode;			/* S_IFMT type | permission bits */
	uint32_t uid, gid, nlink;
	uint64_t mtime;
	uint32_t ino, devmajor, devminor;	/* a hard link's identity */
	uint32_t rdevmajor, rdevminor;	/* a device node's number */
	const uint8_t *data;		/* a file's bytes, a symlink's target */
	size_t size;
	size_t offset;			/* of the header, for messages */
};

/* The entry at *off of buf[0, len): 1 with *e filled and *off moved past
 * it; 0 at the trailer (*off past it); -1 with a one-line reason in err
 * naming the offset and the field.  The root ("." or "./") is checked to
 * be a directory and skipped. */
int cpio_next(const uint8_t *buf, size_t len, size_t *off, struct cpio_entry *e,
	      char *err, size_t errlen);

/* What a whole archive holds, counted by cpio_check. */
struct cpio_stats {
	unsigned files, dirs, symlinks, nodes;	/* nodes: devices and fifos */
	uint64_t bytes;			/* regular files' data */
	size_t end;			/* just past the trailer */
};

/* Walk the whole archive with cpio_next: 0 when every entry is good and
 * the trailer is there (stats filled), -1 with the reason in err.  Also
 * refuses hard links (two regular files with nlink > 1 and the same ino
 * and device): newc stores their data on the last one only, and anvil
 * unpacks no links. */
int cpio_check(const uint8_t *buf, size_t len, struct cpio_stats *st,
	       char *err, size_t errlen);

#endif
