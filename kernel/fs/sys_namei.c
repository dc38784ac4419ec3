/*
 * The system calls that change names: mkdir, mknod, unlink, rmdir,
 * symlink, link, rename and their *at forms.  Each finds the parent
 * directory and the last name (path_parent), checks what Linux checks
 * (fs/namei.c), and asks the directory's inode_ops to do the change.
 */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/sys_fs.h"
#include "kernel/fs/vfs.h"
#include "kernel/process.h"
#include "kernel/string.h"
#include "kernel/syscall.h"

/* A path argument's parent and last name, with the path kept alive. */
struct name_arg {
	char *buf;
	struct path dir;
	const char *name;
	size_t len;
	bool slash;		/* the path ended in '/' */
};

static int name_get(int dirfd, uint64_t upath, struct name_arg *n)
{
	if (!(n->buf = path_alloc()))
		return -ENOMEM;
	int err = path_from_user(n->buf, upath);
	if (!err)
		err = path_parent(dirfd, n->buf, &n->dir, &n->name, &n->len, &n->slash);
	if (err) {
		path_free(n->buf);
		n->buf = NULL;
	}
	return err;
}

static void name_put(struct name_arg *n)
{
	path_put(n->dir);
	path_free(n->buf);
}

static bool is_dot(const struct name_arg *n)
{
	return n->len == 1 && n->name[0] == '.';
}

static bool is_dotdot(const struct name_arg *n)
{
	return n->len == 2 && n->name[0] == '.' && n->name[1] == '.';
}

/* May the caller add or remove a name in n's directory? */
static int may_change(const struct name_arg *n)
{
	int err = dir_alive(n->dir.inode);
	return err ? err : inode_permission(n->dir.inode, MAY_WRITE | MAY_EXEC);
}

/* The inode a name_arg names now, or NULL. */
static struct inode *peek(const struct name_arg *n)
{
	struct inode *inode;
	return n->dir.inode->iops->lookup(n->dir.inode, n->name, n->len, &inode) == 0 ? inode : NULL;
}

/* A new non-directory name ending in '/' (symlink, link, mknod): EEXIST
 * if the name is taken, else ENOENT, as Linux's filename_create. */
static int slash_create(const struct name_arg *n)
{
	struct inode *inode = peek(n);
	if (inode)
		inode_put(inode);
	return inode ? -EEXIST : -ENOENT;
}

/* A directory's op, or the errno for its absence: a directory of a file
 * system that cannot change names (proc) is -EACCES/-EPERM on Linux. */
#define DIR_OP(n, op) ((n)->dir.inode->iops->op)

static long do_mkdirat(int dirfd, uint64_t upath, uint32_t mode)
{
	struct name_arg n;
	int err = name_get(dirfd, upath, &n);
	if (err)
		return err;
	if (n.len == 0 || is_dot(&n) || is_dotdot(&n))
		err = -EEXIST;
	else if (!(err = may_change(&n)))
		err = DIR_OP(&n, mkdir) ? DIR_OP(&n, mkdir)(n.dir.inode, n.name, n.len,
					    mode & 07777 & ~process_current()->umask)
					: -EPERM;
	name_put(&n);
	return err;
}

long sys_mkdir(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_mkdirat(AT_FDCWD, arg[0], (uint32_t)arg[1]);
}

long sys_mkdirat(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_mkdirat((int)arg[0], arg[1], (uint32_t)arg[2]);
}

static long do_mknodat(int dirfd, uint64_t upath, uint32_t mode, uint64_t dev)
{
	uint32_t type = mode & S_IFMT;
	if (type == 0)
		type = S_IFREG;
	if (type == S_IFDIR)
		return -EPERM;		/* Linux: mkdir makes directories */
	if (type != S_IFREG && type != S_IFCHR && type != S_IFBLK && type != S_IFIFO &&
	    type != S_IFSOCK)
		return -EINVAL;
	struct name_arg n;
	int err = name_get(dirfd, upath, &n);
	if (err)
		return err;
	/* Linux's dev_t from user space: new_decode_dev of a 32-bit value. */
	uint32_t d = (uint32_t)dev;
	uint64_t rdev = MKDEV((d & 0xfff00) >> 8, (d & 0xff) | ((d >> 12) & 0xfff00));
	mode = type | (mode & 07777 & ~process_current()->umask);
	if (n.len == 0 || is_dot(&n) || is_dotdot(&n))
		err = -EEXIST;
	else if (n.slash)
		err = slash_create(&n);
	else if (!(err = may_change(&n)))
		err = DIR_OP(&n, create) ? DIR_OP(&n, create)(n.dir.inode, n.name, n.len, mode,
					     type == S_IFCHR || type == S_IFBLK ? rdev : 0, NULL)
					 : -EPERM;
	name_put(&n);
	return err;
}

