/*
 * Pipes (kernel/fs/pipe.h; docs/pipes.md, "Pipes: how a reader sleeps
 * and a writer wakes it").  Linux's semantics (pipe(7), fs/pipe.c):
 *
 * - a ring of PIPE_SIZE bytes, shared by the read and the write end;
 * - read takes what is there (up to len), sleeps while the pipe is empty
 *   and a writer exists, and gives 0 (end of file) once none does;
 * - write of up to PIPE_BUF bytes is atomic: the writer waits until the
 *   whole piece fits, so two writers' pieces never interleave; a larger
 *   write is copied in as room appears and may be split;
 * - write with no reader left: SIGPIPE to the writer and -EPIPE;
 * - O_NONBLOCK: -EAGAIN instead of sleeping, or the bytes done so far;
 * - a signal ends a sleep: -ERESTARTSYS (-EINTR, or a restart with
 *   SA_RESTART), or the bytes done so far.
 *
 * Two wait queues: readers sleep on rd_wait until bytes come or the last
 * writer goes; writers on wr_wait until room comes or the last reader
 * goes.  Every change wakes the other side's queue; the woken task
 * rechecks its condition (wait_event_interruptible, kernel/wait.h).
 * poll registers on the queue of the end it is given.
 *
 * One CPU and no preemption in the kernel: between two sleeps nothing
 * else touches the pipe, so the ring needs no lock of its own yet (the
 * SMP issue gives it one, as Linux's pipe->mutex).
 */
#include "kernel/fs/pipe.h"
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/poll.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/heap.h"
#include "kernel/format.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"
#include "kernel/wait.h"

struct pipe {
	char *buf;			/* PIPE_SIZE bytes, a ring */
	unsigned head, len;		/* the first byte held, bytes held */
	unsigned readers, writers;	/* open ends of each kind */
	unsigned opened_writers;	/* writer opens so far (FIFO open waits) */
	unsigned opened_readers;	/* reader opens so far */
	struct wait_queue rd_wait;	/* readers: bytes came, or no writer left */
	struct wait_queue wr_wait;	/* writers: room came, or no reader left */
	struct inode *fifo;		/* the FIFO's inode, NULL for pipe(2) */
	struct pipe *fifo_next;		/* in fifos */
};

/* pipefs: the pseudo file system every pipe(2) inode belongs to, so that
 * fstat gives a device and an inode number (Linux's pipefs is mounted
 * nowhere too; its st_dev is an anonymous device, 0:N). */
static const struct fs_type pipefs_type = { .name = "pipefs", .nodev = true };
static struct super_block pipefs_sb = {
	.type = &pipefs_type,
	.dev = MKDEV(0, 12),
	.next_ino = 1,
};

static struct pipe *pipe_alloc(void)
{
	struct pipe *p = kzalloc(sizeof(*p));
	if (!p)
		return NULL;
	p->buf = kmalloc(PIPE_SIZE);
	if (!p->buf) {
		kfree(p);
		return NULL;
	}
	wait_queue_init(&p->rd_wait, "pipe readers");
	wait_queue_init(&p->wr_wait, "pipe writers");
	return p;
}

static void pipe_free(struct pipe *p)
{
	kfree(p->buf);
	kfree(p);
}

static bool can_read(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_WRONLY;
}

static bool can_write(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_RDONLY;
}

static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* Copy n bytes of the ring from its head out to buf + off: 0 or -EFAULT.
 * The bytes stay until the caller consumes them. */
static int ring_out(struct pipe *p, struct io_buf buf, size_t n)
{
	size_t first = min_size(n, PIPE_SIZE - p->head);
	if (io_copy_out(buf, 0, p->buf + p->head, first))
		return -EFAULT;
	if (n > first && io_copy_out(buf, first, p->buf, n - first))
		return -EFAULT;
	return 0;
}

/* Copy n bytes from buf + off in after the ring's last byte. */
static int ring_in(struct pipe *p, struct io_buf buf, size_t off, size_t n)
{
	size_t tail = (p->head + p->len) % PIPE_SIZE;
	size_t first = min_size(n, PIPE_SIZE - tail);
	if (io_copy_in(p->buf + tail, buf, off, first))
		return -EFAULT;
	if (n > first && io_copy_in(p->buf, buf, off + first, n - first))
		return -EFAULT;
	return 0;
}

