#include "drivers/kbd_scancode.h"
#include "kernel/ktest.h"
#include "kernel/string.h"

/* Decode a sequence of scan-code bytes into a string. */
static const char *feed(struct kbd_state *s, const uint8_t *bytes, int n)
{
	static char text[32];
	int len = 0;
	for (int i = 0; i < n; i++) {
		char out[KBD_MAX_SEQ];
		int k = kbd_decode(s, bytes[i], out);
		for (int j = 0; j < k && len < (int)sizeof(text) - 1; j++)
			text[len++] = out[j];
	}
	text[len] = '\0';
	return text;
}

#define FEED(s, ...)                                                           \
	({                                                                     \
		static const uint8_t b_[] = { __VA_ARGS__ };                   \
		feed((s), b_, sizeof(b_));                                     \
	})

KTEST(kbd, letters_digits_and_releases)
{
	struct kbd_state s = { 0 };
	/* a down, a up, 1 down, 1 up, space, z */
	KEXPECT_STREQ(FEED(&s, 0x1e, 0x9e, 0x02, 0x82, 0x39, 0xb9, 0x2c, 0xac), "a1 z");
}

KTEST(kbd, shift_gives_capitals_and_symbols)
{
	struct kbd_state s = { 0 };
	/* LShift down, b, 1, /, LShift up, b; RShift down, ;, RShift up */
	KEXPECT_STREQ(FEED(&s, 0x2a, 0x30, 0x02, 0x35, 0xaa, 0x30, 0x36, 0x27, 0xb6), "B!?b:");
}

KTEST(kbd, caps_lock_toggles_letters_only)
{
	struct kbd_state s = { 0 };
	/* Caps down/up, q, 1, Shift+q, Caps down/up, q */
	KEXPECT_STREQ(FEED(&s, 0x3a, 0xba, 0x10, 0x02, 0x2a, 0x10, 0xaa, 0x3a, 0xba, 0x10),
		      "Q1qq");
}

KTEST(kbd, ctrl_letter_is_control_char)
{
	struct kbd_state s = { 0 };
	/* LCtrl+c, release, c; right Ctrl (E0 1D) + d */
	KEXPECT_STREQ(FEED(&s, 0x1d, 0x2e, 0x9d, 0x2e, 0xe0, 0x1d, 0x20, 0xe0, 0x9d),
		      "\x03" "c" "\x04");
}

KTEST(kbd, enter_backspace_tab)
{
	struct kbd_state s = { 0 };
	KEXPECT_STREQ(FEED(&s, 0x1c, 0x0e, 0x0f, 0xe0, 0x1c), "\r\x7f\t\r");
}

KTEST(kbd, arrows_are_ansi_sequences)
{
	struct kbd_state s = { 0 };
	/* up, down, right, left, each pressed and released */
	KEXPECT_STREQ(FEED(&s, 0xe0, 0x48, 0xe0, 0xc8, 0xe0, 0x50, 0xe0, 0xd0,
			   0xe0, 0x4d, 0xe0, 0xcd, 0xe0, 0x4b, 0xe0, 0xcb),
		      "\x1b[A\x1b[B\x1b[C\x1b[D");
}

KTEST(kbd, unknown_keys_produce_nothing)
{
	struct kbd_state s = { 0 };
	/* F1, F12, keyboard ACK 0xfa, fake shift E0 2A; then x still works */
	KEXPECT_STREQ(FEED(&s, 0x3b, 0xbb, 0x58, 0xfa, 0xe0, 0x2a, 0x2d), "x");
	KEXPECT_TRUE(!s.lshift);
}
