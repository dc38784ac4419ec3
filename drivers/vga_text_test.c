/* The EGA text console's layout rules, run against a small buffer in RAM
 * (no hardware cursor) instead of the screen. */
#include "drivers/vga_text.h"
#include "kernel/ktest.h"
#include "kernel/string.h"

#define COLS 4
#define ROWS 3

static uint16_t cells[COLS * ROWS];

/* Row `row` of the buffer as text, trailing blanks kept. */
static const char *row_text(unsigned row)
{
	static char text[COLS + 1];
	for (unsigned x = 0; x < COLS; x++)
		text[x] = (char)(cells[row * COLS + x] & 0xff);
	text[COLS] = '\0';
	return text;
}

static void write_str(struct vga_text *t, const char *s)
{
	vga_text_write(t, s, strlen(s));
}

KTEST(vga_text, cells_hold_char_and_attribute)
{
	struct vga_text t;
	vga_text_init(&t, cells, COLS, ROWS, false);
	write_str(&t, "ab\ncd");
	KEXPECT_EQ(cells[0], 0x0700 | 'a');	/* light grey on black */
	KEXPECT_STREQ(row_text(0), "ab  ");
	KEXPECT_STREQ(row_text(1), "cd  ");
	KEXPECT_STREQ(row_text(2), "    ");
	KEXPECT_EQ(t.grid.x, 2);
	KEXPECT_EQ(t.grid.y, 1);
}

KTEST(vga_text, bell_draws_nothing)
{
	struct vga_text t;
	vga_text_init(&t, cells, COLS, ROWS, false);
	write_str(&t, "a\ab");
	KEXPECT_STREQ(row_text(0), "ab  ");
	KEXPECT_EQ(t.grid.x, 2);
}

KTEST(vga_text, scrolls_at_the_bottom)
{
	struct vga_text t;
	vga_text_init(&t, cells, COLS, ROWS, false);
	write_str(&t, "1\n2\n3\n4\n5");
	KEXPECT_STREQ(row_text(0), "3   ");
	KEXPECT_STREQ(row_text(1), "4   ");
	KEXPECT_STREQ(row_text(2), "5   ");
	KEXPECT_EQ(t.grid.y, ROWS - 1);
}

KTEST(vga_text, full_line_then_newline_leaves_no_blank_line)
{
	struct vga_text t;
	vga_text_init(&t, cells, COLS, ROWS, false);
	write_str(&t, "abcd\nef");
	KEXPECT_STREQ(row_text(0), "abcd");
	KEXPECT_STREQ(row_text(1), "ef  ");
	write_str(&t, "ghijk");	/* wraps onto the next row */
	KEXPECT_STREQ(row_text(1), "efgh");
	KEXPECT_STREQ(row_text(2), "ijk ");
}

KTEST(vga_text, backspace_tab_and_unprintable)
{
	struct vga_text t;
	vga_text_init(&t, cells, COLS, ROWS, false);
	write_str(&t, "ab\bc\r\x01");
	KEXPECT_STREQ(row_text(0), "\x04" "c  ");
	write_str(&t, "\n\tx");	/* a tab stop every 8 columns: past the end of a 4-column row */
	KEXPECT_STREQ(row_text(1), "    ");
	KEXPECT_STREQ(row_text(2), "x   ");
}

KTEST(vga_text, clear_blanks_and_homes)
{
	struct vga_text t;
	vga_text_init(&t, cells, COLS, ROWS, false);
	write_str(&t, "abc\ndef");
	vga_text_clear(&t);
	for (unsigned row = 0; row < ROWS; row++)
		KEXPECT_STREQ(row_text(row), "    ");
	KEXPECT_EQ(t.grid.x, 0);
	KEXPECT_EQ(t.grid.y, 0);
}
