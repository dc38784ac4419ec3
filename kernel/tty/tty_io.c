/*
 * The terminal as a file (kernel/tty/tty.h): what /dev/console,
 * /dev/tty and /dev/ttyS0 read, write and poll, with the job control
 * checks before (Linux 6.1 drivers/tty/tty_io.c: tty_open, tty_read,
 * tty_write, tty_poll; n_tty_read's job_control).
 */
#include "kernel/tty/tty.h"
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/poll.h"
#include "kernel/fs/chrdev.h"
#include "kernel/signal.h"

#define CHUNK	256	/* bytes through the kernel per step */

static struct tty console_tty = {
	.termios = {
		.c_iflag = TTY_STD_IFLAG,
		.c_oflag = TTY_STD_OFLAG,
		.c_cflag = TTY_STD_CFLAG,
		.c_lflag = TTY_STD_LFLAG,
		.c_cc = INIT_C_CC,
	},
	/* serial only: 80x24, a terminal's usual size; a screen console
	 * sets its own (tty_set_screen_size) */
	.winsize = { .ws_row = 24, .ws_col = 80 },
	.readers = WAIT_QUEUE_INIT("tty readers"),
};

struct tty *tty_console(void)
{
	return &console_tty;
}

void tty_set_screen_size(unsigned cols, unsigned rows)
{
	console_tty.winsize.ws_col = (uint16_t)cols;
	console_tty.winsize.ws_row = (uint16_t)rows;
}

/* /dev/tty is the caller's controlling terminal: ENXIO without one
 * (tty_open_current_tty).  /dev/console and /dev/tty never become a
 * controlling terminal by being opened; /dev/ttyS0 does, for a session
 * leader with none, unless O_NOCTTY (tty_open's noctty rule). */
static int tty_open(struct inode *inode, struct file *f)
{
	struct tty *t = tty_console();
	if (inode->rdev == DEV_TTY)
		return tty_is_ctty(t) ? 0 : -ENXIO;
	if (inode->rdev == DEV_TTYS0 && !(f->flags & O_NOCTTY))
		tty_open_ctty(t);
	return 0;
}

static long tty_read(struct file *f, struct io_buf buf, size_t len, uint64_t *pos)
{
	(void)pos;
	struct tty *t = tty_console();
	int err = tty_check_change(t, SIGTTIN);
	if (err)
		return err;
	char chunk[CHUNK];
	long n = n_tty_read(t, chunk, len < CHUNK ? len : CHUNK, f->flags & O_NONBLOCK);
	if (n <= 0)
		return n;
	return io_copy_out(buf, 0, chunk, (size_t)n) ? -EFAULT : n;
}

static long tty_write(struct file *f, struct io_buf buf, size_t len, uint64_t *pos)
{
	(void)f;
	(void)pos;
	struct tty *t = tty_console();
	if (t->termios.c_lflag & TOSTOP) {
		int err = tty_check_change(t, SIGTTOU);
		if (err)
			return err;
	}
	char chunk[CHUNK];
	size_t done = 0;
	while (done < len) {
		size_t n = len - done < CHUNK ? len - done : CHUNK;
		if (io_copy_in(chunk, buf, done, n))
			return done ? (long)done : -EFAULT;
		n_tty_write(t, chunk, n);
		done += n;
	}
	return (long)done;
}

/* Readable when a read would not wait: a line (or VEOF) in canonical
 * mode, VMIN bytes without it (n_tty_poll's input_available_p: at least
 * one byte when VMIN is 0).  Always writable: console_write waits for
 * nobody. */
static unsigned tty_poll(struct file *f, struct poll_table *pt)
{
	struct tty *t = tty_console();
	poll_wait(f, &t->readers, pt);
	bool eof;
	size_t n = n_tty_readable(t, &eof);
	size_t want = 1;
	if (!(t->termios.c_lflag & ICANON) && t->termios.c_cc[VMIN])
		want = t->termios.c_cc[VMIN];
	unsigned mask = POLLOUT | POLLWRNORM;
	if (n >= want || eof)
		mask |= POLLIN | POLLRDNORM;
	return mask;
}

const struct file_ops tty_fops = {
	.open = tty_open,
	.read = tty_read,
	.write = tty_write,
	.poll = tty_poll,
	.ioctl = tty_ioctl,
	.no_seek = true,
};
