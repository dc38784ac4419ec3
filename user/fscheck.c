/*
 * fscheck - what the differential tests cannot compare with the host:
 * anvil's own tmpfs and /dev, checked from ring 3 (TAP).
 *
 * - a full tmpfs: mount("none", "/mnt-x", "tmpfs", 0, "size=64k"), write
 *   until ENOSPC (the last write short), the file's size is what write
 *   reported, and after unlink the space is back (Linux's shmem: size= is
 *   the page limit, statfs's f_blocks);
 * - mount on a missing directory (ENOENT), of an unknown type (ENODEV),
 *   umount of a busy mount (EBUSY) and of a directory that is not a mount
 *   (EINVAL), and after umount the directory is empty again;
 * - statfs f_type is TMPFS_MAGIC on / and /tmp;
 * - /dev's nodes have Linux's numbers (Documentation/admin-guide/devices.txt:
 *   null 1,3 zero 1,5 full 1,7 random 1,8 urandom 1,9 tty 5,0 console 5,1)
 *   and behave: /dev/zero reads zeros, /dev/full refuses writes (ENOSPC) and
 *   reads zeros, /dev/null reads end of file and takes any write;
 * - no frame lost: 10,000 files (with a page of data each), 1,000
 *   directories and 1,000 symlinks made and removed in /tmp, sysinfo's
 *   freeram the same before and after (after one uncounted round, so the
 *   kernel heap is at its high-water mark; see kernel/torture.c).
 */
#include "lib/ulib.h"

#define SYS_stat	4
#define SYS_fstat	5
#define SYS_lseek	8
#define SYS_sysinfo	99
#define SYS_getdents64	217
#define SYS_mkdir	83
#define SYS_rmdir	84
#define SYS_unlink	87
#define SYS_symlink	88
#define SYS_statfs	137
#define SYS_mount	165
#define SYS_umount2	166

#define O_RDONLY	0
#define O_WRONLY	1
#define O_RDWR		2
#define O_CREAT		0100
#define O_TRUNC		01000
#define O_DIRECTORY	0200000

#define ENOENT		2
#define EBUSY		16
#define ENODEV		19
#define EINVAL		22
#define ENOSPC		28

#define TMPFS_MAGIC	0x01021994
#define S_IFMT		0170000
#define S_IFCHR		0020000

struct kstat {				/* arch/x86/include/uapi/asm/stat.h */
	unsigned long dev, ino, nlink;
	unsigned mode, uid, gid, pad0;
	unsigned long rdev;
	long size, blksize, blocks;
	unsigned long times[6];
	long unused[3];
};

struct kstatfs {			/* include/uapi/asm-generic/statfs.h */
	long type, bsize;
	unsigned long blocks, bfree, bavail, files, ffree;
	int fsid[2];
	long namelen, frsize, flags, spare[4];
};

struct ksysinfo {			/* include/uapi/linux/sysinfo.h */
	long uptime;
	unsigned long loads[3], totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	unsigned short procs, pad;
	unsigned pad2;
	unsigned long totalhigh, freehigh;
	unsigned mem_unit;
	char reserved[4];
};

static char buf[8192];

static long openat_path(const char *path, int flags)
{
	return syscall4(257 /* openat */, -100 /* AT_FDCWD */, (long)path, flags, 0644);
}

static long fsize(int fd)
{
	struct kstat st;
	return syscall2(SYS_fstat, fd, (long)&st) ? -1 : st.size;
}

