/*
 * What is stored about a file and asked of it: access, umask, chmod,
 * chown, truncate, utimensat; sync and fsync (tmpfs has nothing to
 * write back: they check the descriptor and succeed, as Linux's tmpfs).
 */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/sys_fs.h"
#include "kernel/fs/vfs.h"
#include "kernel/process.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

#define F_OK	0
#define X_OK	1
#define W_OK	2
#define R_OK	4

static long do_faccessat(int dirfd, uint64_t upath, unsigned mode, unsigned flags)
{
	if (mode & ~(unsigned)(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(unsigned)(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct path p;
	int err = lookup_at(dirfd, upath, flags, flags & AT_SYMLINK_NOFOLLOW ? 0 : WALK_FOLLOW, &p);
	if (err)
		return err;
	/* R_OK 4, W_OK 2, X_OK 1 are MAY_READ, MAY_WRITE, MAY_EXEC. */
	err = inode_permission(p.inode, mode);
	path_put(p);
	return err;
}

long sys_access(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_faccessat(AT_FDCWD, arg[0], (unsigned)arg[1], 0);
}

long sys_faccessat(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_faccessat((int)arg[0], arg[1], (unsigned)arg[2], 0);
}

long sys_faccessat2(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_faccessat((int)arg[0], arg[1], (unsigned)arg[2], (unsigned)arg[3]);
}

long sys_umask(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct process *p = process_current();
	uint32_t old = p->umask;
	p->umask = (uint32_t)arg[0] & 0777;
	return old;
}

/* Only the owner or root changes a mode (fs/attr.c setattr_prepare). */
static int owner_ok(const struct inode *inode)
{
	uint32_t euid = process_current()->euid;
	return euid == 0 || euid == inode->uid ? 0 : -EPERM;
}

static long set_mode(struct path p, uint32_t mode)
{
	int err = owner_ok(p.inode);
	if (!err) {
		p.inode->mode = (p.inode->mode & S_IFMT) | (mode & S_IALLUGO);
		p.inode->ctime = kts_now();
	}
	path_put(p);
	return err;
}

static long path_arg(int dirfd, uint64_t upath, unsigned flags, unsigned walk, struct path *p)
{
	return lookup_at(dirfd, upath, flags, walk, p);
}

long sys_chmod(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct path p;
	long err = path_arg(AT_FDCWD, arg[0], 0, WALK_FOLLOW, &p);
	return err ? err : set_mode(p, (uint32_t)arg[1]);
}

long sys_fchmod(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct file *f = fd_file((int)arg[0]);
	if (!f)
		return -EBADF;
	return set_mode(path_get((struct path){ f->mnt, f->inode }), (uint32_t)arg[1]);
}

long sys_fchmodat(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct path p;
	long err = path_arg((int)arg[0], arg[1], 0, WALK_FOLLOW, &p);
	return err ? err : set_mode(p, (uint32_t)arg[2]);
}

/* chown: -1 leaves an id as it is; only root changes the owner
 * (CAP_CHOWN), and a change clears set-user-ID and set-group-ID bits of
 * a regular file, as Linux does. */
static long set_owner(struct path p, uint32_t uid, uint32_t gid)
{
	struct inode *i = p.inode;
	int err = process_current()->euid == 0 ? 0 : -EPERM;
	if (!err) {
		if (uid != (uint32_t)-1)
			i->uid = uid;
		if (gid != (uint32_t)-1)
			i->gid = gid;
		if (S_ISREG(i->mode) && (uid != (uint32_t)-1 || gid != (uint32_t)-1))
			i->mode &= ~(uint32_t)(S_ISUID | ((i->mode & 010) ? S_ISGID : 0));
		i->ctime = kts_now();
	}
	path_put(p);
	return err;
}

long sys_chown(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct path p;
	long err = path_arg(AT_FDCWD, arg[0], 0, WALK_FOLLOW, &p);
	return err ? err : set_owner(p, (uint32_t)arg[1], (uint32_t)arg[2]);
}

long sys_lchown(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct path p;
	long err = path_arg(AT_FDCWD, arg[0], 0, 0, &p);
	return err ? err : set_owner(p, (uint32_t)arg[1], (uint32_t)arg[2]);
}

long sys_fchown(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct file *f = fd_file((int)arg[0]);
	if (!f)
		return -EBADF;
	return set_owner(path_get((struct path){ f->mnt, f->inode }), (uint32_t)arg[1],
			 (uint32_t)arg[2]);
}

long sys_fchownat(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	unsigned flags = (unsigned)arg[4];
	if (flags & ~(unsigned)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct path p;
	long err = path_arg((int)arg[0], arg[1], flags,
			    flags & AT_SYMLINK_NOFOLLOW ? 0 : WALK_FOLLOW, &p);
	return err ? err : set_owner(p, (uint32_t)arg[2], (uint32_t)arg[3]);
}

/* ---- truncate ---- */

static long do_truncate(struct inode *inode, int64_t size)
{
	if (size < 0)
		return -EINVAL;
	if (S_ISDIR(inode->mode))
		return -EISDIR;
	if (!S_ISREG(inode->mode) || !inode->iops->truncate)
		return -EINVAL;
	return inode->iops->truncate(inode, (uint64_t)size);
}

long sys_truncate(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct path p;
	long err = path_arg(AT_FDCWD, arg[0], 0, WALK_FOLLOW, &p);
	if (err)
		return err;
	err = inode_permission(p.inode, MAY_WRITE);
	if (!err)
		err = do_truncate(p.inode, (int64_t)arg[1]);
	path_put(p);
	return err;
}

long sys_ftruncate(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct file *f = fd_file((int)arg[0]);
	if (!f)
		return -EBADF;
	if ((f->flags & O_ACCMODE) == O_RDONLY || (f->flags & O_PATH))
		return -EINVAL;		/* Linux: not open for writing */
	return do_truncate(f->inode, (int64_t)arg[1]);
}

/* ---- sync ---- */

long sys_fsync(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return fd_file((int)arg[0]) ? 0 : -EBADF;
}

long sys_fdatasync(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return sys_fsync(arg);
}

long sys_sync(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	(void)arg;
	return 0;
}

/* ---- utimensat ---- */

#define UTIME_NOW	((1L << 30) - 1)
#define UTIME_OMIT	((1L << 30) - 2)

struct timespec {
	int64_t sec, nsec;
};

/* One of the two times: now, left alone, or as given (-EINVAL for a bad
 * nsec).  Returns 1 when it is to be set into *t. */
static int pick_time(const struct timespec *ts, struct kts *t)
{
	if (!ts || ts->nsec == UTIME_NOW) {
		*t = kts_now();
		return 1;
	}
	if (ts->nsec == UTIME_OMIT)
		return 0;
	if (ts->nsec < 0 || ts->nsec >= 1000000000)
		return -EINVAL;
	*t = (struct kts){ ts->sec, ts->nsec };
	return 1;
}

long sys_utimensat(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	unsigned flags = (unsigned)arg[3];
	if (flags & ~(unsigned)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct timespec ts[2];
	bool given = arg[2] != 0;
	if (given && copy_from_user(ts, arg[2], sizeof(ts)))
		return -EFAULT;
	struct kts at, mt;
	int a = pick_time(given ? &ts[0] : NULL, &at);
	int m = pick_time(given ? &ts[1] : NULL, &mt);
	if (a < 0 || m < 0)
		return -EINVAL;
	struct path p;
	long err;
	if (!arg[1]) {		/* utimensat(fd, NULL, ...): futimens */
		struct file *f = fd_file((int)arg[0]);
		if (!f)
			return -EBADF;
		p = path_get((struct path){ f->mnt, f->inode });
	} else if ((err = path_arg((int)arg[0], arg[1], flags,
				   flags & AT_SYMLINK_NOFOLLOW ? 0 : WALK_FOLLOW, &p)) != 0) {
		return err;
	}
	/* Explicit times need the owner; "now" needs only write permission. */
	bool explicit = given && !(ts[0].nsec == UTIME_NOW && ts[1].nsec == UTIME_NOW);
	if (explicit)
		err = owner_ok(p.inode);
	else
		err = owner_ok(p.inode) == 0 || inode_permission(p.inode, MAY_WRITE) == 0 ? 0 : -EACCES;
	if (!err) {
		if (a)
			p.inode->atime = at;
		if (m)
			p.inode->mtime = mt;
		if (a || m)
			p.inode->ctime = kts_now();
	}
	path_put(p);
	return err;
}
