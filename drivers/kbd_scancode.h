/*
 * PS/2 scan-code set 1 to characters (US layout).
 *
 * The 8042 keyboard controller hands the kernel one byte per key event in
 * set 1 (translated from the keyboard's set 2 by the controller): the
 * key's "make" code when it goes down, make | 0x80 ("break") when it
 * comes up, and an 0xE0 prefix before keys added after the original PC
 * keyboard (arrows, right Ctrl).  Decoding is a pure function of the
 * byte and the modifier state, so the KTESTs next to it feed it bytes.
 *
 * What comes out is what a terminal would send: Enter is CR (0x0d),
 * Backspace DEL (0x7f), Ctrl+letter the control character (Ctrl-C 0x03),
 * arrows the ANSI sequences ESC [ A/B/C/D.
 */
#ifndef ANVIL_DRIVERS_KBD_SCANCODE_H
#define ANVIL_DRIVERS_KBD_SCANCODE_H

#include <stdbool.h>
#include <stdint.h>

#define KBD_MAX_SEQ	3	/* the longest output of one byte: ESC [ A */

struct kbd_state {
	bool lshift, rshift, ctrl, caps_lock;
	bool e0;		/* the previous byte was the 0xE0 prefix */
};

/* Feed one byte from the controller.  Writes the characters it produces
 * (none for a release, a modifier or an unknown key) into out and returns
 * how many. */
int kbd_decode(struct kbd_state *s, uint8_t byte, char out[KBD_MAX_SEQ]);

#endif
