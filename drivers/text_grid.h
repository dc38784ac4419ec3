/*
 * The character-cell logic both screen consoles share (the EGA text
 * console and the framebuffer console): where the next character goes, and
 * what newline, carriage return, backspace and tab do.  A console embeds a
 * struct text_grid and supplies two operations on its own medium: draw one
 * character in a cell, and move every row up by one, blanking the last.
 */
#ifndef ANVIL_DRIVERS_TEXT_GRID_H
#define ANVIL_DRIVERS_TEXT_GRID_H

struct text_grid {
	unsigned cols, rows;
	unsigned x, y;		/* where the next character goes; x == cols: wrap pending */
	void (*draw)(struct text_grid *g, unsigned col, unsigned row, char c);
	void (*scroll)(struct text_grid *g);
};

/* Put one character (printable or a control character) on the grid. */
void text_grid_put(struct text_grid *g, char c);

#endif
