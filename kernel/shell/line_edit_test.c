#include "kernel/format.h"
#include "kernel/ktest.h"
#include "kernel/shell/line_edit.h"
#include "kernel/string.h"

/* What the terminal was sent, for the tests to compare. */
static char echoed[512];
static size_t echoed_len;

static void capture(const char *s, size_t n)
{
	for (size_t i = 0; i < n && echoed_len + 1 < sizeof(echoed); i++)
		echoed[echoed_len++] = s[i];
	echoed[echoed_len] = '\0';
}

static struct line_edit le;

static void start(void)
{
	line_edit_init(&le, capture);
	echoed_len = 0;
	echoed[0] = '\0';
}

/* Feed every byte of s; return the event of the last one. */
static enum line_event feed(const char *s)
{
	enum line_event ev = LINE_MORE;
	for (; *s; s++)
		ev = line_edit_feed(&le, *s);
	return ev;
}

/* Type a line and press Enter, as the shell does: remember it, clear. */
static void enter_line(const char *s)
{
	feed(s);
	line_edit_feed(&le, '\r');
	line_edit_remember(&le, le.buf);
	line_edit_clear(&le);
}

KTEST(line_edit, backspace_erases_last_char)
{
	start();
	KEXPECT_EQ(feed("ab\x7f" "c\r"), LINE_DONE);
	KEXPECT_STREQ(le.buf, "ac");
	KEXPECT_STREQ(echoed, "ab\b \bc\n");
}

KTEST(line_edit, backspace_on_empty_line_does_nothing)
{
	start();
	KEXPECT_EQ(feed("\x7f\x08"), LINE_MORE);
	KEXPECT_EQ(le.len, 0);
	KEXPECT_STREQ(echoed, "");
}

KTEST(line_edit, ctrl_u_kills_the_line)
{
	start();
	feed("hello\x15" "ok");
	KEXPECT_STREQ(le.buf, "ok");
	KEXPECT_STREQ(echoed, "hello\b \b\b \b\b \b\b \b\b \bok");
}

KTEST(line_edit, ctrl_c_cancels)
{
	start();
	KEXPECT_EQ(feed("rebo\x03"), LINE_CANCEL);
	KEXPECT_STREQ(le.buf, "");
	KEXPECT_STREQ(echoed, "rebo^C\n");
	/* Typing goes on in a fresh line. */
	KEXPECT_EQ(feed("x\r"), LINE_DONE);
	KEXPECT_STREQ(le.buf, "x");
}

KTEST(line_edit, cr_lf_is_one_enter)
{
	start();
	KEXPECT_EQ(feed("a\r"), LINE_DONE);
	line_edit_clear(&le);
	KEXPECT_EQ(line_edit_feed(&le, '\n'), LINE_MORE);
	KEXPECT_EQ(feed("b\n"), LINE_DONE);
	KEXPECT_STREQ(le.buf, "b");
	line_edit_clear(&le);
	KEXPECT_EQ(line_edit_feed(&le, '\n'), LINE_DONE);	/* LF after LF: an empty line */
}

KTEST(line_edit, up_recalls_history_and_down_returns)
{
	start();
	enter_line("first");
	enter_line("second");
	feed("dra");
	feed("\x1b[A");
	KEXPECT_STREQ(le.buf, "second");
	feed("\x1b[A");
	KEXPECT_STREQ(le.buf, "first");
	feed("\x1b[A");				/* the oldest line: stays */
	KEXPECT_STREQ(le.buf, "first");
	feed("\x1b[B");
	KEXPECT_STREQ(le.buf, "second");
	feed("\x1b[B");				/* back to what was being typed */
	KEXPECT_STREQ(le.buf, "dra");
	feed("\x1bOA");				/* application-mode up arrow */
	KEXPECT_STREQ(le.buf, "second");
	KEXPECT_EQ(feed("!\r"), LINE_DONE);
	KEXPECT_STREQ(le.buf, "second!");
}

KTEST(line_edit, history_echo_redraws_the_line)
{
	start();
	enter_line("ls");
	echoed_len = 0;
	feed("abc\x1b[A");
	KEXPECT_STREQ(echoed, "abc\b \b\b \b\b \bls");
}

KTEST(line_edit, history_keeps_the_newest_lines)
{
	start();
	char line[8];
	for (int i = 0; i < LINE_HISTORY + 3; i++) {
		ksnprintf(line, sizeof(line), "c%d", i);
		enter_line(line);
	}
	enter_line("c18");			/* same as the newest: not stored again */
	for (int i = 0; i < LINE_HISTORY + 5; i++)
		feed("\x1b[A");
	ksnprintf(line, sizeof(line), "c%d", 3);	/* 19 lines, 16 kept: c3..c18 */
	KEXPECT_STREQ(le.buf, line);
}

KTEST(line_edit, other_escapes_and_controls_insert_nothing)
{
	start();
	feed("a\x1b[3~\x1b[C\x01\x1b[1;5Db");
	KEXPECT_STREQ(le.buf, "ab");
	KEXPECT_STREQ(echoed, "ab");
}

KTEST(line_edit, full_line_rings_bell_for_extra_chars)
{
	start();
	for (int i = 0; i < LINE_MAX + 10; i++)
		line_edit_feed(&le, 'x');
	KEXPECT_EQ(le.len, LINE_MAX - 1);
	KEXPECT_EQ(strlen(le.buf), LINE_MAX - 1);
	/* The first LINE_MAX - 1 echoed, then one bell for each of the 11 dropped. */
	KEXPECT_EQ(echoed_len, LINE_MAX - 1 + 11);
	size_t xs = 0;
	while (echoed[xs] == 'x')
		xs++;
	KEXPECT_EQ(xs, LINE_MAX - 1);
	KEXPECT_STREQ(echoed + LINE_MAX - 1, "\a\a\a\a\a\a\a\a\a\a\a");
}
