#include "drivers/text_grid.h"

#define TAB_WIDTH 8

static void newline(struct text_grid *g)
{
	g->x = 0;
	if (g->y + 1 < g->rows)
		g->y++;
	else
		g->scroll(g);
}

void text_grid_put(struct text_grid *g, char c)
{
	switch (c) {
	case '\n':
		newline(g);
		return;
	case '\r':
		g->x = 0;
		return;
	case '\b':
		if (g->x == g->cols)
			g->x--;
		if (g->x > 0)
			g->x--;
		return;
	case '\a':
		return;		/* the bell (the shell's "line full"): a screen has nothing to draw */
	case '\t':
		do
			text_grid_put(g, ' ');
		while (g->x % TAB_WIDTH && g->x < g->cols);
		return;
	}
	/* Wrap only when a character arrives after a full line, so a line of
	 * exactly `cols` characters and its '\n' do not leave a blank line. */
	if (g->x == g->cols)
		newline(g);
	g->draw(g, g->x, g->y, c);
	g->x++;
}