static long pipe_read(struct file *f, struct io_buf buf, size_t len, uint64_t *pos)
{
	struct pipe *p = f->priv;
	(void)pos;
	if (!can_read(f))
		return -EBADF;		/* vfs_read's FMODE_READ check, if not made before */
	if (len == 0)
		return 0;
	while (!p->len) {
		if (!p->writers)
			return 0;		/* every writer closed: end of file */
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		int err = wait_event_interruptible(&p->rd_wait, p->len || !p->writers);
		if (err)
			return err;
	}
	size_t n = min_size(len, p->len);
	if (ring_out(p, buf, n))
		return -EFAULT;		/* nothing consumed */
	p->len -= n;
	p->head = p->len ? (p->head + n) % PIPE_SIZE : 0;
	wake_up(&p->wr_wait);
	return (long)n;
}

/* No reader: SIGPIPE (its default action ends the writer) and -EPIPE. */
static long broken_pipe(size_t done)
{
	signal_send(process_current(), SIGPIPE);
	return done ? (long)done : -EPIPE;
}

static long pipe_write(struct file *f, struct io_buf buf, size_t len, uint64_t *pos)
{
	struct pipe *p = f->priv;
	/* A piece of up to PIPE_BUF goes in whole; a larger one byte by byte
	 * as room comes (need 1). */
	size_t need = len <= PIPE_BUF ? len : 1, done = 0;
	(void)pos;
	if (!can_write(f))
		return -EBADF;
	if (len == 0)
		return 0;
	while (done < len) {
		if (!p->readers)
			return broken_pipe(done);
		size_t room = PIPE_SIZE - p->len;
		if (room < need) {
			if (f->flags & O_NONBLOCK)
				return done ? (long)done : -EAGAIN;
			int err = wait_event_interruptible(&p->wr_wait,
							   PIPE_SIZE - p->len >= need || !p->readers);
			if (err)
				return done ? (long)done : err;
			continue;
		}
		size_t n = min_size(room, len - done);
		if (ring_in(p, buf, done, n))
			return done ? (long)done : -EFAULT;
		p->len += n;
		done += n;
		wake_up(&p->rd_wait);
	}
	return (long)done;
}

/* Linux's pipe_poll: readable when bytes are held, hung up when no writer
 * is left; writable while a page's worth (PIPE_BUF) is free -- Linux's
 * "a free slot" -- and in error when no reader is left. */
static unsigned pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe *p = f->priv;
	unsigned mask = 0;
	if (can_read(f)) {
		poll_wait(f, &p->rd_wait, pt);
		if (p->len)
			mask |= POLLIN | POLLRDNORM;
		/* a FIFO reader that has seen no writer yet is not hung up */
		if (!p->writers && (!p->fifo || p->opened_writers))
			mask |= POLLHUP;
	}
	if (can_write(f)) {
		poll_wait(f, &p->wr_wait, pt);
		if (PIPE_SIZE - p->len >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (!p->readers)
			mask |= POLLERR;
	}
	return mask;
}

static long pipe_ioctl(struct file *f, unsigned cmd, uint64_t arg)
{
	struct pipe *p = f->priv;
	if (cmd != FIONREAD)
		return -ENOTTY;
	int n = (int)p->len;
	return io_copy_out(io_user(arg), 0, &n, sizeof(n)) ? -EFAULT : 0;
}

static void fifo_detach(struct pipe *p);

static void pipe_release(struct file *f)
{
	struct pipe *p = f->priv;
	if (!p)
		return;
	if (can_read(f))
		p->readers--;
	if (can_write(f))
		p->writers--;
	wake_up(&p->rd_wait);		/* end of file, or POLLHUP */
	wake_up(&p->wr_wait);		/* EPIPE, or POLLERR */
	if (p->readers || p->writers)
		return;
	if (p->fifo)
		fifo_detach(p);
	pipe_free(p);
}

static const struct file_ops pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
	.no_seek = true,
};

int pipe_create(uint32_t flags, struct file **rd, struct file **wr)
{
	struct pipe *p = pipe_alloc();
	if (!p)
		return -ENOMEM;
	struct inode *inode = inode_new(&pipefs_sb, S_IFIFO | 0600);
	if (!inode) {
		pipe_free(p);
		return -ENFILE;
	}
	inode->fops = &pipe_fops;
	inode->priv = p;
	p->readers = p->writers = 1;
	flags &= O_NONBLOCK;
	*rd = file_alloc(inode, &pipe_fops, O_RDONLY | flags);
	*wr = *rd ? file_alloc(inode, &pipe_fops, O_WRONLY | flags) : NULL;
	if (*rd)
		(*rd)->priv = p;
	if (*wr)
		(*wr)->priv = p;
	inode_put(inode);		/* the files hold it now */
	if (*wr)
		return 0;
	if (*rd) {
		p->writers = 0;
		file_put(*rd);		/* frees p: no end is left */
	} else {
		pipe_free(p);
	}
	return -ENOMEM;
}

