/*
 * sendfile(out_fd, in_fd, offset, count): copy between two open files
 * inside the kernel (busybox's cat, cp and others use it).  Linux's
 * do_sendfile (fs/read_write.c) moves the data with splice; anvil reads
 * a page at a time into a kernel buffer and writes it out.  As Linux:
 * with offset NULL the input's own offset moves, else *offset is read and
 * written back and the input's offset stays; an O_APPEND output is
 * -EINVAL; a short read (end of file) or a short write ends the copy, and
 * once anything moved the call returns that count rather than an error.
 */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/heap.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

#define MAX_RW_COUNT	0x7ffff000UL	/* Linux's cap on one read or write */
#define CHUNK		4096

/* Give back n bytes read from in's own offset but not written (a pipe's
 * bytes cannot go back: as with read + write, they are gone). */
static void unread(struct file *in, size_t n)
{
	if (!(in->fops && in->fops->no_seek))
		in->pos -= n;
}

static long copy_chunks(struct file *out, struct file *in, int64_t *pos, size_t count)
{
	char *buf = kmalloc(CHUNK);
	if (!buf)
		return -ENOMEM;
	size_t done = 0;
	long err = 0;
	while (done < count) {
		size_t want = count - done < CHUNK ? count - done : CHUNK;
		long got = pos ? file_pread(in, io_kernel(buf), want, (uint64_t)*pos)
			       : file_read(in, io_kernel(buf), want);
		if (got <= 0) {
			err = got;
			break;
		}
		long put = file_write(out, io_kernel(buf), (size_t)got);
		if (put < 0) {
			err = put;
			if (!pos)
				unread(in, (size_t)got);
			break;
		}
		if (pos)
			*pos += put;
		else
			unread(in, (size_t)(got - put));
		done += (size_t)put;
		if (put < got || (size_t)got < want)
			break;
	}
	kfree(buf);
	return done ? (long)done : err;
}

long sys_sendfile(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct file *out = fd_file((int)arg[0]), *in = fd_file((int)arg[1]);
	uint64_t uoff = arg[2];
	size_t count = arg[3] > MAX_RW_COUNT ? MAX_RW_COUNT : arg[3];
	int64_t pos;

	if (!in || !out)
		return -EBADF;
	if ((in->flags & O_ACCMODE) == O_WRONLY || (out->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (out->flags & O_APPEND)
		return -EINVAL;
	if (uoff) {
		if (in->fops && in->fops->no_seek)
			return -ESPIPE;
		if (copy_from_user(&pos, uoff, sizeof(pos)))
			return -EFAULT;
		if (pos < 0)
			return -EINVAL;
	}
	long n = copy_chunks(out, in, uoff ? &pos : NULL, count);
	if (uoff && copy_to_user(uoff, &pos, sizeof(pos)))
		return -EFAULT;
	return n;
}