long sys_mknod(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_mknodat(AT_FDCWD, arg[0], (uint32_t)arg[1], arg[2]);
}

long sys_mknodat(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_mknodat((int)arg[0], arg[1], (uint32_t)arg[2], arg[3]);
}

static long do_rmdir(int dirfd, uint64_t upath)
{
	struct name_arg n;
	int err = name_get(dirfd, upath, &n);
	if (err)
		return err;
	if (n.len == 0)
		err = -EBUSY;		/* "/" */
	else if (is_dot(&n))
		err = -EINVAL;
	else if (is_dotdot(&n))
		err = -ENOTEMPTY;
	else if (!(err = may_change(&n)))
		err = DIR_OP(&n, rmdir) ? DIR_OP(&n, rmdir)(n.dir.inode, n.name, n.len) : -EPERM;
	name_put(&n);
	return err;
}

static long do_unlink(int dirfd, uint64_t upath)
{
	struct name_arg n;
	int err = name_get(dirfd, upath, &n);
	if (err)
		return err;
	struct inode *inode;
	if (n.len == 0 || is_dot(&n) || is_dotdot(&n)) {
		err = -EISDIR;
	} else if (n.slash) {
		/* "file/": ENOTDIR for a file, EISDIR for a directory. */
		err = DIR_OP(&n, lookup)(n.dir.inode, n.name, n.len, &inode);
		if (!err) {
			err = S_ISDIR(inode->mode) ? -EISDIR : -ENOTDIR;
			inode_put(inode);
		}
	} else if (!(err = may_change(&n))) {
		err = DIR_OP(&n, unlink) ? DIR_OP(&n, unlink)(n.dir.inode, n.name, n.len) : -EPERM;
	}
	name_put(&n);
	return err;
}

long sys_rmdir(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_rmdir(AT_FDCWD, arg[0]);
}

long sys_unlink(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_unlink(AT_FDCWD, arg[0]);
}

long sys_unlinkat(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	unsigned flags = (unsigned)arg[2];
	if (flags & ~(unsigned)AT_REMOVEDIR)
		return -EINVAL;
	return flags & AT_REMOVEDIR ? do_rmdir((int)arg[0], arg[1]) : do_unlink((int)arg[0], arg[1]);
}

static long do_symlinkat(uint64_t utarget, int dirfd, uint64_t upath)
{
	char *target = path_alloc();
	if (!target)
		return -ENOMEM;
	int err = path_from_user(target, utarget);
	struct name_arg n;
	if (!err && !(err = name_get(dirfd, upath, &n))) {
		if (n.len == 0 || is_dot(&n) || is_dotdot(&n))
			err = -EEXIST;
		else if (n.slash)
			err = slash_create(&n);
		else if (!(err = may_change(&n)))
			err = DIR_OP(&n, symlink) ? DIR_OP(&n, symlink)(n.dir.inode, n.name, n.len, target)
						  : -EPERM;
		name_put(&n);
	}
	path_free(target);
	return err;
}

long sys_symlink(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_symlinkat(arg[0], AT_FDCWD, arg[1]);
}

long sys_symlinkat(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_symlinkat(arg[0], (int)arg[1], arg[2]);
}

