#include "drivers/kbd_scancode.h"

#define SC_PREFIX_E0	0xe0
#define SC_BREAK	0x80	/* set on the byte sent when a key is released */
#define SC_LCTRL	0x1d	/* E0 1D is right Ctrl */
#define SC_LSHIFT	0x2a
#define SC_RSHIFT	0x36
#define SC_CAPS_LOCK	0x3a
/* After E0: the cursor keys. */
#define SC_E0_UP	0x48
#define SC_E0_LEFT	0x4b
#define SC_E0_RIGHT	0x4d
#define SC_E0_DOWN	0x50
#define SC_E0_KP_ENTER	0x1c

#define ESC		0x1b
#define DEL		0x7f

/* Make code -> character, unshifted and with Shift held (0: no character).
 * The rows follow the keyboard's rows. */
static const char plain[0x3a] = {
	[0x01] = ESC,
	[0x02] = '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', DEL,
	[0x0f] = '\t', 'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', '\r',
	[0x1e] = 'a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`',
	[0x2b] = '\\', 'z', 'x', 'c', 'v', 'b', 'n', 'm', ',', '.', '/',
	[0x37] = '*', [0x39] = ' ',
};

static const char shifted[0x3a] = {
	[0x01] = ESC,
	[0x02] = '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', DEL,
	[0x0f] = '\t', 'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\r',
	[0x1e] = 'A', 'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~',
	[0x2b] = '|', 'Z', 'X', 'C', 'V', 'B', 'N', 'M', '<', '>', '?',
	[0x37] = '*', [0x39] = ' ',
};

/* The keys behind the 0xE0 prefix: arrows become ANSI cursor sequences. */
static int decode_e0(struct kbd_state *s, uint8_t code, bool released, char *out)
{
	if (code == SC_LCTRL) {		/* right Ctrl */
		s->ctrl = !released;
		return 0;
	}
	if (released)
		return 0;
	char dir;
	switch (code) {
	case SC_E0_UP:		dir = 'A'; break;
	case SC_E0_DOWN:	dir = 'B'; break;
	case SC_E0_RIGHT:	dir = 'C'; break;
	case SC_E0_LEFT:	dir = 'D'; break;
	case SC_E0_KP_ENTER:
		out[0] = '\r';
		return 1;
	default:		/* E0 2A / E0 AA "fake shifts" and other keys */
		return 0;
	}
	out[0] = ESC;
	out[1] = '[';
	out[2] = dir;
	return 3;
}

int kbd_decode(struct kbd_state *s, uint8_t byte, char out[KBD_MAX_SEQ])
{
	if (byte == SC_PREFIX_E0) {
		s->e0 = true;
		return 0;
	}
	bool released = byte & SC_BREAK;
	uint8_t code = byte & ~SC_BREAK;
	if (s->e0) {
		s->e0 = false;
		return decode_e0(s, code, released, out);
	}

	switch (code) {
	case SC_LSHIFT:
		s->lshift = !released;
		return 0;
	case SC_RSHIFT:
		s->rshift = !released;
		return 0;
	case SC_LCTRL:
		s->ctrl = !released;
		return 0;
	case SC_CAPS_LOCK:
		if (!released)
			s->caps_lock = !s->caps_lock;
		return 0;
	}
	if (released || code >= sizeof(plain) || !plain[code])
		return 0;

	bool shift = s->lshift || s->rshift;
	char c = plain[code];
	/* Caps Lock shifts letters only, and Shift undoes it. */
	if (c >= 'a' && c <= 'z')
		shift ^= s->caps_lock;
	if (shift)
		c = shifted[code];
	/* Ctrl clears bits 5 and 6: Ctrl-A = 0x01 ... Ctrl-Z = 0x1a, and
	 * Ctrl-[ \ ] the same way (the ASCII control block). */
	if (s->ctrl && ((c >= 'a' && c <= 'z') || (c >= '@' && c <= '_')))
		c &= 0x1f;
	out[0] = c;
	return 1;
}
