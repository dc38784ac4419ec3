/*
 * stat, fstat, lstat, newfstatat, statx; getdents64; readlink and
 * readlinkat.  Linux's layouts (arch/x86/include/uapi/asm/stat.h,
 * include/uapi/linux/stat.h struct statx, struct linux_dirent64).
 */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/heap.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

#define STAT_BLKSIZE	4096

static void fill_stat(const struct inode *i, struct linux_stat *st)
{
	*st = (struct linux_stat){
		.st_dev = i->sb->dev, .st_ino = i->ino, .st_nlink = i->nlink,
		.st_mode = i->mode, .st_uid = i->uid, .st_gid = i->gid,
		.st_rdev = i->rdev, .st_size = (int64_t)i->size,
		.st_blksize = STAT_BLKSIZE, .st_blocks = (int64_t)i->blocks,
		.st_atime = (uint64_t)i->atime.sec, .st_atime_nsec = (uint64_t)i->atime.nsec,
		.st_mtime = (uint64_t)i->mtime.sec, .st_mtime_nsec = (uint64_t)i->mtime.nsec,
		.st_ctime = (uint64_t)i->ctime.sec, .st_ctime_nsec = (uint64_t)i->ctime.nsec,
	};
}

/* The inode a *at() call names: path from dirfd, or with AT_EMPTY_PATH
 * and "" the descriptor itself.  0 with a referenced *out. */
#include "kernel/fs/sys_fs.h"

int lookup_at(int dirfd, uint64_t upath, unsigned at_flags, unsigned walk, struct path *out)
{
	char *path = path_alloc();
	if (!path)
		return -ENOMEM;
	int err = path_from_user(path, upath);
	if (err == -ENOENT && (at_flags & AT_EMPTY_PATH)) {
		struct file *f = dirfd == AT_FDCWD ? NULL : fd_file(dirfd);
		if (dirfd == AT_FDCWD)
			*out = vfs_cwd(), err = 0;
		else if (f)
			*out = path_get((struct path){ f->mnt, f->inode }), err = 0;
		else
			err = -EBADF;
	} else if (!err) {
		err = path_walk(dirfd, path, walk, out);
	}
	path_free(path);
	return err;
}

static long stat_to_user(struct path p, uint64_t ubuf)
{
	struct linux_stat st;
	fill_stat(p.inode, &st);
	path_put(p);
	return copy_to_user(ubuf, &st, sizeof(st)) ? -EFAULT : 0;
}

static long do_fstatat(int dirfd, uint64_t upath, uint64_t ubuf, unsigned flags)
{
	if (flags & ~(unsigned)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	struct path p;
	unsigned walk = flags & AT_SYMLINK_NOFOLLOW ? 0 : WALK_FOLLOW;
	int err = lookup_at(dirfd, upath, flags, walk, &p);
	return err ? err : stat_to_user(p, ubuf);
}

long sys_stat(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_fstatat(AT_FDCWD, arg[0], arg[1], 0);
}

long sys_lstat(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_fstatat(AT_FDCWD, arg[0], arg[1], AT_SYMLINK_NOFOLLOW);
}

long sys_newfstatat(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_fstatat((int)arg[0], arg[1], arg[2], (unsigned)arg[3]);
}

long sys_fstat(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct file *f = fd_file((int)arg[0]);
	if (!f)
		return -EBADF;
	struct linux_stat st;
	fill_stat(f->inode, &st);
	return copy_to_user(arg[1], &st, sizeof(st)) ? -EFAULT : 0;
}

/* struct statx (include/uapi/linux/stat.h): 256 bytes. */
struct statx_ts {
	int64_t sec;
	uint32_t nsec;
	int32_t reserved;
};

struct statx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, spare0;
	uint64_t ino, size, blocks, attributes_mask;
	struct statx_ts atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t mnt_id;
	uint32_t dio_mem_align, dio_offset_align;
	uint64_t spare[12];
};
_Static_assert(sizeof(struct statx) == 256, "Linux's struct statx");

#define STATX_BASIC_STATS	0x07ffU	/* type .. blocks: what anvil fills */
#define STATX__RESERVED		0x80000000U
#define AT_STATX_SYNC_TYPE	0x6000

static struct statx_ts sx_ts(struct kts t)
{
	return (struct statx_ts){ t.sec, (uint32_t)t.nsec, 0 };
}

