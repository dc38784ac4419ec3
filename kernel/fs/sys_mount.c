/*
 * mount, umount2, statfs, fstatfs and ioctl.  mount knows the file
 * systems of kernel/fs (tmpfs, devtmpfs, proc), takes no block device,
 * and, as Linux, wants root (CAP_SYS_ADMIN): -EPERM otherwise.
 */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/sys_fs.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/heap.h"
#include "kernel/process.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

/* mount(2) flags (include/uapi/linux/mount.h). */
#define MS_RDONLY	1
#define MS_NOSUID	2
#define MS_NODEV	4
#define MS_NOEXEC	8
#define MS_SYNCHRONOUS	16
#define MS_REMOUNT	32
#define MS_SILENT	32768
#define MS_RELATIME	(1 << 21)
#define MS_MGC_MSK	0xffff0000u	/* the old magic in the top half */
/* What is accepted and ignored: they do not change what tmpfs does here. */
#define MS_ACCEPTED	(MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_SYNCHRONOUS | MS_SILENT | MS_RELATIME)

#define MNT_FORCE	1
#define MNT_DETACH	2
#define MNT_EXPIRE	4
#define UMOUNT_NOFOLLOW	8

#define FSTYPE_MAX	64
#define MOUNT_DATA_MAX	4096	/* one page, as Linux copies */

long sys_mount(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	if (process_current()->euid != 0)
		return -EPERM;
	uint64_t flags = arg[3];
	if ((flags & MS_MGC_MSK) == 0xc0ed0000u)
		flags &= ~(uint64_t)MS_MGC_MSK;	/* MS_MGC_VAL: "no flags" of old */
	if (flags & ~(uint64_t)MS_ACCEPTED)
		return -EINVAL;	/* remount, bind, move, read-only: not here */
	char type[FSTYPE_MAX], source[32] = "none";
	long n = strncpy_from_user(type, arg[2], sizeof(type));
	if (n < 0)
		return n == -ENAMETOOLONG ? -ENODEV : n;
	if (arg[0] && (n = strncpy_from_user(source, arg[0], sizeof(source))) < 0 &&
	    n != -ENAMETOOLONG)
		return n;
	source[sizeof(source) - 1] = 0;
	char *data = NULL;
	if (arg[4]) {
		if (!(data = kmalloc(MOUNT_DATA_MAX)))
			return -ENOMEM;
		n = strncpy_from_user(data, arg[4], MOUNT_DATA_MAX);
		if (n == -EFAULT) {
			kfree(data);
			return -EFAULT;
		}
		data[MOUNT_DATA_MAX - 1] = 0;
	}
	struct path at;
	long err = lookup_at(AT_FDCWD, arg[1], 0, WALK_FOLLOW, &at);
	if (!err) {
		err = fs_find(type) ? vfs_mount(type, source, data, &at, (unsigned)flags) : -ENODEV;
		path_put(at);
	}
	kfree(data);
	return err;
}

long sys_umount2(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	unsigned flags = (unsigned)arg[1];
	if (flags & ~(unsigned)(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	if (process_current()->euid != 0)
		return -EPERM;
	struct path p;
	long err = lookup_at(AT_FDCWD, arg[0], 0, flags & UMOUNT_NOFOLLOW ? 0 : WALK_FOLLOW, &p);
	if (err)
		return err;
	err = vfs_umount(p);
	path_put(p);
	return err;
}

/* struct statfs for x86-64 (include/uapi/asm-generic/statfs.h): 120 bytes. */
struct linux_statfs {
	int64_t f_type, f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	int64_t f_namelen, f_frsize, f_flags;
	int64_t f_spare[4];
};
_Static_assert(sizeof(struct linux_statfs) == 120, "Linux's x86-64 struct statfs");

#define ST_VALID	0x0020	/* f_flags holds meaningful bits (Linux's ST_VALID) */

static long statfs_to_user(const struct path p, uint64_t ubuf)
{
	const struct super_block *sb = p.inode->sb;
	struct linux_statfs st = {
		.f_type = (int64_t)sb->type->magic, .f_bsize = 4096, .f_frsize = 4096,
		.f_namelen = NAME_MAX, .f_flags = ST_VALID | (p.mnt->flags & MS_RDONLY),
		.f_fsid = { (int32_t)sb->dev, 0 },
	};
	if (sb->blocks_max) {
		st.f_blocks = sb->blocks_max;
		st.f_bfree = st.f_bavail = sb->blocks_max - sb->blocks_used;
	}
	if (sb->inodes_max) {
		st.f_files = sb->inodes_max;
		st.f_ffree = sb->inodes_max - sb->inodes_used;
	}
	return copy_to_user(ubuf, &st, sizeof(st)) ? -EFAULT : 0;
}

long sys_statfs(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct path p;
	long err = lookup_at(AT_FDCWD, arg[0], 0, WALK_FOLLOW, &p);
	if (err)
		return err;
	err = statfs_to_user(p, arg[1]);
	path_put(p);
	return err;
}

long sys_fstatfs(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct file *f = fd_file((int)arg[0]);
	if (!f)
		return -EBADF;
	return statfs_to_user((struct path){ f->mnt, f->inode }, arg[1]);
}

#define FIONREAD	0x541B
#define FIOCLEX		0x5451
#define FIONCLEX	0x5450

/* ioctl: the descriptor's own first, then what Linux answers for every
 * file (fs/ioctl.c do_vfs_ioctl): FIOCLEX, FIONCLEX, and FIONREAD on a
 * regular file (the bytes from the offset to the end). */
long sys_ioctl(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	int fd = (int)arg[0];
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	unsigned cmd = (unsigned)arg[1];
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		fd_set_cloexec(fd, cmd == FIOCLEX);
		return 0;
	case FIONREAD:
		if (S_ISREG(f->inode->mode)) {
			int n = f->pos < f->inode->size ? (int)(f->inode->size - f->pos) : 0;
			return copy_to_user(arg[2], &n, sizeof(n)) ? -EFAULT : 0;
		}
		break;
	}
	return f->fops && f->fops->ioctl ? f->fops->ioctl(f, cmd, arg[2]) : -ENOTTY;
}
