/*
 * open, openat, creat, close, dup, dup2, dup3 and fcntl: making and
 * sharing open files.  Linux's rules (fs/open.c build_open_flags,
 * fs/namei.c do_last/open_last_lookups, fs/file.c, fs/fcntl.c).
 */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/sys_fs.h"
#include "kernel/fs/vfs.h"
#include "kernel/process.h"
#include "kernel/string.h"
#include "kernel/syscall.h"

/* The last name of path (at name) is a symlink: put its target in the
 * name's place, so the next try creates what the link points to.  2, or
 * -ENAMETOOLONG, or readlink's error. */
static int splice_link(char *path, const char *name, struct inode *link)
{
	size_t at = (size_t)(name - path);
	char *target = path_alloc();
	if (!target)
		return -ENOMEM;
	long n = link->iops->readlink(link, target, PATH_MAX);
	int err = 2;
	if (n < 0)
		err = (int)n;
	else if (n == 0 || (size_t)n >= PATH_MAX - (target[0] == '/' ? 0 : at))
		err = n ? -ENAMETOOLONG : -ENOENT;
	else if (target[0] == '/')
		memcpy(path, target, (size_t)n);
	else
		memcpy(path + at, target, (size_t)n);
	if (err == 2)
		path[(target[0] == '/' ? 0 : at) + (size_t)n] = 0;
	path_free(target);
	return err;
}

/* O_CREAT: find or make the last name in its directory.  0 with *out, 1
 * when it exists, 2 when it is a symlink to follow (path rewritten). */
static int create_last(int dirfd, char *path, uint32_t flags, uint32_t mode,
		       struct path *out)
{
	struct path dir;
	const char *name;
	size_t len;
	bool slash;
	int err = path_parent(dirfd, path, &dir, &name, &len, &slash);
	if (err)
		return err;
	struct inode *d = dir.inode, *inode;
	bool dots = len == 0 || (len == 1 && name[0] == '.') ||
		    (len == 2 && name[0] == '.' && name[1] == '.');
	if (dots || slash) {
		err = -EISDIR;		/* "dir/", "/", "." with O_CREAT */
	} else if (d->iops->lookup(d, name, len, &inode) == 0) {
		/* It exists: O_EXCL refuses, else open it as without O_CREAT,
		 * but a plain symlink is followed to make its target. */
		if (flags & O_EXCL)
			err = -EEXIST;
		else if (S_ISLNK(inode->mode) && !(flags & O_NOFOLLOW) && !inode->iops->follow)
			err = splice_link(path, name, inode);
		else
			err = 1;
		inode_put(inode);
	} else if (!d->iops->create) {
		err = -EACCES;
	} else if ((err = dir_alive(d)) == 0 && (err = inode_permission(d, MAY_WRITE | MAY_EXEC)) == 0) {
		mode = S_IFREG | (mode & S_IALLUGO & ~process_current()->umask);
		if ((err = d->iops->create(d, name, len, mode, 0, &inode)) == 0) {
			*out = path_get((struct path){ dir.mnt, inode });
			inode_put(inode);
		}
	}
	path_put(dir);
	return err;
}

/* O_CREAT, following a dangling symlink at the end as Linux does (its
 * target is created; fs/namei.c open_last_lookups), at most MAXSYMLINKS
 * times: 0 with *out, 1 when the file exists, or -errno. */
static int open_create(int dirfd, char *path, uint32_t flags, uint32_t mode,
		       struct path *out)
{
	for (unsigned links = 0; links <= MAXSYMLINKS; links++) {
		int err = create_last(dirfd, path, flags, mode, out);
		if (err != 2)
			return err;
	}
	return -ELOOP;
}

