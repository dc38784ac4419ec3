/*
 * The terminal (docs/tty.md): ONE terminal, the serial port and the
 * keyboard + screen together, as the console has always been.  Its
 * names: /dev/console (5:1), /dev/tty (5:0, "the caller's terminal") and
 * /dev/ttyS0 (4:64).  Between the input drivers and the readers sits
 * one line discipline, Linux's N_TTY in miniature:
 *
 *   kernel/tty/n_tty.c      input: ICRNL and friends, ISIG, canonical
 *                           editing and echo; the read side (VMIN/VTIME)
 *   kernel/tty/tty_io.c     the file: open, read, write, poll
 *   kernel/tty/tty_ioctl.c  TCGETS and the other ioctls
 *   kernel/tty/tty_jobctl.c sessions, process groups, the controlling
 *                           terminal, SIGTTIN/SIGTTOU, hang-up at exit
 *
 * Who gets the bytes (kernel/console_input.c): the kernel's shell reads
 * the raw console queue while it prompts; while it runs a program in the
 * foreground, and for init= and run=, the bytes go to this line
 * discipline instead.
 */
#ifndef ANVIL_KERNEL_TTY_TTY_H
#define ANVIL_KERNEL_TTY_TTY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kernel/tty/termios.h"
#include "kernel/wait.h"

#define TTY_BUF_SIZE	4096	/* Linux's N_TTY_BUF_SIZE; a power of two */

/* Marks on buffered bytes (canonical mode). */
#define TTY_MARK_EOL	1	/* ends a line: \n, VEOL, VEOL2 (read returns it) */
#define TTY_MARK_EOF	2	/* ^D: ends a line and is not returned */

struct tty {
	struct termios termios;
	struct winsize winsize;
	int session;		/* the session it controls (its leader's pid), 0: none */
	int pgrp;		/* the foreground process group, 0: none */

	/* Input, free-running indexes into buf: [tail, canon) is ready for
	 * reading, [canon, head) the line being edited (canonical mode;
	 * in non-canonical mode canon == head). */
	uint8_t buf[TTY_BUF_SIZE];
	uint8_t mark[TTY_BUF_SIZE];
	uint32_t tail, canon, head;
	unsigned column;	/* where echo has left the cursor */
	unsigned edit_column;	/* ... when the line being edited began */
	bool lnext;		/* the next byte is literal (VLNEXT came) */
	struct wait_queue readers;
};

/* The one terminal. */
struct tty *tty_console(void);
/* Its file operations (kernel/tty/tty_io.c), for the device table. */
extern const struct file_ops tty_fops;
/* The screen console's size in characters: what TIOCGWINSZ reports from
 * then on (80x24 while there is only the serial port). */
void tty_set_screen_size(unsigned cols, unsigned rows);

/* ---- the line discipline (kernel/tty/n_tty.c) ---- */

/* A byte from the terminal's keyboard (serial or PS/2), with interrupts
 * off: input flags, signals, editing, echo.  Wakes readers. */
void n_tty_receive(struct tty *t, uint8_t c);
/* Read up to len bytes into kbuf by the termios rules (canonical lines,
 * VMIN/VTIME): the count, 0 at EOF, -EAGAIN (nonblock, nothing ready),
 * -ERESTARTSYS (a signal before any byte). */
long n_tty_read(struct tty *t, char *kbuf, size_t len, bool nonblock);
/* Bytes a read could take now (FIONREAD; poll's POLLIN when > 0 or a
 * pending EOF). */
size_t n_tty_readable(const struct tty *t, bool *eof);
/* Drop the buffered input (TCFLSH TCIFLUSH, TCSETSF, a signal key). */
void n_tty_flush(struct tty *t);
/* Write to the terminal's screens with output processing (OPOST). */
void n_tty_write(struct tty *t, const char *s, size_t n);
/* New termios: buffered input re-split as Linux's n_tty_set_termios
 * does when ICANON changes. */
void n_tty_set_termios(struct tty *t, const struct termios *new);

/* ---- ioctls (kernel/tty/tty_ioctl.c) ---- */

struct file;
long tty_ioctl(struct file *f, unsigned cmd, uint64_t arg);

/* ---- job control (kernel/tty/tty_jobctl.c) ---- */

/* Is t the caller's controlling terminal? */
bool tty_is_ctty(const struct tty *t);
/* Linux's __tty_check_change: may the caller (read: SIGTTIN; change the
 * terminal or write with TOSTOP: SIGTTOU) go on?  0; -EIO; or
 * -ERESTARTSYS after stopping its background group with sig. */
int tty_check_change(struct tty *t, int sig);
/* open without O_NOCTTY by a session leader with no terminal: t becomes
 * its controlling terminal, its group the foreground (tty_open's
 * __proc_set_tty). */
void tty_open_ctty(struct tty *t);
int tty_set_ctty(struct tty *t, uint64_t arg);	/* TIOCSCTTY */
int tty_drop_ctty(struct tty *t);		/* TIOCNOTTY */
int tty_set_pgrp(struct tty *t, int pgrp);	/* TIOCSPGRP */
/* Send sig to every process of group pgrp (takes the table lock). */
void tty_signal_pgrp(int pgrp, int sig);
/* p exits (table locked): a session leader's terminal hangs up its
 * foreground group (SIGHUP, SIGCONT) and is free again; a group that
 * p's end leaves orphaned with stopped members gets SIGHUP and SIGCONT. */
struct process;
void tty_exit_notify(struct process *p);

#endif
