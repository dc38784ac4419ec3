/*
 * The line discipline's input side: what happens to one byte the
 * terminal's keyboard sends (kernel/tty/tty.h), as Linux 6.1's
 * drivers/tty/n_tty.c (n_tty_receive_char_special, eraser, isig,
 * echo_char) does it:
 *
 *   1. input flags: ISTRIP, then CR and NL (IGNCR, ICRNL, INLCR);
 *   2. ISIG: VINTR, VQUIT, VSUSP send SIGINT, SIGQUIT, SIGTSTP to the
 *      foreground process group, flushing the input unless NOFLSH;
 *   3. ICANON: the line is edited in place (VERASE, VWERASE, VKILL,
 *      VLNEXT) until a line end (\n, VEOL, VEOL2) or VEOF commits it;
 *      without ICANON every byte is ready at once;
 *   4. echo (ECHO, ECHOE, ECHOK, ECHOKE, ECHOCTL, ECHONL).
 *
 * Runs with interrupts off (from the input interrupt): the buffer is
 * shared with readers, which take it with interrupts off too.
 */
#include "kernel/tty/tty.h"
#include "kernel/console.h"
#include "kernel/signal.h"

#define MASK		(TTY_BUF_SIZE - 1)
#define CC(t, i)	((t)->termios.c_cc[i])
#define L(t, f)		((t)->termios.c_lflag & (f))
#define I(t, f)		((t)->termios.c_iflag & (f))

/* Is c the control character in slot i?  0 disables a slot
 * (_POSIX_VDISABLE). */
static bool is_cc(const struct tty *t, uint8_t c, int i)
{
	return CC(t, i) && c == CC(t, i);
}

static bool is_ctl(uint8_t c)
{
	return c < 0x20 || c == 0x7f;
}

/* ---- output: the screens, with the cursor's column followed ---- */

static void follow_column(struct tty *t, uint8_t c)
{
	if (c == '\n' || c == '\r')
		t->column = 0;
	else if (c == '\b')
		t->column -= t->column > 0;
	else if (c == '\t')
		t->column = (t->column | 7) + 1;
	else if (!is_ctl(c) && (c & 0xc0) != 0x80)	/* not a UTF-8 continuation */
		t->column++;
}

/* OPOST with ONLCR: the console drivers already send \n as CR LF (the
 * serial port) or start a new line (the screens), which is ONLCR; with
 * OPOST or ONLCR off the bytes still go out that way (docs/tty.md). */
void n_tty_write(struct tty *t, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		follow_column(t, (uint8_t)s[i]);
	console_write(s, n);
}

static void out(struct tty *t, const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	n_tty_write(t, s, n);
}

/* Echo c as Linux's echo_char: a control character other than tab and
 * newline as ^X with ECHOCTL. */
static void echo_char(struct tty *t, uint8_t c)
{
	if (L(t, ECHOCTL) && is_ctl(c) && c != '\t' && c != '\n') {
		char s[3] = { '^', (char)(c ^ 0100), 0 };
		out(t, s);
	} else {
		n_tty_write(t, (const char *)&c, 1);
	}
}

/* ---- the buffer ---- */

static size_t buffered(const struct tty *t)
{
	return t->head - t->tail;
}

static void put(struct tty *t, uint8_t c, uint8_t mark)
{
	if (t->head == t->canon)
		t->edit_column = t->column;	/* a new line starts here */
	t->buf[t->head & MASK] = c;
	t->mark[t->head & MASK] = mark;
	t->head++;
}

/* End the line being edited: readers may take it. */
static void commit(struct tty *t)
{
	t->canon = t->head;
	wake_up(&t->readers);
}

void n_tty_flush(struct tty *t)
{
	t->tail = t->canon = t->head;
	t->lnext = false;
	wake_up(&t->readers);
}

/* ---- erasing (Linux's eraser) ---- */

/* The column the cursor would be at after echoing [canon, upto). */
static unsigned column_at(const struct tty *t, uint32_t upto)
{
	unsigned col = t->edit_column;
	for (uint32_t i = t->canon; i != upto; i++) {
		uint8_t c = t->buf[i & MASK];
		if (c == '\t')
			col = (col | 7) + 1;
		else if (is_ctl(c))
			col += L(t, ECHOCTL) ? 2 : 0;
		else if ((c & 0xc0) != 0x80)
			col++;
	}
	return col;
}

/* Take the last byte of the line back off the screen. */
static void echo_erase(struct tty *t, uint8_t c)
{
	if (c == '\t') {
		unsigned to = column_at(t, t->head);
		while (t->column > to)
			out(t, "\b");
		return;
	}
	if (is_ctl(c) && !L(t, ECHOCTL))
		return;		/* it was never shown */
	if ((c & 0xc0) == 0x80)
		return;		/* a UTF-8 continuation byte took no column */
	out(t, is_ctl(c) ? "\b \b\b \b" : "\b \b");
}

