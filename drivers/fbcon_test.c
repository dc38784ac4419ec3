/* The framebuffer console and its font, drawn into a small buffer in RAM. */
#include "drivers/fbcon.h"
#include "drivers/font.h"
#include "kernel/ktest.h"
#include "kernel/string.h"

#define COLS	3
#define ROWS	2
#define MAX_BPP	4
/* A pitch a few bytes longer than a row of pixels, as real hardware has. */
#define PAD	12

static uint8_t pixels[ROWS * 16 * (COLS * 8 * MAX_BPP + PAD)];

/* A framebuffer tag for COLS x ROWS characters of the console font. */
static struct mb2_framebuffer test_fb(uint8_t bpp)
{
	struct mb2_framebuffer fb = {
		.present = true, .type = MB2_FB_RGB, .bpp = bpp,
		.width = COLS * console_font.width, .height = ROWS * console_font.height,
		.red_pos = 16, .red_size = 8, .green_pos = 8, .green_size = 8,
		.blue_pos = 0, .blue_size = 8,
	};
	fb.pitch = fb.width * bpp / 8 + PAD;
	return fb;
}

static uint32_t read_pixel(const struct fbcon *c, unsigned x, unsigned y)
{
	const uint8_t *p = c->base + y * c->pitch + x * c->bytes_pp;
	uint32_t v = 0;
	for (unsigned i = 0; i < c->bytes_pp; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

/* Number of pixels in cell (col, row) that differ from glyph ch drawn fg on bg. */
static unsigned cell_mismatches(const struct fbcon *c, unsigned col, unsigned row, char ch)
{
	const struct font *f = c->font;
	const uint8_t *glyph = font_glyph(f, ch);
	unsigned bad = 0;
	for (unsigned y = 0; y < f->height; y++)
		for (unsigned x = 0; x < f->width; x++) {
			uint32_t want = font_pixel(f, glyph, x, y) ? c->fg : c->bg;
			bad += read_pixel(c, col * f->width + x, row * f->height + y) != want;
		}
	return bad;
}

static unsigned lit_pixels(const struct font *f, char ch)
{
	unsigned n = 0;
	for (unsigned y = 0; y < f->height; y++)
		for (unsigned x = 0; x < f->width; x++)
			n += font_pixel(f, font_glyph(f, ch), x, y);
	return n;
}

KTEST(font, glyph_lookup)
{
	const struct font *f = &console_font;
	const uint8_t *fallback = f->glyphs + FONT_FALLBACK * f->row_bytes * f->height;
	KEXPECT_EQ(f->row_bytes, (f->width + 7) / 8);
	KEXPECT_TRUE(font_glyph(f, 'A') == f->glyphs + ('A' - FONT_FIRST) * f->row_bytes * f->height);
	KEXPECT_TRUE(font_glyph(f, '\x01') == fallback);
	KEXPECT_TRUE(font_glyph(f, '\x7f') == fallback);
	KEXPECT_TRUE(font_glyph(f, (char)0xc3) == fallback);
	KEXPECT_EQ(lit_pixels(f, ' '), 0);
	KEXPECT_GT(lit_pixels(f, 'A'), 10);
	KEXPECT_GT(lit_pixels(f, '\x01'), 0);	/* the fallback is visible */
	KEXPECT_NE(memcmp(font_glyph(f, 'O'), font_glyph(f, '0'), f->row_bytes * f->height), 0);
}

KTEST(fbcon, pack_honours_colour_positions)
{
	struct mb2_framebuffer fb = test_fb(24);
	KEXPECT_EQ(fbcon_pack(&fb, 0x12, 0x34, 0x56), 0x123456);
	fb.red_pos = 0;		/* a BGR framebuffer */
	fb.blue_pos = 16;
	KEXPECT_EQ(fbcon_pack(&fb, 0x12, 0x34, 0x56), 0x563412);
	struct mb2_framebuffer rgb565 = {
		.bpp = 16, .red_pos = 11, .red_size = 5, .green_pos = 5, .green_size = 6,
		.blue_pos = 0, .blue_size = 5,
	};
	KEXPECT_EQ(fbcon_pack(&rgb565, 0xff, 0, 0), 0xf800);
	KEXPECT_EQ(fbcon_pack(&rgb565, 0, 0xff, 0), 0x07e0);
	KEXPECT_EQ(fbcon_pack(&rgb565, 0xff, 0xff, 0xff), 0xffff);
}

KTEST(fbcon, draws_glyphs_at_24_and_32_bpp)
{
	static const uint8_t bpps[] = { 24, 32 };
	for (unsigned i = 0; i < sizeof(bpps); i++) {
		struct mb2_framebuffer fb = test_fb(bpps[i]);
		struct fbcon c;
		memset(pixels, 0x5a, sizeof(pixels));
		KASSERT_TRUE(fbcon_init(&c, pixels, &fb, &console_font) == NULL);
		KEXPECT_EQ(c.grid.cols, COLS);
		KEXPECT_EQ(c.grid.rows, ROWS);
		KEXPECT_EQ(c.fg, 0xaaaaaa);
		fbcon_write(&c, "Az", 2);
		KEXPECT_EQ(cell_mismatches(&c, 0, 0, 'A'), 0);
		KEXPECT_EQ(cell_mismatches(&c, 1, 0, 'z'), 0);
		KEXPECT_EQ(cell_mismatches(&c, 0, 1, ' '), 0);	/* cleared */
		/* The cursor: the bottom pixel row of the next cell is lit. */
		KEXPECT_EQ(read_pixel(&c, 2 * console_font.width, console_font.height - 1), c.fg);
		/* The padding at the end of each pixel row is not touched. */
		KEXPECT_EQ(pixels[fb.width * fb.bpp / 8], 0x5a);
	}
}

KTEST(fbcon, scrolls_and_moves_the_cursor)
{
	struct mb2_framebuffer fb = test_fb(32);
	struct fbcon c;
	KASSERT_TRUE(fbcon_init(&c, pixels, &fb, &console_font) == NULL);
	fbcon_write(&c, "ab\ncd\nef", 8);
	KEXPECT_EQ(cell_mismatches(&c, 0, 0, 'c'), 0);
	KEXPECT_EQ(cell_mismatches(&c, 1, 0, 'd'), 0);
	KEXPECT_EQ(cell_mismatches(&c, 0, 1, 'e'), 0);
	KEXPECT_EQ(cell_mismatches(&c, 1, 1, 'f'), 0);
	/* The old cursor position (after "cd") was cleaned up by the scroll
	 * and the write; only cell (2, 1) carries the cursor now. */
	KEXPECT_EQ(cell_mismatches(&c, 2, 0, ' '), 0);
	KEXPECT_GT(cell_mismatches(&c, 2, 1, ' '), 0);
	fbcon_write(&c, "\b\b", 2);	/* the cursor moves back over 'e' */
	KEXPECT_EQ(cell_mismatches(&c, 2, 1, ' '), 0);
	KEXPECT_GT(cell_mismatches(&c, 0, 1, 'e'), 0);
	fbcon_clear(&c);
	KEXPECT_EQ(cell_mismatches(&c, 1, 1, ' '), 0);
	KEXPECT_EQ(c.grid.x, 0);
	KEXPECT_EQ(c.grid.y, 0);
}

KTEST(fbcon, rejects_formats_it_cannot_draw)
{
	struct fbcon c;
	struct mb2_framebuffer fb = test_fb(8);
	KEXPECT_TRUE(fbcon_init(&c, pixels, &fb, &console_font) != NULL);
	fb = test_fb(24);
	fb.red_pos = 20;	/* 20 + 8 bits do not fit in 24 */
	KEXPECT_TRUE(fbcon_init(&c, pixels, &fb, &console_font) != NULL);
	fb = test_fb(32);
	fb.pitch = fb.width;	/* a quarter of a pixel row */
	KEXPECT_TRUE(fbcon_init(&c, pixels, &fb, &console_font) != NULL);
}