long pipe_dname(const struct inode *inode, char *buf, size_t size)
{
	if (inode->sb != &pipefs_sb)
		return -EINVAL;
	return ksnprintf(buf, size, "pipe:[%lu]", (unsigned long)inode->ino);
}

/* pipe2(fds, flags): O_CLOEXEC and O_NONBLOCK (Linux also knows O_DIRECT,
 * "packet mode", and O_NOTIFICATION_PIPE: not here, -EINVAL). */
static long do_pipe2(uint64_t ufds, uint64_t flags)
{
	if (flags & ~(uint64_t)(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	struct file *rd, *wr;
	int err = pipe_create((uint32_t)flags, &rd, &wr);
	if (err)
		return err;
	bool cloexec = flags & O_CLOEXEC;
	int fd[2];
	fd[0] = fd_install(rd, 0, cloexec);
	if (fd[0] < 0) {
		file_put(rd);
		file_put(wr);
		return fd[0];
	}
	fd[1] = fd_install(wr, 0, cloexec);
	if (fd[1] < 0) {
		fd_close(fd[0]);
		file_put(wr);
		return fd[1];
	}
	if (copy_to_user(ufds, fd, sizeof(fd))) {
		fd_close(fd[0]);
		fd_close(fd[1]);
		return -EFAULT;
	}
	return 0;
}

long sys_pipe(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_pipe2(arg[0], 0);
}

long sys_pipe2(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_pipe2(arg[0], arg[1]);
}

/* ---- named FIFOs: a pipe per S_IFIFO inode while it is open ---- */

static struct pipe *fifos;	/* the FIFOs open now; few, so a list */

static struct pipe *fifo_pipe(struct inode *inode)
{
	for (struct pipe *p = fifos; p; p = p->fifo_next)
		if (p->fifo == inode)
			return p;
	struct pipe *p = pipe_alloc();
	if (!p)
		return NULL;
	p->fifo = inode;
	p->fifo_next = fifos;
	fifos = p;
	return p;
}

static void fifo_detach(struct pipe *p)
{
	for (struct pipe **link = &fifos; *link; link = &(*link)->fifo_next)
		if (*link == p) {
			*link = p->fifo_next;
			break;
		}
}

/* Linux's fifo_open: a reader waits until a writer has opened (counted
 * opens, so one that came and went already counts), a writer until a
 * reader has; O_NONBLOCK readers do not wait, O_NONBLOCK writers with no
 * reader get -ENXIO; O_RDWR never waits. */
static int fifo_open(struct inode *inode, struct file *f)
{
	struct pipe *p = fifo_pipe(inode);
	if (!p)
		return -ENOMEM;
	bool nonblock = f->flags & O_NONBLOCK;
	unsigned acc = f->flags & O_ACCMODE, seen;
	int err = 0;
	f->priv = p;
	if (acc == O_WRONLY && nonblock && !p->readers) {
		err = -ENXIO;
	} else if (acc == O_RDONLY) {
		p->readers++;
		p->opened_readers++;
		wake_up(&p->wr_wait);
		seen = p->opened_writers;
		if (!nonblock && !p->writers)
			err = wait_event_interruptible(&p->rd_wait, p->opened_writers != seen);
	} else if (acc == O_WRONLY) {
		p->writers++;
		p->opened_writers++;
		wake_up(&p->rd_wait);
		seen = p->opened_readers;
		if (!p->readers)
			err = wait_event_interruptible(&p->wr_wait, p->opened_readers != seen);
	} else {
		p->readers++;
		p->writers++;
		p->opened_readers++;
		p->opened_writers++;
		wake_up(&p->rd_wait);
		wake_up(&p->wr_wait);
	}
	if (err == -ENXIO && !p->writers) {	/* nothing counted: maybe unused */
		fifo_detach(p);
		pipe_free(p);
	} else if (err && err != -ENXIO) {
		pipe_release(f);		/* undo this open's count */
	}
	if (err)
		f->priv = NULL;
	return err;
}

const struct file_ops fifo_fops = {
	.open = fifo_open,
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
	.no_seek = true,
};
