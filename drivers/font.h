/*
 * The bitmap font the framebuffer console draws with.  Its data is made at
 * build time by tools/mkfont.py from a PSF console font that Debian's
 * console-setup-linux ships (build/gen/font.c; see docs/console.md).
 *
 * A glyph is `height` rows of `row_bytes` bytes, top row first; in each row
 * the most significant bit of the first byte is the leftmost pixel.  The
 * glyphs for ASCII FONT_FIRST..FONT_LAST come first, in order, then one
 * fallback glyph for every other character.
 */
#ifndef ANVIL_DRIVERS_FONT_H
#define ANVIL_DRIVERS_FONT_H

#include <stdbool.h>
#include <stdint.h>

#define FONT_FIRST	32	/* ' ' */
#define FONT_LAST	126	/* '~' */
#define FONT_FALLBACK	(FONT_LAST - FONT_FIRST + 1)	/* glyph index */

struct font {
	uint8_t width, height;	/* pixels */
	uint8_t row_bytes;	/* bytes per glyph row: (width + 7) / 8 */
	const uint8_t *glyphs;
};

extern const struct font console_font;

/* The glyph that draws c (the fallback glyph for anything not printable ASCII). */
static inline const uint8_t *font_glyph(const struct font *f, char c)
{
	unsigned char u = (unsigned char)c;
	unsigned index = (u >= FONT_FIRST && u <= FONT_LAST) ? u - FONT_FIRST : FONT_FALLBACK;
	return f->glyphs + index * f->row_bytes * f->height;
}

/* Is pixel (x, y) of a glyph set? */
static inline bool font_pixel(const struct font *f, const uint8_t *glyph, unsigned x, unsigned y)
{
	return glyph[y * f->row_bytes + x / 8] & (0x80 >> (x % 8));
}

#endif
