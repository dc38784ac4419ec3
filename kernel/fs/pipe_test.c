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