/* The checks on an existing file (fs/namei.c may_open). */
static int may_open(struct path p, uint32_t flags)
{
	uint32_t m = p.inode->mode, acc = flags & O_ACCMODE;
	if (S_ISLNK(m))
		return -ELOOP;		/* O_NOFOLLOW met a link */
	if (S_ISDIR(m) && (acc != O_RDONLY || (flags & (O_CREAT | O_TRUNC))))
		return -EISDIR;
	if ((flags & O_DIRECTORY) && !S_ISDIR(m))
		return -ENOTDIR;
	/* O_TRUNC wants write permission and truncates even with
	 * O_RDONLY (build_open_flags: acc_mode |= MAY_WRITE). */
	unsigned mask = (acc != O_WRONLY ? MAY_READ : 0) |
			(acc != O_RDONLY || (flags & O_TRUNC) ? MAY_WRITE : 0);
	int err = inode_permission(p.inode, mask);
	if (err)
		return err;
	if ((flags & O_TRUNC) && S_ISREG(m))
		return p.inode->iops->truncate ? p.inode->iops->truncate(p.inode, 0) : -EINVAL;
	return 0;
}

static long do_open(int dirfd, uint64_t upath, uint32_t flags, uint32_t mode)
{
	if ((flags & O_TMPFILE) == O_TMPFILE)
		return -EOPNOTSUPP;
	if ((flags & O_ACCMODE) == 3)
		return -EINVAL;
	flags |= O_LARGEFILE;	/* force_o_largefile(): always, on 64-bit */
	char *path = path_alloc();
	if (!path)
		return -ENOMEM;
	struct path p;
	long err = path_from_user(path, upath);
	if (!err && (flags & O_CREAT))
		err = open_create(dirfd, path, flags, mode, &p);
	if (err == 1 || (!err && !(flags & O_CREAT))) {
		unsigned wf = (flags & O_NOFOLLOW ? 0 : WALK_FOLLOW) |
			      (flags & O_DIRECTORY ? WALK_DIRECTORY : 0);
		err = path_walk(dirfd, path, wf, &p);
		/* It was there: not created, but O_CREAT stays for may_open,
		 * which refuses a directory (EISDIR, as Linux's do_open). */
	}
	path_free(path);
	if (err)
		return err;
	struct file *f;
	if ((err = may_open(p, flags)) == 0 && (err = file_open_path(p, flags, &f)) == 0) {
		err = fd_install(f, 0, flags & O_CLOEXEC);
		if (err < 0)
			file_put(f);
	}
	path_put(p);
	return err;
}

long sys_open(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_open(AT_FDCWD, arg[0], (uint32_t)arg[1], (uint32_t)arg[2]);
}

long sys_openat(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_open((int)arg[0], arg[1], (uint32_t)arg[2], (uint32_t)arg[3]);
}

long sys_creat(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_open(AT_FDCWD, arg[0], O_CREAT | O_WRONLY | O_TRUNC, (uint32_t)arg[1]);
}

long sys_close(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return fd_close((int)arg[0]);
}

long sys_dup(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct file *f = fd_file((int)arg[0]);
	if (!f)
		return -EBADF;
	int fd = fd_install(file_get(f), 0, false);
	if (fd < 0)
		file_put(f);
	return fd;
}

static long do_dup3(int oldfd, int newfd, uint32_t flags)
{
	struct file *f = fd_file(oldfd);
	if (!f)
		return -EBADF;
	int fd = fd_install_at(file_get(f), newfd, flags & O_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

long sys_dup2(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	int oldfd = (int)arg[0], newfd = (int)arg[1];
	if (oldfd == newfd)	/* Linux: newfd back if oldfd is open */
		return fd_file(oldfd) ? newfd : -EBADF;
	return do_dup3(oldfd, newfd, 0);
}

long sys_dup3(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	uint32_t flags = (uint32_t)arg[2];
	if ((flags & ~(uint32_t)O_CLOEXEC) || (int)arg[0] == (int)arg[1])
		return -EINVAL;
	return do_dup3((int)arg[0], (int)arg[1], flags);
}

long sys_fcntl(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	int fd = (int)arg[0];
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	switch ((unsigned)arg[1]) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC: {
		int nfd = fd_install(file_get(f), (int)arg[2], (unsigned)arg[1] == F_DUPFD_CLOEXEC);
		if (nfd < 0)
			file_put(f);
		return nfd;
	}
	case F_GETFD:
		return fd_cloexec(fd) ? FD_CLOEXEC : 0;
	case F_SETFD:
		fd_set_cloexec(fd, arg[2] & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		f->flags = (f->flags & ~(uint32_t)O_SETFL_FLAGS) | ((uint32_t)arg[2] & O_SETFL_FLAGS);
		return 0;
	default:
		return -EINVAL;
	}
}
