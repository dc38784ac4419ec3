#include "kernel/shell/line_edit.h"
#include "kernel/string.h"

void line_edit_init(struct line_edit *le, void (*echo)(const char *s, size_t n))
{
	memset(le, 0, sizeof(*le));
	le->echo = echo;
}

void line_edit_clear(struct line_edit *le)
{
	le->len = 0;
	le->buf[0] = '\0';
	le->hist_back = 0;
	le->esc = 0;
}

void line_edit_remember(struct line_edit *le, const char *line)
{
	if (!*line)
		return;
	if (le->hist_count) {
		unsigned newest = (le->hist_next + LINE_HISTORY - 1) % LINE_HISTORY;
		if (strcmp(le->history[newest], line) == 0)
			return;
	}
	size_t n = strnlen(line, LINE_MAX - 1);
	memcpy(le->history[le->hist_next], line, n);
	le->history[le->hist_next][n] = '\0';
	le->hist_next = (le->hist_next + 1) % LINE_HISTORY;
	if (le->hist_count < LINE_HISTORY)
		le->hist_count++;
}

/* Erase the last n characters on the terminal: back, blank, back. */
static void erase_chars(struct line_edit *le, size_t n)
{
	while (n--)
		le->echo("\b \b", 3);
}

/* Show `text` as the whole line, replacing what is on the terminal. */
static void replace_line(struct line_edit *le, const char *text)
{
	erase_chars(le, le->len);
	le->len = strnlen(text, LINE_MAX - 1);
	memmove(le->buf, text, le->len);
	le->buf[le->len] = '\0';
	le->echo(le->buf, le->len);
}

/* Up (older = true) or down through the history. */
static void browse(struct line_edit *le, bool older)
{
	unsigned back = le->hist_back;
	if (older && back < le->hist_count)
		back++;
	else if (!older && back > 0)
		back--;
	else
		return;		/* at either end: nothing changes */
	if (le->hist_back == 0)
		memcpy(le->draft, le->buf, le->len + 1);
	le->hist_back = back;
	if (back == 0) {
		replace_line(le, le->draft);
		return;
	}
	unsigned slot = (le->hist_next + LINE_HISTORY - back) % LINE_HISTORY;
	replace_line(le, le->history[slot]);
}

/* Inside an escape sequence: ESC [ A (up), ESC [ B (down), or their
 * "application mode" forms ESC O A / ESC O B.  Every other sequence is
 * swallowed up to its final byte (0x40..0x7e), so e.g. the Delete key's
 * ESC [ 3 ~ inserts nothing. */
static void feed_escape(struct line_edit *le, char c)
{
	if (le->esc == 1) {
		le->esc = (c == '[' || c == 'O') ? 2 : 0;
		return;
	}
	if (c >= 0x40 && c <= 0x7e) {
		le->esc = 0;
		if (c == 'A')
			browse(le, true);
		else if (c == 'B')
			browse(le, false);
	}
	/* parameter bytes (digits, ';') keep us in the sequence */
}

enum line_event line_edit_feed(struct line_edit *le, char c)
{
	bool after_cr = le->after_cr;
	le->after_cr = false;

	if (le->esc) {
		feed_escape(le, c);
		return LINE_MORE;
	}
	switch (c) {
	case '\n':
		if (after_cr)
			return LINE_MORE;	/* the LF of a CR LF pair */
		/* fall through */
	case '\r':
		le->after_cr = (c == '\r');
		le->echo("\n", 1);
		return LINE_DONE;
	case KEY_DEL:
	case KEY_BS:
		if (le->len) {
			le->buf[--le->len] = '\0';
			erase_chars(le, 1);
		}
		return LINE_MORE;
	case KEY_CTRL_U:
		erase_chars(le, le->len);
		le->len = 0;
		le->buf[0] = '\0';
		return LINE_MORE;
	case KEY_CTRL_C:
		le->echo("^C\n", 3);
		line_edit_clear(le);
		return LINE_CANCEL;
	case KEY_ESC:
		le->esc = 1;
		return LINE_MORE;
	}
	unsigned char u = (unsigned char)c;
	if (u < 0x20 || u >= 0x7f)
		return LINE_MORE;	/* other control bytes */
	if (le->len + 1 >= LINE_MAX) {
		/* The line is full: ring the terminal's bell (BEL, 0x07), as
		 * readline does, so a dropped character does not go unnoticed. */
		le->echo("\a", 1);
		return LINE_MORE;
	}
	le->buf[le->len++] = c;
	le->buf[le->len] = '\0';
	le->echo(&c, 1);
	return LINE_MORE;
}