static bool word_char(uint8_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '_';
}

static void eraser(struct tty *t, int kind)
{
	if (t->head == t->canon)
		return;		/* nothing typed on this line */
	if (kind == VKILL && !L(t, ECHO)) {
		t->head = t->canon;
		return;
	}
	if (kind == VKILL && (!L(t, ECHOK) || !L(t, ECHOKE) || !L(t, ECHOE))) {
		t->head = t->canon;
		echo_char(t, CC(t, VKILL));
		if (L(t, ECHOK))
			out(t, "\n");
		return;
	}
	bool seen_word = false;
	while (t->head != t->canon) {
		uint8_t c = t->buf[(t->head - 1) & MASK];
		if (kind == VWERASE) {
			if (word_char(c))
				seen_word = true;
			else if (seen_word)
				break;
		}
		t->head--;
		if (L(t, ECHO)) {
			if (kind == VERASE && !L(t, ECHOE))
				echo_char(t, CC(t, VERASE));
			else
				echo_erase(t, c);
		}
		if (kind == VERASE)
			break;
	}
}

/* ---- signals ---- */

static void isig(struct tty *t, int sig, uint8_t c)
{
	if (!L(t, NOFLSH))
		n_tty_flush(t);
	if (L(t, ECHO))
		echo_char(t, c);
	if (t->pgrp)
		tty_signal_pgrp(t->pgrp, sig);
}

/* ---- one byte ---- */

static void receive_canon(struct tty *t, uint8_t c)
{
	bool ext = L(t, IEXTEN);
	if (is_cc(t, c, VERASE) || is_cc(t, c, VKILL) || (ext && is_cc(t, c, VWERASE))) {
		eraser(t, is_cc(t, c, VERASE) ? VERASE : is_cc(t, c, VKILL) ? VKILL : VWERASE);
		return;
	}
	if (ext && is_cc(t, c, VLNEXT)) {
		t->lnext = true;
		if (L(t, ECHO) && L(t, ECHOCTL))
			out(t, "^\b");
		return;
	}
	if (buffered(t) >= TTY_BUF_SIZE - 1 && c != '\n')
		return;		/* full: only a line end still fits */
	if (buffered(t) >= TTY_BUF_SIZE)
		return;
	if (is_cc(t, c, VEOF)) {
		put(t, c, TTY_MARK_EOF);	/* not echoed, not returned */
		commit(t);
		return;
	}
	bool eol = c == '\n' || is_cc(t, c, VEOL) || (ext && is_cc(t, c, VEOL2));
	if (L(t, ECHO))
		echo_char(t, c);
	else if (c == '\n' && L(t, ECHONL))
		out(t, "\n");
	put(t, c, eol ? TTY_MARK_EOL : 0);
	if (eol)
		commit(t);
}

/* The byte after VLNEXT: kept as it is, whatever it is. */
static void receive_literal(struct tty *t, uint8_t c)
{
	t->lnext = false;
	if (buffered(t) >= TTY_BUF_SIZE - 1)
		return;
	if (L(t, ECHO))
		echo_char(t, c);
	put(t, c, 0);
}

void n_tty_receive(struct tty *t, uint8_t c)
{
	if (t->lnext && L(t, ICANON)) {
		receive_literal(t, c);
		return;
	}
	t->lnext = false;
	if (I(t, ISTRIP))
		c &= 0x7f;
	if (c == '\r') {
		if (I(t, IGNCR))
			return;
		if (I(t, ICRNL))
			c = '\n';
	} else if (c == '\n' && I(t, INLCR)) {
		c = '\r';
	}
	if (L(t, ISIG)) {
		int sig = is_cc(t, c, VINTR) ? SIGINT : is_cc(t, c, VQUIT) ? SIGQUIT
			: is_cc(t, c, VSUSP) ? SIGTSTP : 0;
		if (sig) {
			isig(t, sig, c);
			return;
		}
	}
	if (L(t, ICANON)) {
		receive_canon(t, c);
		return;
	}
	if (buffered(t) >= TTY_BUF_SIZE)
		return;
	if (L(t, ECHO))
		echo_char(t, c);
	else if (c == '\n' && L(t, ECHONL))
		out(t, "\n");
	put(t, c, 0);
	commit(t);
}

/* Linux's n_tty_set_termios: when ICANON changes, what is buffered
 * becomes readable (one pushed line when canonical mode comes on). */
void n_tty_set_termios(struct tty *t, const struct termios *new)
{
	bool was = L(t, ICANON);
	t->termios = *new;
	if (was == !!L(t, ICANON))
		return;
	for (uint32_t i = t->tail; i != t->head; i++)
		t->mark[i & MASK] = 0;
	if (L(t, ICANON) && buffered(t))
		t->mark[(t->head - 1) & MASK] = TTY_MARK_EOL;
	t->canon = t->head;
	t->lnext = false;
	wake_up(&t->readers);
}
