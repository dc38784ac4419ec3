/*
 * Character devices: what an opened device node reads and writes, chosen
 * by its number (st_rdev) as on Linux (Documentation/admin-guide/
 * devices.txt): 1:3 null, 1:5 zero, 1:7 full, 1:8 random, 1:9 urandom,
 * 4:64 ttyS0, 5:0 tty (the caller's terminal), 5:1 console -- the three
 * names of the one terminal (kernel/tty/tty.h).  A node with a number
 * nothing answers to opens with ENXIO.  FIFOs are the pipes' (kernel/fs/
 * pipe.c).
 */
#include "kernel/errno.h"
#include "kernel/fs/chrdev.h"
#include "kernel/fs/pipe.h"
#include "kernel/fs/poll.h"
#include "kernel/fs/tmpfs.h"
#include "kernel/random.h"
#include "kernel/tty/tty.h"

#define CHUNK	256	/* bytes through the kernel per step */

/* ---- memory devices ---- */

static long null_read(struct file *f, struct io_buf buf, size_t len, uint64_t *pos)
{
	(void)f, (void)buf, (void)len, (void)pos;
	return 0;
}

static long null_write(struct file *f, struct io_buf buf, size_t len, uint64_t *pos)
{
	(void)f, (void)buf, (void)pos;
	return (long)len;	/* /dev/null does not even look */
}

static long zero_read(struct file *f, struct io_buf buf, size_t len, uint64_t *pos)
{
	(void)f, (void)pos;
	return io_zero(buf, 0, len) ? -EFAULT : (long)len;
}

static long full_write(struct file *f, struct io_buf buf, size_t len, uint64_t *pos)
{
	(void)f, (void)buf, (void)len, (void)pos;
	return -ENOSPC;
}

static long random_read(struct file *f, struct io_buf buf, size_t len, uint64_t *pos)
{
	(void)f, (void)pos;
	char chunk[CHUNK];
	size_t done = 0;
	while (done < len) {
		size_t n = len - done < CHUNK ? len - done : CHUNK;
		random_bytes(chunk, n);
		if (io_copy_out(buf, done, chunk, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return (long)done;
}

/* Writing to /dev/random is allowed and, as Linux's, credits nothing. */
static const struct file_ops null_fops = { .read = null_read, .write = null_write };
static const struct file_ops zero_fops = { .read = zero_read, .write = null_write };
static const struct file_ops full_fops = { .read = zero_read, .write = full_write };
static const struct file_ops random_fops = { .read = random_read, .write = null_write };

static int nxio_open(struct inode *inode, struct file *f)
{
	(void)inode, (void)f;
	return -ENXIO;
}

static const struct file_ops nxio_fops = { .open = nxio_open };

static const struct chrdev {
	uint64_t rdev;
	const struct file_ops *fops;
} chrdevs[] = {
	{ DEV_NULL, &null_fops },
	{ DEV_ZERO, &zero_fops },
	{ DEV_FULL, &full_fops },
	{ DEV_RANDOM, &random_fops },
	{ DEV_URANDOM, &random_fops },
	{ DEV_TTYS0, &tty_fops },	/* one terminal, three names */
	{ DEV_TTY, &tty_fops },
	{ DEV_CONSOLE, &tty_fops },
};

const struct file_ops *special_fops(const struct inode *inode)
{
	if (S_ISFIFO(inode->mode))
		return &fifo_fops;	/* a pipe while open (kernel/fs/pipe.c) */
	if (!S_ISCHR(inode->mode))
		return &nxio_fops;	/* no block devices */
	for (unsigned i = 0; i < sizeof(chrdevs) / sizeof(chrdevs[0]); i++)
		if (chrdevs[i].rdev == inode->rdev)
			return chrdevs[i].fops;
	return &nxio_fops;
}

const struct chrdev_node chrdev_nodes[] = {
	{ "console", DEV_CONSOLE, 0600 },
	{ "tty", DEV_TTY, 0666 },
	{ "ttyS0", DEV_TTYS0, 0600 },
	{ "null", DEV_NULL, 0666 },
	{ "zero", DEV_ZERO, 0666 },
	{ "full", DEV_FULL, 0666 },
	{ "random", DEV_RANDOM, 0666 },
	{ "urandom", DEV_URANDOM, 0666 },
	{ 0, 0, 0 },
};
