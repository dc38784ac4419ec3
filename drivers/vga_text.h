/*
 * The EGA/VGA text screen: a grid of 16-bit cells in memory (0xb8000 on a
 * colour adapter), each an ASCII/code page 437 character in the low byte
 * and its colours in the high byte.  The adapter draws the characters with
 * its own font; we only store them.  See docs/console.md.
 */
#ifndef ANVIL_DRIVERS_VGA_TEXT_H
#define ANVIL_DRIVERS_VGA_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "drivers/text_grid.h"

/* Attribute byte: bits 0-3 foreground colour, 4-6 background, 7 blink
 * (or bright background).  Colour numbers are the CGA palette. */
#define VGA_BLACK		0
#define VGA_LIGHT_GREY		7
#define VGA_ATTR(fg, bg)	((uint8_t)((bg) << 4 | (fg)))

struct vga_text {
	/* Video memory is written with volatile stores, one per cell, so each
	 * character reaches the screen the moment it is written. */
	volatile uint16_t *cells;	/* rows * cols, row after row */
	struct text_grid grid;		/* size and where the next character goes */
	uint8_t attr;
	bool hw_cursor;			/* move the adapter's cursor (false for a test buffer) */
};

/* Take over a text screen (or a buffer standing in for one): clear it and
 * put the cursor top left. */
void vga_text_init(struct vga_text *t, volatile uint16_t *cells, unsigned cols, unsigned rows,
		   bool hw_cursor);
/* Write text: printable ASCII, '\n', '\r', '\b' (one left, not erasing),
 * '\t' (to the next multiple of 8); scrolls at the bottom. */
void vga_text_write(struct vga_text *t, const char *s, size_t n);
void vga_text_clear(struct vga_text *t);

#endif
