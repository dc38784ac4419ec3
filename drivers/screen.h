/* The screen console: EGA text or a drawn-on framebuffer, whichever the
 * boot loader handed over (see docs/console.md). */
#ifndef ANVIL_DRIVERS_SCREEN_H
#define ANVIL_DRIVERS_SCREEN_H

#include "kernel/multiboot2.h"

/* Register a console on the screen fb describes; log what was chosen, or
 * why there is no screen console (no tag, unsupported format, unmapped). */
void screen_console_init(const struct mb2_framebuffer *fb);

#endif