/* The number of names in a directory other than . and .. (or -errno). */
static long names_in(const char *dir)
{
	long fd = openat_path(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return fd;
	long n = 0, got;
	while ((got = syscall3(SYS_getdents64, fd, (long)buf, sizeof(buf))) > 0)
		for (long at = 0; at < got;) {
			unsigned short reclen = *(unsigned short *)(buf + at + 16);
			const char *name = buf + at + 19;
			if (strcmp(name, ".") && strcmp(name, ".."))
				n++;
			at += reclen;
		}
	close((int)fd);
	return got < 0 ? got : n;
}

/* Write chunks of 5000 bytes until the file system is full: the bytes
 * written (the last write short), with the error that stopped it. */
static long fill(int fd, long *err)
{
	long total = 0, n;
	memset(buf, 'f', 5000);
	while ((n = write(fd, buf, 5000)) > 0)
		total += n;
	*err = n;
	return total;
}

static void tmpfs_full(void)
{
	syscall2(SYS_mkdir, (long)"/mnt-x", 0755);
	long r = syscall5(SYS_mount, (long)"none", (long)"/mnt-x", (long)"tmpfs", 0, (long)"size=64k");
	ok(r == 0, "mount a 64 KiB tmpfs on /mnt-x");
	struct kstatfs sf;
	r = syscall2(SYS_statfs, (long)"/mnt-x", (long)&sf);
	ok(r == 0 && sf.type == TMPFS_MAGIC && sf.blocks == 16 && sf.bfree == 16,
	   "statfs: tmpfs, 16 blocks of 4 KiB, all free");
	int fd = (int)openat_path("/mnt-x/big", O_CREAT | O_RDWR);
	long err, total = fill(fd, &err);
	ok(total == 65536 && err == -ENOSPC, "writes stop at 64 KiB with ENOSPC, the last one short");
	ok(fsize(fd) == total, "the file's size is what write reported");
	ok(write(fd, "x", 1) == -ENOSPC, "one more byte: ENOSPC");
	r = syscall2(SYS_statfs, (long)"/mnt-x", (long)&sf);
	ok(r == 0 && sf.bfree == 0, "statfs: no block free");
	close(fd);
	ok(syscall1(SYS_unlink, (long)"/mnt-x/big") == 0, "unlink the full file");
	fd = (int)openat_path("/mnt-x/again", O_CREAT | O_RDWR);
	total = fill(fd, &err);
	ok(total == 65536 && err == -ENOSPC, "the space came back: 64 KiB again");

	ok(syscall5(SYS_mount, (long)"none", (long)"/no-such-dir", (long)"tmpfs", 0, 0) == -ENOENT,
	   "mount on a missing directory: ENOENT");
	ok(syscall5(SYS_mount, (long)"none", (long)"/tmp", (long)"nosuchfs", 0, 0) == -ENODEV,
	   "mount of an unknown type: ENODEV");
	ok(syscall2(SYS_umount2, (long)"/mnt-x", 0) == -EBUSY, "umount with a file open: EBUSY");
	close(fd);
	syscall2(SYS_mkdir, (long)"/tmp/notamount", 0755);
	ok(syscall2(SYS_umount2, (long)"/tmp/notamount", 0) == -EINVAL,
	   "umount of a directory that is no mount: EINVAL");
	syscall1(SYS_rmdir, (long)"/tmp/notamount");
	ok(names_in("/mnt-x") == 1, "one name in the mounted tmpfs");
	ok(syscall2(SYS_umount2, (long)"/mnt-x", 0) == 0, "umount once nothing is open");
	ok(names_in("/mnt-x") == 0, "after umount /mnt-x is empty again");
	ok(syscall2(SYS_umount2, (long)"/mnt-x", 0) == -EINVAL, "a second umount: EINVAL");
	ok(syscall1(SYS_rmdir, (long)"/mnt-x") == 0, "rmdir the mount point");
}

static void fs_types(void)
{
	struct kstatfs sf;
	ok(syscall2(SYS_statfs, (long)"/", (long)&sf) == 0 && sf.type == TMPFS_MAGIC,
	   "statfs /: TMPFS_MAGIC");
	ok(syscall2(SYS_statfs, (long)"/tmp", (long)&sf) == 0 && sf.type == TMPFS_MAGIC,
	   "statfs /tmp: TMPFS_MAGIC");
}

/* Linux's new_encode_dev for small numbers. */
static int is_chr(const char *path, unsigned major, unsigned minor)
{
	struct kstat st;
	return syscall2(SYS_stat, (long)path, (long)&st) == 0 && (st.mode & S_IFMT) == S_IFCHR &&
	       st.rdev == ((unsigned long)major << 8 | minor);
}

static int all(const char *p, long n, char c)
{
	for (long i = 0; i < n; i++)
		if (p[i] != c)
			return 0;
	return 1;
}

static void devices(void)
{
	ok(is_chr("/dev/null", 1, 3), "/dev/null is char 1,3");
	ok(is_chr("/dev/zero", 1, 5), "/dev/zero is char 1,5");
	ok(is_chr("/dev/full", 1, 7), "/dev/full is char 1,7");
	ok(is_chr("/dev/random", 1, 8), "/dev/random is char 1,8");
	ok(is_chr("/dev/urandom", 1, 9), "/dev/urandom is char 1,9");
	ok(is_chr("/dev/tty", 5, 0), "/dev/tty is char 5,0");
	ok(is_chr("/dev/console", 5, 1), "/dev/console is char 5,1");
	int fd = (int)openat_path("/dev/zero", O_RDWR);
	memset(buf, 0x5a, 3000);
	ok(read(fd, buf, 3000) == 3000 && all(buf, 3000, 0), "/dev/zero reads 3000 zeros");
	ok(write(fd, buf, 100) == 100, "/dev/zero takes writes");
	close(fd);
	fd = (int)openat_path("/dev/full", O_RDWR);
	ok(write(fd, "x", 1) == -ENOSPC, "/dev/full: write gives ENOSPC");
	memset(buf, 0x5a, 64);
	ok(read(fd, buf, 64) == 64 && all(buf, 64, 0), "/dev/full reads zeros");
	close(fd);
	fd = (int)openat_path("/dev/null", O_RDWR);
	ok(read(fd, buf, 64) == 0, "/dev/null reads end of file");
	ok(write(fd, buf, 5000) == 5000, "/dev/null takes 5000 bytes");
	close(fd);
	fd = (int)openat_path("/dev/urandom", O_RDONLY);
	memset(buf, 0, 64);
	ok(read(fd, buf, 64) == 64 && !all(buf, 64, 0), "/dev/urandom reads 64 bytes, not all zero");
	close(fd);
}

static unsigned long freeram(void)
{
	struct ksysinfo si;
	return syscall1(SYS_sysinfo, (long)&si) ? 0 : si.freeram * si.mem_unit;
}

#define ROUND_FILES	1000
#define ROUND_DIRS	100
#define ROUNDS		10

static void name(char *out, const char *prefix, int i)
{
	int n = 0;
	while (prefix[n]) {
		out[n] = prefix[n];
		n++;
	}
	out[n++] = (char)('0' + i / 1000 % 10);
	out[n++] = (char)('0' + i / 100 % 10);
	out[n++] = (char)('0' + i / 10 % 10);
	out[n++] = (char)('0' + i % 10);
	out[n] = 0;
}

/* One round in /tmp/leak: ROUND_FILES files with a page of data,
 * ROUND_DIRS directories (each with a file) and symlinks, all removed.
 * 0, or the number of calls that failed. */
static long leak_round(void)
{
	char p[64], q[64];
	long bad = 0;
	memset(buf, 'l', 4096);
	for (int i = 0; i < ROUND_FILES; i++) {
		name(p, "/tmp/leak/f", i);
		long fd = openat_path(p, O_CREAT | O_WRONLY | O_TRUNC);
		bad += fd < 0 || write((int)fd, buf, 4096) != 4096;
		close((int)fd);
	}
	for (int i = 0; i < ROUND_DIRS; i++) {
		name(p, "/tmp/leak/d", i);
		bad += syscall2(SYS_mkdir, (long)p, 0755) != 0;
		name(q, "/tmp/leak/s", i);
		bad += syscall2(SYS_symlink, (long)p, (long)q) != 0;
		name(q, "/tmp/leak/d", i);
		int n = 0;
		while (q[n])
			n++;
		memcpy(q + n, "/in", 4);
		long fd = openat_path(q, O_CREAT | O_WRONLY);
		bad += fd < 0;
		close((int)fd);
	}
	bad += names_in("/tmp/leak") != ROUND_FILES + 2 * ROUND_DIRS;
	for (int i = 0; i < ROUND_FILES; i++) {
		name(p, "/tmp/leak/f", i);
		bad += syscall1(SYS_unlink, (long)p) != 0;
	}
	for (int i = 0; i < ROUND_DIRS; i++) {
		name(p, "/tmp/leak/d", i);
		bad += syscall2(SYS_rmdir, (long)p, 0) == 0;	/* not empty: must fail */
		name(q, "/tmp/leak/d", i);
		int n = 0;
		while (q[n])
			n++;
		memcpy(q + n, "/in", 4);
		bad += syscall1(SYS_unlink, (long)q) != 0;
		bad += syscall1(SYS_rmdir, (long)p) != 0;
		name(q, "/tmp/leak/s", i);
		bad += syscall1(SYS_unlink, (long)q) != 0;
	}
	bad += names_in("/tmp/leak") != 0;
	return bad;
}

static void leaks(void)
{
	syscall2(SYS_mkdir, (long)"/tmp/leak", 0755);
	long warm = leak_round();
	unsigned long before = freeram();
	long bad = 0;
	for (int r = 0; r < ROUNDS; r++)
		bad += leak_round();
	unsigned long after = freeram();
	ok(warm == 0 && bad == 0, "10,000 files, 1,000 directories and 1,000 symlinks made and removed");
	uprintf("# free memory %lu KiB -> %lu KiB\n", before / 1024, after / 1024);
	ok(before != 0 && before == after, "no frame lost (sysinfo freeram the same after)");
	ok(syscall1(SYS_rmdir, (long)"/tmp/leak") == 0, "rmdir /tmp/leak");
}

int main(void)
{
	tap_start();		/* in the source's order: tests/groups/files.py */
	tmpfs_full();
	fs_types();
	devices();
	leaks();
	return tap_done();
}
