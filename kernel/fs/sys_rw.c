/*
 * read, write and their vectored and positioned forms, and lseek: a
 * descriptor's open file (kernel/fs/fdtable.h) and its ops (vfs.h).
 * Checks come in Linux's order: the descriptor (-EBADF), then the
 * arguments (-EINVAL), then the memory (-EFAULT).
 */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/heap.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

#define MAX_RW_COUNT	0x7ffff000UL	/* Linux's cap on one read or write */
#define IOV_MAX		1024		/* Linux's UIO_MAXIOV */

struct iovec {
	uint64_t base;
	uint64_t len;
};

long sys_read(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct file *f = fd_file((int)arg[0]);
	if (!f)
		return -EBADF;
	if (!user_range_ok(arg[1], arg[2]))
		return -EFAULT;
	return file_read(f, io_user(arg[1]), arg[2]);
}

long sys_write(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct file *f = fd_file((int)arg[0]);
	if (!f)
		return -EBADF;
	if (!user_range_ok(arg[1], arg[2]))
		return -EFAULT;
	return file_write(f, io_user(arg[1]), arg[2]);
}

/* pread64/pwrite64: a negative offset is -EINVAL, a pipe -ESPIPE. */
static struct file *positioned(uint64_t fd, int64_t pos, long *err)
{
	struct file *f = fd_file((int)fd);
	*err = !f ? -EBADF : pos < 0 ? -EINVAL : (f->fops && f->fops->no_seek) ? -ESPIPE : 0;
	return *err ? NULL : f;
}

long sys_pread64(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	long err;
	struct file *f = positioned(arg[0], (int64_t)arg[3], &err);
	if (!f)
		return err;
	if (!user_range_ok(arg[1], arg[2]))
		return -EFAULT;
	return file_pread(f, io_user(arg[1]), arg[2], arg[3]);
}

long sys_pwrite64(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	long err;
	struct file *f = positioned(arg[0], (int64_t)arg[3], &err);
	if (!f)
		return err;
	if (!user_range_ok(arg[1], arg[2]))
		return -EFAULT;
	return file_pwrite(f, io_user(arg[1]), arg[2], arg[3]);
}

/*
 * The program's iovec array, checked before any byte moves, as Linux's
 * import_iovec: count <= IOV_MAX (-EINVAL), no negative length
 * (-EINVAL), every piece in the user half (-EFAULT), and the total cut
 * at MAX_RW_COUNT by shortening the piece that crosses it.  A kmalloc'd
 * copy, or NULL with *err.
 */
static struct iovec *import_iovec(uint64_t uiov, uint64_t count, long *err)
{
	*err = -EINVAL;
	if (count > IOV_MAX)
		return NULL;
	*err = -ENOMEM;
	struct iovec *iov = kmalloc(count ? count * sizeof(*iov) : 1);
	if (!iov)
		return NULL;
	*err = -EFAULT;
	if (copy_from_user(iov, uiov, count * sizeof(*iov)))
		goto bad;
	*err = -EINVAL;
	for (uint64_t i = 0; i < count; i++)
		if ((int64_t)iov[i].len < 0)
			goto bad;
	*err = -EFAULT;
	uint64_t total = 0;
	for (uint64_t i = 0; i < count; i++) {
		if (!user_range_ok(iov[i].base, iov[i].len))
			goto bad;
		if (iov[i].len > MAX_RW_COUNT - total)
			iov[i].len = MAX_RW_COUNT - total;
		total += iov[i].len;
	}
	return iov;
bad:
	kfree(iov);
	return NULL;
}

/* One piece after another until one comes up short; pos < 0: f's own
 * offset.  Bytes done, or the first piece's error. */
static long do_iov(struct file *f, uint64_t uiov, uint64_t count, int64_t pos, bool write)
{
	long err;
	struct iovec *iov = import_iovec(uiov, count, &err);
	if (!iov)
		return err;
	long done = 0;
	for (uint64_t i = 0; i < count; i++) {
		struct io_buf b = io_user(iov[i].base);
		long n;
		if (pos < 0)
			n = write ? file_write(f, b, iov[i].len) : file_read(f, b, iov[i].len);
		else
			n = write ? file_pwrite(f, b, iov[i].len, (uint64_t)pos + (uint64_t)done)
				  : file_pread(f, b, iov[i].len, (uint64_t)pos + (uint64_t)done);
		if (n < 0) {
			if (!done)
				done = n;
			break;
		}
		done += n;
		if ((uint64_t)n < iov[i].len)
			break;
	}
	kfree(iov);
	return done;
}

long sys_readv(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct file *f = fd_file((int)arg[0]);
	return f ? do_iov(f, arg[1], arg[2], -1, false) : -EBADF;
}

long sys_writev(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct file *f = fd_file((int)arg[0]);
	return f ? do_iov(f, arg[1], arg[2], -1, true) : -EBADF;
}

/* preadv/pwritev(fd, iov, count, pos_l, pos_h): x86-64 passes the whole
 * offset in pos_l. */
long sys_preadv(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	long err;
	struct file *f = positioned(arg[0], (int64_t)arg[3], &err);
	return f ? do_iov(f, arg[1], arg[2], (int64_t)arg[3], false) : err;
}

long sys_pwritev(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	long err;
	struct file *f = positioned(arg[0], (int64_t)arg[3], &err);
	return f ? do_iov(f, arg[1], arg[2], (int64_t)arg[3], true) : err;
}

long sys_lseek(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct file *f = fd_file((int)arg[0]);
	if (!f)
		return -EBADF;
	if (f->fops && f->fops->no_seek)
		return -ESPIPE;
	int64_t off = (int64_t)arg[1], base;
	uint64_t size = f->inode->size;
	switch ((int)arg[2]) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (int64_t)f->pos;
		break;
	case SEEK_END:
		base = (int64_t)size;
		break;
	case SEEK_DATA:		/* no holes are reported: all of it is data */
		if (off < 0 || (uint64_t)off >= size)
			return -ENXIO;
		return (long)(f->pos = (uint64_t)off);
	case SEEK_HOLE:
		if (off < 0 || (uint64_t)off >= size)
			return -ENXIO;
		return (long)(f->pos = size);
	default:
		return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	f->pos = (uint64_t)(base + off);
	return (long)f->pos;
}
