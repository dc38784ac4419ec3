/*
 * The terminal's ioctls (kernel/tty/termios.h has the numbers), as Linux
 * 6.1 answers them: drivers/tty/tty_ioctl.c (tty_mode_ioctl,
 * set_termios, tty_perform_flush), tty_jobctrl.c (tiocgpgrp, tiocspgrp,
 * tiocgsid, tiocsctty), tty_io.c (tiocgwinsz, tiocswinsz, tty_do_resize)
 * and n_tty.c (TIOCINQ, which is FIONREAD).  Anything else: -ENOTTY, as
 * Linux's -ENOIOCTLCMD becomes.
 */
#include "kernel/tty/tty.h"
#include "arch/x86_64/insn/cpu.h"
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "kernel/uaccess.h"

static long put_int(uint64_t uaddr, int v)
{
	return copy_to_user(uaddr, &v, sizeof(v)) ? -EFAULT : 0;
}

/* TCSETS, TCSETSW, TCSETSF: from the background a change stops the
 * group with SIGTTOU first.  Output is written at once, so SETSW has
 * nothing to wait for; SETSF drops the unread input. */
static long set_termios(struct tty *t, unsigned cmd, uint64_t arg)
{
	int err = tty_check_change(t, SIGTTOU);
	if (err)
		return err;
	struct termios tm;
	if (copy_from_user(&tm, arg, sizeof(tm)))
		return -EFAULT;
	uint64_t flags = irq_save();
	if (cmd == TCSETSF)
		n_tty_flush(t);
	n_tty_set_termios(t, &tm);
	irq_restore(flags);
	return 0;
}

static long flush(struct tty *t, uint64_t arg)
{
	int err = tty_check_change(t, SIGTTOU);
	if (err)
		return err;
	if (arg != TCIFLUSH && arg != TCOFLUSH && arg != TCIOFLUSH)
		return -EINVAL;
	if (arg != TCOFLUSH) {	/* output is never queued: nothing to drop */
		uint64_t flags = irq_save();
		n_tty_flush(t);
		irq_restore(flags);
	}
	return 0;
}

/* A new size tells the foreground group with SIGWINCH (tty_do_resize). */
static long set_winsize(struct tty *t, uint64_t arg)
{
	struct winsize ws;
	if (copy_from_user(&ws, arg, sizeof(ws)))
		return -EFAULT;
	bool changed = ws.ws_row != t->winsize.ws_row || ws.ws_col != t->winsize.ws_col ||
		       ws.ws_xpixel != t->winsize.ws_xpixel || ws.ws_ypixel != t->winsize.ws_ypixel;
	t->winsize = ws;
	if (changed && t->pgrp)
		tty_signal_pgrp(t->pgrp, SIGWINCH);
	return 0;
}

/* TIOCGPGRP and TIOCGSID: only of one's own controlling terminal. */
static long get_pgrp(struct tty *t, uint64_t arg)
{
	if (!tty_is_ctty(t))
		return -ENOTTY;
	return put_int(arg, t->pgrp);
}

static long get_sid(struct tty *t, uint64_t arg)
{
	if (!tty_is_ctty(t) || !t->session)
		return -ENOTTY;
	return put_int(arg, t->session);
}

static long set_pgrp(struct tty *t, uint64_t arg)
{
	int err = tty_check_change(t, SIGTTOU);
	if (err == -EIO)
		return -ENOTTY;
	if (err)
		return err;
	int pgrp;
	if (copy_from_user(&pgrp, arg, sizeof(pgrp)))
		return -EFAULT;
	return tty_set_pgrp(t, pgrp);
}

long tty_ioctl(struct file *f, unsigned cmd, uint64_t arg)
{
	(void)f;
	struct tty *t = tty_console();
	bool eof;
	switch (cmd) {
	case TCGETS:
		return copy_to_user(arg, &t->termios, sizeof(t->termios)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return set_termios(t, cmd, arg);
	case TCFLSH:
		return flush(t, arg);
	case TIOCGWINSZ:
		return copy_to_user(arg, &t->winsize, sizeof(t->winsize)) ? -EFAULT : 0;
	case TIOCSWINSZ:
		return set_winsize(t, arg);
	case TIOCGPGRP:
		return get_pgrp(t, arg);
	case TIOCSPGRP:
		return set_pgrp(t, arg);
	case TIOCGSID:
		return get_sid(t, arg);
	case TIOCSCTTY:
		return tty_set_ctty(t, arg);
	case TIOCNOTTY:
		return tty_drop_ctty(t);
	case FIONREAD:
		return put_int(arg, (int)n_tty_readable(t, &eof));
	default:
		return -ENOTTY;
	}
}