static long do_linkat(int olddfd, uint64_t uold, int newdfd, uint64_t unew, unsigned flags)
{
	if (flags & ~(unsigned)(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct path old;
	int err = lookup_at(olddfd, uold, flags, flags & AT_SYMLINK_FOLLOW ? WALK_FOLLOW : 0, &old);
	if (err)
		return err;
	struct name_arg n;
	if (S_ISDIR(old.inode->mode)) {
		err = -EPERM;		/* no hard links to directories */
	} else if (!(err = name_get(newdfd, unew, &n))) {
		if (n.len == 0 || is_dot(&n) || is_dotdot(&n))
			err = -EEXIST;
		else if (n.slash)
			err = slash_create(&n);
		else if (n.dir.mnt->sb != old.mnt->sb)
			err = -EXDEV;
		else if (!(err = may_change(&n)))
			err = DIR_OP(&n, link) ? DIR_OP(&n, link)(n.dir.inode, n.name, n.len, old.inode)
					       : -EPERM;
		name_put(&n);
	}
	path_put(old);
	return err;
}

long sys_link(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_linkat(AT_FDCWD, arg[0], AT_FDCWD, arg[1], 0);
}

long sys_linkat(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_linkat((int)arg[0], arg[1], (int)arg[2], arg[3], (unsigned)arg[4]);
}

/* ---- rename ---- */

/* Is dir inside (or the same as) moved?  Walk up dir's ".." chain. */
static bool inside(struct inode *moved, struct inode *dir)
{
	struct inode *cur = inode_get(dir);
	for (;;) {
		if (cur == moved) {
			inode_put(cur);
			return true;
		}
		struct inode *up = NULL;
		if (cur->iops->lookup(cur, "..", 2, &up) != 0 || up == cur) {
			if (up == cur)
				inode_put(up);
			inode_put(cur);
			return false;
		}
		inode_put(cur);
		cur = up;
	}
}

static int rename_checks(struct name_arg *o, struct name_arg *n, unsigned flags)
{
	if (o->len == 0 || n->len == 0 || is_dot(o) || is_dotdot(o) || is_dot(n) || is_dotdot(n))
		return flags & RENAME_NOREPLACE && n->len ? -EEXIST : -EBUSY;
	if (o->dir.mnt->sb != n->dir.mnt->sb)
		return -EXDEV;
	int err = may_change(o);
	if (err || (err = may_change(n)))
		return err;
	struct inode *src = peek(o), *dst = peek(n);
	if (!src)
		err = -ENOENT;
	else if ((o->slash || n->slash) && !S_ISDIR(src->mode))
		err = -ENOTDIR;
	else if (S_ISDIR(src->mode) && inside(src, n->dir.inode))
		err = -EINVAL;		/* a directory into itself */
	else if (dst && (flags & RENAME_EXCHANGE) && S_ISDIR(dst->mode) && inside(dst, o->dir.inode))
		err = -EINVAL;
	else if (dst && (dst->mounted || src->mounted))
		err = -EBUSY;
	if (src)
		inode_put(src);
	if (dst)
		inode_put(dst);
	return err;
}

static long do_renameat2(int odfd, uint64_t uold, int ndfd, uint64_t unew, unsigned flags)
{
	if (flags & ~(unsigned)(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if ((flags & RENAME_EXCHANGE) && (flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)))
		return -EINVAL;
	if (flags & RENAME_WHITEOUT)
		return -EINVAL;		/* tmpfs here has no whiteouts (overlayfs's) */
	struct name_arg o, n;
	int err = name_get(odfd, uold, &o);
	if (err)
		return err;
	if ((err = name_get(ndfd, unew, &n)) != 0) {
		name_put(&o);
		return err;
	}
	if (!(err = rename_checks(&o, &n, flags)))
		err = DIR_OP(&o, rename) ? DIR_OP(&o, rename)(o.dir.inode, o.name, o.len,
							    n.dir.inode, n.name, n.len, flags)
					 : -EPERM;
	name_put(&n);
	name_put(&o);
	return err;
}

long sys_rename(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_renameat2(AT_FDCWD, arg[0], AT_FDCWD, arg[1], 0);
}

long sys_renameat(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_renameat2((int)arg[0], arg[1], (int)arg[2], arg[3], 0);
}

long sys_renameat2(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_renameat2((int)arg[0], arg[1], (int)arg[2], arg[3], (unsigned)arg[4]);
}
