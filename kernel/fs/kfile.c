/*
 * The kernel's own file access: making the files of the root at boot
 * (the initramfs, the boot modules, /dev's nodes) through the same
 * inode operations the system calls use.
 */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/heap.h"
#include "kernel/string.h"

/* The parent directory of path and its last name. */
static int kparent(const char *path, struct path *dir, const char **name, size_t *len)
{
	bool slash;
	int err = path_parent(AT_FDCWD, path, dir, name, len, &slash);
	if (err)
		return err;
	if (*len == 0 || (*len == 1 && **name == '.') ||
	    (*len == 2 && (*name)[0] == '.' && (*name)[1] == '.')) {
		path_put(*dir);
		return -EEXIST;		/* "/", "." and ".." are there already */
	}
	return 0;
}

int vfs_write_file(const char *path, uint32_t mode, const void *data, size_t size)
{
	struct path dir;
	const char *name;
	size_t len;
	int err = kparent(path, &dir, &name, &len);
	if (err)
		return err;
	struct inode *d = dir.inode, *inode = NULL;
	if (!d->iops->create) {
		path_put(dir);
		return -EPERM;
	}
	if (d->iops->lookup(d, name, len, &inode) == 0) {
		bool is_dir = S_ISDIR(inode->mode);
		inode_put(inode);
		inode = NULL;
		err = is_dir ? -EISDIR : d->iops->unlink(d, name, len);	/* replace it */
	}
	if (!err)
		err = d->iops->create(d, name, len, S_IFREG | (mode & S_IALLUGO), 0, &inode);
	if (!err) {
		struct file *f = file_alloc(inode, inode->fops, O_WRONLY);
		long n = f ? file_write(f, io_kernel((void *)data), size) : -ENOMEM;
		if (n >= 0 && (size_t)n != size)
			n = -ENOSPC;
		if (f)
			file_put(f);
		if (n < 0) {
			err = (int)n;
			d->iops->unlink(d, name, len);	/* no half-written file */
		}
		inode_put(inode);
	}
	path_put(dir);
	return err;
}

int vfs_mkdir(const char *path, uint32_t mode)
{
	struct path dir;
	const char *name;
	size_t len;
	int err = kparent(path, &dir, &name, &len);
	if (err)
		return err;
	err = dir.inode->iops->mkdir ? dir.inode->iops->mkdir(dir.inode, name, len, mode) : -EPERM;
	path_put(dir);
	return err;
}

int vfs_symlink(const char *target, const char *path)
{
	struct path dir;
	const char *name;
	size_t len;
	int err = kparent(path, &dir, &name, &len);
	if (err)
		return err;
	err = dir.inode->iops->symlink ? dir.inode->iops->symlink(dir.inode, name, len, target)
				       : -EPERM;
	path_put(dir);
	return err;
}

int vfs_mknod(const char *path, uint32_t mode, uint64_t rdev)
{
	struct path dir;
	const char *name;
	size_t len;
	int err = kparent(path, &dir, &name, &len);
	if (err)
		return err;
	err = dir.inode->iops->create ? dir.inode->iops->create(dir.inode, name, len, mode, rdev, NULL)
				      : -EPERM;
	path_put(dir);
	return err;
}

int vfs_mkdir_parents(const char *path)
{
	size_t n = strnlen(path, PATH_MAX);
	if (n == PATH_MAX)
		return -ENAMETOOLONG;
	char *buf = kmalloc(n + 1);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, path, n + 1);
	int err = 0;
	/* Each prefix that ends before a '/' (not the last name). */
	for (size_t i = 1; i < n && !err; i++) {
		if (buf[i] != '/')
			continue;
		buf[i] = 0;
		err = vfs_mkdir(buf, 0755);
		if (err == -EEXIST)
			err = 0;
		buf[i] = '/';
	}
	kfree(buf);
	return err;
}
