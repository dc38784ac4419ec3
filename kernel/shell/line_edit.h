/*
 * The shell's line editor: a state machine fed one input byte at a time,
 * as a terminal sends them (and as the keyboard driver translates keys):
 *
 *	printable	inserted at the end of the line, echoed
 *	DEL or BS	erase the last character ("\b \b" on the terminal)
 *	ctrl-U		erase the whole line
 *	ctrl-C		cancel the line: echo "^C", report LINE_CANCEL
 *	ESC [ A / B	up / down: the previous / next line from the history
 *	CR or LF	end of the line: report LINE_DONE (CR LF counts once)
 *
 * Everything it echoes goes through the echo function, so a test can feed
 * bytes and compare both the line and what the terminal would show.
 */
#ifndef ANVIL_KERNEL_SHELL_LINE_EDIT_H
#define ANVIL_KERNEL_SHELL_LINE_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#define LINE_MAX	160	/* bytes in a line, the terminating NUL included */
#define LINE_HISTORY	16	/* lines remembered for up/down */

#define KEY_CTRL_C	0x03
#define KEY_BS		0x08
#define KEY_CTRL_U	0x15
#define KEY_ESC		0x1b
#define KEY_DEL		0x7f

enum line_event {
	LINE_MORE,	/* keep feeding */
	LINE_DONE,	/* line_edit.buf holds a finished line */
	LINE_CANCEL,	/* ctrl-C: the line was dropped */
};

struct line_edit {
	char buf[LINE_MAX];		/* the line being edited, NUL-terminated */
	size_t len;
	void (*echo)(const char *s, size_t n);

	char history[LINE_HISTORY][LINE_MAX];
	unsigned hist_next;		/* slot the next finished line goes to */
	unsigned hist_count;		/* lines held, at most LINE_HISTORY */
	unsigned hist_back;		/* 0: editing a new line; k: showing the k-th newest */
	char draft[LINE_MAX];		/* the new line, kept while browsing history */

	unsigned esc;			/* escape sequence: 0 none, 1 after ESC, 2 after ESC [ or ESC O */
	bool after_cr;			/* the last byte was CR (a following LF is ignored) */
};

/* Start with an empty line and an empty history. */
void line_edit_init(struct line_edit *le, void (*echo)(const char *s, size_t n));
/* Feed one byte. */
enum line_event line_edit_feed(struct line_edit *le, char c);
/* Forget the current line (after LINE_DONE or LINE_CANCEL) to start the next. */
void line_edit_clear(struct line_edit *le);
/* Remember a line in the history (the shell does this for non-empty lines;
 * a line equal to the newest one is not stored twice). */
void line_edit_remember(struct line_edit *le, const char *line);

#endif
