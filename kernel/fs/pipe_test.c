/* Pipes without descriptors: the ends' file_ops on kernel buffers
 * (kernel/fs/pipe.c).  The kernel's test task has pid 0, which SIGPIPE
 * leaves alone (signal_send), so EPIPE can be seen here too. */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/pipe.h"
#include "kernel/fs/poll.h"
#include "kernel/fs/vfs.h"
#include "kernel/ktest.h"
#include "kernel/string.h"

static char big[PIPE_SIZE + 1];

static long put(struct file *f, const void *s, size_t n)
{
	return f->fops->write(f, io_kernel((void *)s), n, &f->pos);
}

static long get(struct file *f, void *s, size_t n)
{
	return f->fops->read(f, io_kernel(s), n, &f->pos);
}

KTEST(pipe, bytes_in_order_and_eof_after_the_writer)
{
	struct file *rd, *wr;
	KASSERT_EQ(pipe_create(O_NONBLOCK, &rd, &wr), 0);
	KEXPECT_EQ(S_ISFIFO(rd->inode->mode), 1);
	KEXPECT_EQ((uintptr_t)rd->inode, (uintptr_t)wr->inode);
	KEXPECT_EQ(get(rd, big, 10), -EAGAIN);		/* empty, a writer exists */
	KEXPECT_EQ(put(wr, "hello", 5), 5);
	KEXPECT_EQ(put(wr, " world", 6), 6);
	char buf[16] = { 0 };
	KEXPECT_EQ(get(rd, buf, 3), 3);
	KEXPECT_EQ(memcmp(buf, "hel", 3), 0);
	KEXPECT_EQ(get(rd, buf, sizeof(buf)), 8);	/* what is there, no more */
	KEXPECT_EQ(memcmp(buf, "lo world", 8), 0);
	KEXPECT_EQ(put(wr, "x", 1), 1);
	file_put(wr);
	KEXPECT_EQ(file_poll(rd, NULL) & (POLLIN | POLLHUP), POLLIN | POLLHUP);
	KEXPECT_EQ(get(rd, buf, sizeof(buf)), 1);	/* the rest, then EOF */
	KEXPECT_EQ(get(rd, buf, sizeof(buf)), 0);
	file_put(rd);
}

KTEST(pipe, capacity_is_64k_and_small_writes_are_whole)
{
	struct file *rd, *wr;
	KASSERT_EQ(pipe_create(O_NONBLOCK, &rd, &wr), 0);
	memset(big, 'a', sizeof(big));
	KEXPECT_EQ(put(wr, big, PIPE_SIZE - 100), PIPE_SIZE - 100);
	KEXPECT_EQ(file_poll(wr, NULL) & POLLOUT, 0);	/* less than PIPE_BUF free */
	KEXPECT_EQ(put(wr, big, 101), -EAGAIN);		/* atomic: all or nothing */
	KEXPECT_EQ(put(wr, big, PIPE_BUF + 1), 100);	/* big: partial */
	KEXPECT_EQ(put(wr, big, 1), -EAGAIN);
	KEXPECT_EQ(get(rd, big, 1), 1);
	KEXPECT_EQ(put(wr, big, 1), 1);			/* the ring wraps */
	KEXPECT_EQ(get(rd, big, sizeof(big)), PIPE_SIZE);
	KEXPECT_EQ(file_poll(wr, NULL) & POLLOUT, POLLOUT);
	KEXPECT_EQ(file_poll(rd, NULL) & POLLIN, 0);
	file_put(rd);
	KEXPECT_EQ(put(wr, big, 1), -EPIPE);
	KEXPECT_EQ(file_poll(wr, NULL) & POLLERR, POLLERR);
	file_put(wr);
}

KTEST(pipe, the_ends_cannot_seek_and_name_themselves)
{
	struct file *rd, *wr;
	KASSERT_EQ(pipe_create(0, &rd, &wr), 0);
	KEXPECT_TRUE(rd->fops->no_seek);
	char name[32];
	long n = pipe_dname(rd->inode, name, sizeof(name));
	KEXPECT_GT(n, 7);
	KEXPECT_EQ(memcmp(name, "pipe:[", 6), 0);
	KEXPECT_EQ(rd->fops->ioctl(rd, 0x5401, 0), -ENOTTY);	/* TCGETS */
	file_put(rd);
	file_put(wr);
}

/* A FIFO's opens without a file system: an S_IFIFO inode of a scratch
 * super block, opened through fifo_fops as the VFS's open does.  Only the
 * opens that do not wait (O_NONBLOCK, O_RDWR). */
static struct super_block fifo_sb = { .next_ino = 1 };

static struct file *fifo_open_test(struct inode *inode, uint32_t flags, int *err)
{
	struct file *f = file_alloc(inode, &fifo_fops, flags);
	*err = f ? fifo_fops.open(inode, f) : -ENOMEM;
	return f;
}

KTEST(pipe, fifo_opens_share_one_pipe_while_open)
{
	struct inode *inode = inode_new(&fifo_sb, S_IFIFO | 0644);
	KASSERT_TRUE(inode != NULL);
	int err;
	struct file *w0 = fifo_open_test(inode, O_WRONLY | O_NONBLOCK, &err);
	KEXPECT_EQ(err, -ENXIO);			/* no reader yet */
	file_put(w0);
	struct file *rd = fifo_open_test(inode, O_RDONLY | O_NONBLOCK, &err);
	KEXPECT_EQ(err, 0);
	KEXPECT_EQ(file_poll(rd, NULL) & POLLHUP, 0);	/* no writer has come yet */
	struct file *wr = fifo_open_test(inode, O_WRONLY | O_NONBLOCK, &err);
	KEXPECT_EQ(err, 0);
	KEXPECT_EQ(put(wr, "fifo", 4), 4);
	char buf[8];
	KEXPECT_EQ(get(rd, buf, sizeof(buf)), 4);
	KEXPECT_EQ(memcmp(buf, "fifo", 4), 0);
	KEXPECT_EQ(put(wr, "left", 4), 4);
	file_put(wr);
	KEXPECT_EQ(file_poll(rd, NULL) & POLLHUP, POLLHUP);	/* the writer came and went */
	file_put(rd);
	/* All closed: the bytes went with the pipe; an O_RDWR open makes a new one. */
	struct file *both = fifo_open_test(inode, O_RDWR | O_NONBLOCK, &err);
	KEXPECT_EQ(err, 0);
	KEXPECT_EQ(get(both, buf, sizeof(buf)), -EAGAIN);
	KEXPECT_EQ(put(both, "x", 1), 1);
	KEXPECT_EQ(get(both, buf, sizeof(buf)), 1);
	file_put(both);
	inode_put(inode);
}
