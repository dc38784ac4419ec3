/* In-kernel tests of the initramfs: archives made here, unpacked into the
 * real root, and what the boot's own archive made (build/initramfs.cpio). */
#include "kernel/fs/initramfs.h"
#include "kernel/fs/cpio.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/format.h"
#include "kernel/ktest.h"
#include "kernel/string.h"

static uint8_t arc[2048];
static size_t arc_len;

static void add(uint32_t mode, const char *name, const char *data, uint32_t rdevminor)
{
	size_t n = strlen(name) + 1, size = data ? strlen(data) : 0;
	ksnprintf((char *)arc + arc_len, sizeof(arc) - arc_len,
		  "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
		  (unsigned)arc_len + 1, mode, 0u, 0u, 1u, 0u, (unsigned)size, 0u, 0u,
		  rdevminor ? 1u : 0u, rdevminor, (unsigned)n, 0u);
	arc_len += CPIO_HEADER_LEN;
	memcpy(arc + arc_len, name, n);
	arc_len = (arc_len + n + 3) & ~(size_t)3;
	if (size)
		memcpy(arc + arc_len, data, size);
	arc_len = (arc_len + size + 3) & ~(size_t)3;
}

static void start(void)
{
	memset(arc, 0, sizeof(arc));
	arc_len = 0;
}

/* The inode at path (not following a last symlink): its mode, or -errno;
 * its size in *size. */
static long mode_of(const char *path, uint64_t *size)
{
	struct path p;
	int err = path_walk(AT_FDCWD, path, 0, &p);
	if (err)
		return err;
	long mode = p.inode->mode;
	if (size)
		*size = p.inode->size;
	path_put(p);
	return mode;
}

/* Up to len bytes of the file at path into buf: the count, or -errno. */
static long read_file(const char *path, char *buf, size_t len)
{
	struct path p;
	struct file *f;
	int err = path_walk(AT_FDCWD, path, WALK_FOLLOW, &p);
	if (err)
		return err;
	err = file_open_path(p, O_RDONLY, &f);
	path_put(p);
	if (err)
		return err;
	long n = file_read(f, io_kernel(buf), len);
	file_put(f);
	return n;
}

KTEST(initramfs, unpacks_every_type)
{
	char buf[16];
	uint64_t size = 0;

	start();
	add(040755, "./ktest_initramfs", NULL, 0);
	add(0100640, "ktest_initramfs/f", "hi\n", 0);
	add(0120777, "ktest_initramfs/l", "f", 0);
	add(010600, "ktest_initramfs/p", NULL, 0);
	add(020666, "ktest_initramfs/null", NULL, 3);
	add(0100644, "/ktest_initramfs/sub/g", "x", 0);	/* its directory not listed */
	add(040755, "ktest_initramfs", NULL, 0);	/* again: no error */
	add(0, "TRAILER!!!", NULL, 0);
	KASSERT_EQ(initramfs_unpack(arc, arc_len), 0);

	KEXPECT_EQ(mode_of("/ktest_initramfs", NULL), 040755);
	KEXPECT_EQ(mode_of("/ktest_initramfs/f", &size), 0100640);
	KEXPECT_EQ(size, 3);
	KEXPECT_EQ(read_file("/ktest_initramfs/f", buf, sizeof(buf)), 3);
	KEXPECT_EQ(memcmp(buf, "hi\n", 3), 0);
	KEXPECT_EQ(mode_of("/ktest_initramfs/l", &size) & S_IFMT, S_IFLNK);
	KEXPECT_EQ(size, 1);
	KEXPECT_EQ(read_file("/ktest_initramfs/l", buf, sizeof(buf)), 3);	/* through it */
	KEXPECT_EQ(mode_of("/ktest_initramfs/p", NULL), 010600);
	KEXPECT_EQ(mode_of("/ktest_initramfs/null", NULL), 020666);
	KEXPECT_EQ(mode_of("/ktest_initramfs/sub", NULL), 040755);
	KEXPECT_EQ(mode_of("/ktest_initramfs/sub/g", &size), 0100644);
	KEXPECT_EQ(size, 1);
}

KTEST(initramfs, refused_archive_makes_nothing)
{
	start();
	add(040755, "ktest_refused", NULL, 0);
	add(0100644, "ktest_refused/a", "a", 0);
	add(0100644, "ktest_refused/../b", "b", 0);
	add(0, "TRAILER!!!", NULL, 0);
	KEXPECT_EQ(initramfs_unpack(arc, arc_len), -EINVAL);
	KEXPECT_EQ(mode_of("/ktest_refused", NULL), -ENOENT);

	start();
	add(040755, "ktest_truncated", NULL, 0);
	size_t no_trailer = arc_len;
	add(0, "TRAILER!!!", NULL, 0);
	KEXPECT_EQ(initramfs_unpack(arc, arc_len - 4), -EINVAL);	/* the trailer cut */
	KEXPECT_EQ(initramfs_unpack(arc, no_trailer), -EINVAL);
	KEXPECT_EQ(mode_of("/ktest_truncated", NULL), -ENOENT);
}

/* What the boot's archive (tools/mkinitramfs.py from rootfs/ and the
 * programs) made. */
KTEST(initramfs, boot_archive_is_the_root)
{
	char buf[16];
	uint64_t size = 0;

	KEXPECT_EQ(read_file("/etc/hostname", buf, sizeof(buf)), 6);
	KEXPECT_EQ(memcmp(buf, "anvil\n", 6), 0);
	KEXPECT_EQ(mode_of("/etc/passwd", NULL), 0100644);
	KEXPECT_EQ(mode_of("/home", NULL), 040755);
	KEXPECT_EQ(mode_of("/root", NULL), 040755);
	KEXPECT_EQ(mode_of("/bin/hello", &size), 0100755);
	KEXPECT_TRUE(size > 0);
	KEXPECT_EQ(read_file("/bin/hello", buf, 4), 4);
	KEXPECT_EQ(memcmp(buf, "\177ELF", 4), 0);
}
