/*
 * A text console on a linear RGB framebuffer (what GRUB hands over under
 * UEFI): every character is drawn pixel by pixel from a bitmap font.
 * See docs/console.md.
 */
#ifndef ANVIL_DRIVERS_FBCON_H
#define ANVIL_DRIVERS_FBCON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "drivers/font.h"
#include "drivers/text_grid.h"
#include "kernel/multiboot2.h"

struct fbcon {
	uint8_t *base;			/* pixel (0, 0) */
	uint32_t pitch;			/* bytes from one pixel row to the next */
	uint32_t width, height;		/* pixels */
	unsigned bytes_pp;		/* bytes per pixel: 2, 3 or 4 */
	uint32_t fg, bg;		/* colours as pixel values */
	const struct font *font;
	struct text_grid grid;		/* size in characters, next character cell */
	bool cursor_shown;
};

/* The pixel value for an 8-bit-per-channel colour in fb's pixel format. */
uint32_t fbcon_pack(const struct mb2_framebuffer *fb, uint8_t r, uint8_t g, uint8_t b);

/* Take over the framebuffer fb describes, mapped at base: clear it and
 * put the cursor top left.  Returns NULL, or why the format cannot be
 * drawn on (then nothing was touched). */
const char *fbcon_init(struct fbcon *c, void *base, const struct mb2_framebuffer *fb,
		       const struct font *font);
/* Same rules as the text console: printable ASCII (others as the font's
 * fallback glyph), '\n', '\r', '\b', '\t'; scrolls at the bottom. */
void fbcon_write(struct fbcon *c, const char *s, size_t n);
void fbcon_clear(struct fbcon *c);

#endif
