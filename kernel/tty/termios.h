/*
 * The terminal's ABI, as the Linux x86-64 kernel has it: struct termios
 * as TCGETS gives it (the kernel's struct, with c_line and 19 control
 * characters, not libc's with the speeds), its flags, the control
 * character slots, struct winsize and the ioctl numbers.  Linux 6.1
 * include/uapi/asm-generic/termbits.h, termbits-common.h, ioctls.h and
 * include/linux/tty.h (tty_std_termios, INIT_C_CC).  Octal, as there.
 */
#ifndef ANVIL_KERNEL_TTY_TERMIOS_H
#define ANVIL_KERNEL_TTY_TERMIOS_H

#include <stdint.h>

#define NCCS	19

struct termios {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line;			/* the line discipline: N_TTY, 0 */
	uint8_t c_cc[NCCS];
};
_Static_assert(sizeof(struct termios) == 36, "the kernel's struct termios is 36 bytes");

struct winsize {
	uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* c_cc slots */
#define VINTR		0
#define VQUIT		1
#define VERASE		2
#define VKILL		3
#define VEOF		4
#define VTIME		5
#define VMIN		6
#define VSWTC		7
#define VSTART		8
#define VSTOP		9
#define VSUSP		10
#define VEOL		11
#define VREPRINT	12
#define VDISCARD	13
#define VWERASE		14
#define VLNEXT		15
#define VEOL2		16

/* c_iflag */
#define IGNBRK	0000001
#define BRKINT	0000002
#define ISTRIP	0000040
#define INLCR	0000100
#define IGNCR	0000200
#define ICRNL	0000400
#define IXON	0002000
#define IMAXBEL	0020000
#define IUTF8	0040000

/* c_oflag */
#define OPOST	0000001
#define ONLCR	0000004

/* c_cflag */
#define B38400	0000017
#define CS8	0000060
#define CREAD	0000200
#define HUPCL	0002000

/* c_lflag */
#define ISIG	0000001
#define ICANON	0000002
#define ECHO	0000010
#define ECHOE	0000020
#define ECHOK	0000040
#define ECHONL	0000100
#define NOFLSH	0000200
#define TOSTOP	0000400
#define ECHOCTL	0001000
#define ECHOPRT	0002000
#define ECHOKE	0004000
#define IEXTEN	0100000

/* Linux's tty_std_termios (drivers/tty/tty_io.c) and INIT_C_CC
 * (include/linux/tty.h): ^C ^\ DEL ^U ^D, TIME 0, MIN 1, ^Q ^S ^Z, EOL 0,
 * ^R ^O ^W ^V, EOL2 0. */
#define TTY_STD_IFLAG	(ICRNL | IXON)
#define TTY_STD_OFLAG	(OPOST | ONLCR)
#define TTY_STD_CFLAG	(B38400 | CS8 | CREAD | HUPCL)
#define TTY_STD_LFLAG	(ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN)
#define INIT_C_CC	"\003\034\177\025\004\0\1\0\021\023\032\0\022\017\027\026\0"

/* ioctls (include/uapi/asm-generic/ioctls.h) */
#define TCGETS		0x5401
#define TCSETS		0x5402
#define TCSETSW		0x5403
#define TCSETSF		0x5404
#define TCFLSH		0x540B
#define TIOCSCTTY	0x540E
#define TIOCGPGRP	0x540F
#define TIOCSPGRP	0x5410
#define TIOCGWINSZ	0x5413
#define TIOCSWINSZ	0x5414
#define FIONREAD	0x541B
#define TIOCNOTTY	0x5422
#define TIOCGSID	0x5429

/* TCFLSH's argument */
#define TCIFLUSH	0
#define TCOFLUSH	1
#define TCIOFLUSH	2

#endif