long sys_statx(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	unsigned flags = (unsigned)arg[2];
	uint32_t mask = (uint32_t)arg[3];
	if (flags & ~(unsigned)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT |
				AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || (mask & STATX__RESERVED))
		return -EINVAL;
	struct path p;
	int err = lookup_at((int)arg[0], arg[1], flags,
			    flags & AT_SYMLINK_NOFOLLOW ? 0 : WALK_FOLLOW, &p);
	if (err)
		return err;
	const struct inode *i = p.inode;
	struct statx sx = {
		.mask = STATX_BASIC_STATS, .blksize = STAT_BLKSIZE,
		.nlink = i->nlink, .uid = i->uid, .gid = i->gid, .mode = (uint16_t)i->mode,
		.ino = i->ino, .size = i->size, .blocks = i->blocks,
		.atime = sx_ts(i->atime), .ctime = sx_ts(i->ctime), .mtime = sx_ts(i->mtime),
		.rdev_major = MAJOR(i->rdev), .rdev_minor = MINOR(i->rdev),
		.dev_major = MAJOR(i->sb->dev), .dev_minor = MINOR(i->sb->dev),
	};
	path_put(p);
	return copy_to_user(arg[4], &sx, sizeof(sx)) ? -EFAULT : 0;
}

/* ---- getdents64 ---- */

struct dirent_ctx {
	char *buf;		/* a kernel copy, written out at the end */
	size_t size, used, last;	/* last: the previous record's start */
	const uint64_t *pos;	/* the directory's position, as iterate moves it */
	bool too_small;
};

/* d_off of the record at ctx->last: the position after it, which is
 * where iterate stands when the next name comes (or at the end). */
static void set_last_off(struct dirent_ctx *ctx)
{
	if (ctx->used)
		memcpy(ctx->buf + ctx->last + 8, ctx->pos, 8);
}

/* struct linux_dirent64: ino, off, reclen, type, name + NUL, 8-aligned. */
static bool emit_dirent(void *c, const char *name, size_t len, uint64_t ino, unsigned type)
{
	struct dirent_ctx *ctx = c;
	size_t reclen = (19 + len + 1 + 7) & ~(size_t)7;
	if (ctx->used + reclen > ctx->size) {
		ctx->too_small = ctx->used == 0;
		return false;
	}
	set_last_off(ctx);
	char *d = ctx->buf + ctx->used;
	memset(d, 0, reclen);
	memcpy(d, &ino, 8);
	uint16_t r = (uint16_t)reclen;
	memcpy(d + 16, &r, 2);
	d[18] = (char)type;
	memcpy(d + 19, name, len);
	ctx->last = ctx->used;
	ctx->used += reclen;
	return true;
}

#define GETDENTS_MAX	(64 * 1024)	/* the kernel copy's size at most */

long sys_getdents64(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct file *f = fd_file((int)arg[0]);
	if (!f)
		return -EBADF;
	struct inode *dir = f->inode;
	if (!S_ISDIR(dir->mode) || !dir->iops || !dir->iops->iterate)
		return -ENOTDIR;
	size_t size = arg[2] < GETDENTS_MAX ? arg[2] : GETDENTS_MAX;
	if (!user_range_ok(arg[1], size))
		return -EFAULT;
	struct dirent_ctx ctx = { .buf = kmalloc(size ? size : 1), .size = size, .pos = &f->pos };
	if (!ctx.buf)
		return -ENOMEM;
	int err = dir->iops->iterate(dir, &f->pos, emit_dirent, &ctx);
	long ret = err ? err : ctx.too_small ? -EINVAL : (long)ctx.used;
	set_last_off(&ctx);
	if (ret > 0 && copy_to_user(arg[1], ctx.buf, ctx.used))
		ret = -EFAULT;
	kfree(ctx.buf);
	if (ret > 0)
		dir->atime = kts_now();
	return ret;
}

/* ---- readlink ---- */

static long do_readlinkat(int dirfd, uint64_t upath, uint64_t ubuf, int64_t size)
{
	if (size <= 0)
		return -EINVAL;
	struct path p;
	int err = lookup_at(dirfd, upath, AT_EMPTY_PATH, 0, &p);
	if (err)
		return err;
	long n = -EINVAL;
	if (S_ISLNK(p.inode->mode) && p.inode->iops->readlink) {
		char *buf = path_alloc();
		size_t want = (uint64_t)size < PATH_MAX ? (size_t)size : PATH_MAX;
		n = buf ? p.inode->iops->readlink(p.inode, buf, want) : -ENOMEM;
		if (n > 0 && copy_to_user(ubuf, buf, (size_t)n))
			n = -EFAULT;
		path_free(buf);
	}
	path_put(p);
	return n;
}

long sys_readlink(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_readlinkat(AT_FDCWD, arg[0], arg[1], (int64_t)arg[2]);
}

long sys_readlinkat(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_readlinkat((int)arg[0], arg[1], arg[2], (int64_t)arg[3]);
}
