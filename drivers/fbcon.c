/*
 * Framebuffer text console.  The framebuffer is plain memory to the CPU:
 * pixel (x, y) is bytes_pp bytes at base + y * pitch + x * bytes_pp, and
 * the display hardware scans it out by itself.  The multiboot2 tag
 * (spec §3.6.12) says where each colour's bits sit in a pixel.
 *
 * Ordinary (non-volatile) stores are enough here: only what the memory
 * holds in the end matters, and memmove/memcpy can do the bulk work.
 */
#include "drivers/fbcon.h"
#include "kernel/container_of.h"
#include "kernel/string.h"

#define CURSOR_LINES	2	/* the cursor: the cell's bottom two pixel rows */

uint32_t fbcon_pack(const struct mb2_framebuffer *fb, uint8_t r, uint8_t g, uint8_t b)
{
	/* Keep each channel's top `size` bits and shift them into place. */
	return (uint32_t)(r >> (8 - fb->red_size)) << fb->red_pos |
	       (uint32_t)(g >> (8 - fb->green_size)) << fb->green_pos |
	       (uint32_t)(b >> (8 - fb->blue_size)) << fb->blue_pos;
}

static uint8_t *pixel_at(const struct fbcon *c, unsigned x, unsigned y)
{
	return c->base + (size_t)y * c->pitch + (size_t)x * c->bytes_pp;
}

/* Pixels are little-endian: the value's low byte comes first. */
static void put_pixel(uint8_t *p, unsigned bytes_pp, uint32_t value)
{
	for (unsigned i = 0; i < bytes_pp; i++)
		p[i] = (uint8_t)(value >> (8 * i));
}

static void xor_pixel(uint8_t *p, unsigned bytes_pp, uint32_t value)
{
	for (unsigned i = 0; i < bytes_pp; i++)
		p[i] ^= (uint8_t)(value >> (8 * i));
}

/* Fill a rectangle with colour: draw its first row, copy it to the rest. */
static void fill_rect(struct fbcon *c, unsigned x, unsigned y, unsigned w, unsigned h,
		      uint32_t colour)
{
	if (!w || !h)
		return;
	uint8_t *first = pixel_at(c, x, y);
	for (unsigned i = 0; i < w; i++)
		put_pixel(first + i * c->bytes_pp, c->bytes_pp, colour);
	for (unsigned row = 1; row < h; row++)
		memcpy(first + (size_t)row * c->pitch, first, (size_t)w * c->bytes_pp);
}

static void draw_glyph(struct fbcon *c, unsigned col, unsigned row, char ch)
{
	const struct font *f = c->font;
	const uint8_t *glyph = font_glyph(f, ch);
	for (unsigned gy = 0; gy < f->height; gy++) {
		uint8_t *p = pixel_at(c, col * f->width, row * f->height + gy);
		for (unsigned gx = 0; gx < f->width; gx++, p += c->bytes_pp)
			put_pixel(p, c->bytes_pp, font_pixel(f, glyph, gx, gy) ? c->fg : c->bg);
	}
}

/* The cursor is drawn by XOR with fg ^ bg, so drawing it twice removes it
 * and whatever is under it comes back. */
static void toggle_cursor(struct fbcon *c)
{
	const struct font *f = c->font;
	unsigned col = c->grid.x < c->grid.cols ? c->grid.x : c->grid.cols - 1;
	for (unsigned gy = f->height - CURSOR_LINES; gy < f->height; gy++) {
		uint8_t *p = pixel_at(c, col * f->width, c->grid.y * f->height + gy);
		for (unsigned gx = 0; gx < f->width; gx++, p += c->bytes_pp)
			xor_pixel(p, c->bytes_pp, c->fg ^ c->bg);
	}
	c->cursor_shown = !c->cursor_shown;
}

/* Move every text row up by one (one memmove of all pixel rows but the
 * first text row's) and blank the bottom text row. */
static void scroll(struct text_grid *g)
{
	struct fbcon *c = container_of(g, struct fbcon, grid);
	size_t row_bytes = (size_t)c->pitch * c->font->height;
	memmove(c->base, c->base + row_bytes, row_bytes * (c->grid.rows - 1));
	fill_rect(c, 0, (c->grid.rows - 1) * c->font->height, c->grid.cols * c->font->width,
		  c->font->height, c->bg);
}

static void draw(struct text_grid *g, unsigned col, unsigned row, char c)
{
	draw_glyph(container_of(g, struct fbcon, grid), col, row, c);
}

void fbcon_write(struct fbcon *c, const char *s, size_t n)
{
	if (c->cursor_shown)
		toggle_cursor(c);
	for (size_t i = 0; i < n; i++)
		text_grid_put(&c->grid, s[i]);
	toggle_cursor(c);
}

void fbcon_clear(struct fbcon *c)
{
	fill_rect(c, 0, 0, c->width, c->height, c->bg);
	c->grid.x = c->grid.y = 0;
	c->cursor_shown = false;
	toggle_cursor(c);
}

static bool channel_ok(uint8_t pos, uint8_t size, uint8_t bpp)
{
	return size >= 1 && size <= 8 && pos + size <= bpp;
}

const char *fbcon_init(struct fbcon *c, void *base, const struct mb2_framebuffer *fb,
		       const struct font *font)
{
	if (fb->bpp != 16 && fb->bpp != 24 && fb->bpp != 32)
		return "bits per pixel not 16, 24 or 32";
	if (!channel_ok(fb->red_pos, fb->red_size, fb->bpp) ||
	    !channel_ok(fb->green_pos, fb->green_size, fb->bpp) ||
	    !channel_ok(fb->blue_pos, fb->blue_size, fb->bpp))
		return "a colour's bit position or size does not fit in a pixel";
	if (fb->width < font->width || fb->height < font->height)
		return "smaller than one character";
	if (fb->pitch < fb->width * (fb->bpp / 8))
		return "pitch shorter than a row of pixels";

	c->base = base;
	c->pitch = fb->pitch;
	c->width = fb->width;
	c->height = fb->height;
	c->bytes_pp = fb->bpp / 8;
	/* Light grey on black, the colours of the VGA text console. */
	c->fg = fbcon_pack(fb, 0xaa, 0xaa, 0xaa);
	c->bg = fbcon_pack(fb, 0, 0, 0);
	c->font = font;
	c->grid = (struct text_grid){
		.cols = fb->width / font->width, .rows = fb->height / font->height,
		.draw = draw, .scroll = scroll,
	};
	fbcon_clear(c);
	return NULL;
}
