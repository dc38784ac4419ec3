/* chdir, fchdir and getcwd: the current directory (struct process cwd). */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/vfs.h"
#include "kernel/process.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

static long set_cwd(struct path p)
{
	int err = S_ISDIR(p.inode->mode) ? inode_permission(p.inode, MAY_EXEC) : -ENOTDIR;
	if (err) {
		path_put(p);
		return err;
	}
	struct process *me = process_current();
	if (me->cwd.inode)
		path_put(me->cwd);
	me->cwd = p;
	return 0;
}

long sys_chdir(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	char *path = path_alloc();
	if (!path)
		return -ENOMEM;
	struct path p;
	long err = path_from_user(path, arg[0]);
	if (!err)
		err = path_walk(AT_FDCWD, path, WALK_FOLLOW | WALK_DIRECTORY, &p);
	path_free(path);
	return err ? err : set_cwd(p);
}

long sys_fchdir(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct file *f = fd_file((int)arg[0]);
	if (!f)
		return -EBADF;
	return set_cwd(path_get((struct path){ f->mnt, f->inode }));
}

/* getcwd(buf, size): the length with its NUL, as the system call (not
 * libc) returns it; -ERANGE if it does not fit, -ENOENT if the cwd was
 * removed (Linux says "(unreachable)" only for other cases). */
long sys_getcwd(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	char *buf = path_alloc();
	if (!buf)
		return -ENOMEM;
	struct path cwd = vfs_cwd();
	long n = path_name(cwd, buf, PATH_MAX);
	path_put(cwd);
	if (n >= 0) {
		if ((uint64_t)n + 1 > arg[1])
			n = -ERANGE;
		else if (copy_to_user(arg[0], buf, (size_t)n + 1))
			n = -EFAULT;
		else
			n++;
	}
	path_free(buf);
	return n;
}
