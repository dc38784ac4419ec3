/*
 * Open file descriptions (struct file): what open(2) creates and dup and
 * fork share -- the offset and the status flags live here, so two
 * descriptors of one open file move one offset, as on Linux.
 */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/heap.h"

#define MAX_RW_COUNT	0x7ffff000UL	/* Linux's cap on one read or write */

struct file *file_alloc(struct inode *inode, const struct file_ops *fops, uint32_t flags)
{
	struct file *f = kzalloc(sizeof(*f));
	if (!f)
		return NULL;
	f->refs = 1;
	f->inode = inode_get(inode);
	f->fops = fops;
	f->flags = flags;
	return f;
}

int file_open_path(struct path p, uint32_t flags, struct file **out)
{
	struct file *f = file_alloc(p.inode, p.inode->fops, flags & O_STATUS_FLAGS);
	if (!f)
		return -ENOMEM;
	f->mnt = mount_get(p.mnt);	/* file_alloc took the inode's reference */
	if (f->fops && f->fops->open) {
		f->flags |= flags & O_NOCTTY;	/* a terminal's open looks at it, */
		int err = f->fops->open(p.inode, f);
		f->flags &= ~O_NOCTTY;		/* then it goes (do_dentry_open) */
		if (err) {
			f->fops = NULL;		/* no release for a file never opened */
			file_put(f);
			return err;
		}
	}
	*out = f;
	return 0;
}

struct file *file_get(struct file *f)
{
	f->refs++;
	return f;
}

void file_put(struct file *f)
{
	if (--f->refs)
		return;
	if (f->fops && f->fops->release)
		f->fops->release(f);
	inode_put(f->inode);
	if (f->mnt)
		mount_put(f->mnt);
	kfree(f);
}

static bool readable(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_WRONLY && !(f->flags & O_PATH);
}

static bool writable(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_RDONLY && !(f->flags & O_PATH);
}

/* A read at *pos (f's own offset, or pread's copy): the checks every
 * read makes, in Linux's order, then the file's op. */
static long do_read(struct file *f, struct io_buf buf, size_t len, uint64_t *pos)
{
	if (!readable(f))
		return -EBADF;
	if (S_ISDIR(f->inode->mode))
		return -EISDIR;
	if (!f->fops || !f->fops->read)
		return -EINVAL;
	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	return f->fops->read(f, buf, len, pos);
}

/* The same for a write; O_APPEND writes at the end whatever *pos says
 * (for pwrite too, as Linux). */
static long do_write(struct file *f, struct io_buf buf, size_t len, uint64_t *pos)
{
	if (!writable(f))
		return -EBADF;
	if (!f->fops || !f->fops->write)
		return -EINVAL;
	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	if (f->flags & O_APPEND)
		*pos = f->inode->size;
	return f->fops->write(f, buf, len, pos);
}

long file_pread(struct file *f, struct io_buf buf, size_t len, uint64_t pos)
{
	return do_read(f, buf, len, &pos);
}

long file_pwrite(struct file *f, struct io_buf buf, size_t len, uint64_t pos)
{
	return do_write(f, buf, len, &pos);
}

long file_read(struct file *f, struct io_buf buf, size_t len)
{
	return do_read(f, buf, len, &f->pos);
}

long file_write(struct file *f, struct io_buf buf, size_t len)
{
	return do_write(f, buf, len, &f->pos);
}
