/*
 * EGA/VGA text console.  Cells and attributes: IBM VGA Technical Reference,
 * "Alphanumeric modes"; the CRT controller's cursor registers: same manual,
 * "CRT Controller Registers" (indexes 0Ah, 0Bh, 0Eh, 0Fh).
 */
#include "drivers/vga_text.h"
#include "arch/x86_64/insn/io.h"
#include "kernel/container_of.h"

/* The CRT controller sits behind an index/data port pair: write a register
 * number to the index port, then read or write its value at the data port.
 * 0x3d4/0x3d5 is its address on a colour adapter (a monochrome one uses
 * 0x3b4/0x3b5; bit 0 of the Miscellaneous Output register picks). */
#define CRTC_INDEX		0x3d4
#define CRTC_DATA		0x3d5
#define CRTC_CURSOR_START	0x0a	/* bits 0-4 first scan line; bit 5 cursor off */
#define CRTC_CURSOR_END		0x0b	/* bits 0-4 last scan line */
#define CRTC_CURSOR_HIGH	0x0e	/* cursor cell index, bits 15-8 */
#define CRTC_CURSOR_LOW		0x0f	/* cursor cell index, bits 7-0 */

#define CURSOR_OFF_BIT		5
#define CURSOR_OFF		(1u << CURSOR_OFF_BIT)
#define CURSOR_SCANLINE_MASK	0x1f
/* An underline cursor: scan lines 14-15 of the 16-line character cell. */
#define CURSOR_FIRST_LINE	14
#define CURSOR_LAST_LINE	15

/* Code page 437 0x04 is a diamond: shown for bytes that are not printable
 * ASCII, like the framebuffer console's fallback glyph. */
#define NOT_PRINTABLE		0x04

static uint8_t crtc_read(uint8_t reg)
{
	outb(CRTC_INDEX, reg);
	return inb(CRTC_DATA);
}

static void crtc_write(uint8_t reg, uint8_t value)
{
	outb(CRTC_INDEX, reg);
	outb(CRTC_DATA, value);
}

/* Turn the cursor on as an underline; keep the registers' other bits
 * (skew and reserved bits). */
static void cursor_enable(void)
{
	uint8_t start = crtc_read(CRTC_CURSOR_START) & ~(CURSOR_OFF | CURSOR_SCANLINE_MASK);
	uint8_t end = crtc_read(CRTC_CURSOR_END) & ~CURSOR_SCANLINE_MASK;
	crtc_write(CRTC_CURSOR_START, start | CURSOR_FIRST_LINE);
	crtc_write(CRTC_CURSOR_END, end | CURSOR_LAST_LINE);
}

static void cursor_move(const struct vga_text *t)
{
	unsigned x = t->grid.x < t->grid.cols ? t->grid.x : t->grid.cols - 1;
	uint16_t pos = (uint16_t)(t->grid.y * t->grid.cols + x);
	crtc_write(CRTC_CURSOR_HIGH, pos >> 8);
	crtc_write(CRTC_CURSOR_LOW, pos & 0xff);
}

static uint16_t cell(const struct vga_text *t, char c)
{
	return (uint16_t)(t->attr << 8 | (uint8_t)c);
}

static void blank_row(struct vga_text *t, unsigned row)
{
	for (unsigned x = 0; x < t->grid.cols; x++)
		t->cells[row * t->grid.cols + x] = cell(t, ' ');
}

/* Move every row up by one and blank the bottom row. */
static void scroll(struct text_grid *g)
{
	struct vga_text *t = container_of(g, struct vga_text, grid);
	for (unsigned i = 0; i < (t->grid.rows - 1) * t->grid.cols; i++)
		t->cells[i] = t->cells[i + t->grid.cols];
	blank_row(t, t->grid.rows - 1);
}

static void draw(struct text_grid *g, unsigned col, unsigned row, char c)
{
	struct vga_text *t = container_of(g, struct vga_text, grid);
	unsigned char u = (unsigned char)c;
	t->cells[row * g->cols + col] = cell(t, u >= ' ' && u < 0x7f ? c : NOT_PRINTABLE);
}

void vga_text_write(struct vga_text *t, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		text_grid_put(&t->grid, s[i]);
	if (t->hw_cursor)
		cursor_move(t);
}

void vga_text_clear(struct vga_text *t)
{
	for (unsigned row = 0; row < t->grid.rows; row++)
		blank_row(t, row);
	t->grid.x = t->grid.y = 0;
	if (t->hw_cursor)
		cursor_move(t);
}

void vga_text_init(struct vga_text *t, volatile uint16_t *cells, unsigned cols, unsigned rows,
		   bool hw_cursor)
{
	t->cells = cells;
	t->grid = (struct text_grid){ .cols = cols, .rows = rows, .draw = draw, .scroll = scroll };
	t->attr = VGA_ATTR(VGA_LIGHT_GREY, VGA_BLACK);
	t->hw_cursor = hw_cursor;
	if (hw_cursor)
		cursor_enable();
	vga_text_clear(t);
}
