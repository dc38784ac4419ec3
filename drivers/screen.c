/*
 * Pick the screen console from the multiboot2 framebuffer tag: under BIOS
 * GRUB leaves the EGA text screen (type 2), under UEFI a linear RGB
 * framebuffer (type 1).  Indexed colour (type 0) is not supported.
 */
#include "drivers/screen.h"
#include "drivers/fbcon.h"
#include "drivers/font.h"
#include "drivers/vga_text.h"
#include "kernel/addr.h"
#include "kernel/console.h"
#include "kernel/printf.h"
#include "kernel/tty/tty.h"

static struct vga_text text_screen;
static struct fbcon fb_screen;

static void text_write(const char *s, size_t n)
{
	vga_text_write(&text_screen, s, n);
}

static void text_clear(void)
{
	vga_text_clear(&text_screen);
}

static void fb_write(const char *s, size_t n)
{
	fbcon_write(&fb_screen, s, n);
}

static void fb_clear(void)
{
	fbcon_clear(&fb_screen);
}

static struct console text_console = {
	.name = "vga-text",
	.write = text_write,
	.clear = text_clear,
};

static struct console fb_console = {
	.name = "fbcon",
	.write = fb_write,
	.clear = fb_clear,
};

/* The screen memory must lie in the direct map; the boot page tables map
 * the first ANVIL_BOOT_MAP_GIB GiB of physical addresses there. */
static bool reachable(uint64_t phys, uint64_t size)
{
	uint64_t limit = (uint64_t)ANVIL_BOOT_MAP_GIB << 30;
	return phys < limit && size <= limit - phys;
}

static void init_text(const struct mb2_framebuffer *fb)
{
	/* Each cell is 2 bytes; rows follow each other without a gap. */
	if (fb->bpp != 16 || fb->pitch != fb->width * 2 || !fb->width || !fb->height) {
		kprintf("screen: EGA text %ux%u with pitch %u, %u bpp: unexpected layout; "
			"serial only\n", fb->width, fb->height, fb->pitch, fb->bpp);
		return;
	}
	vga_text_init(&text_screen, phys_to_virt(fb->addr), fb->width, fb->height, true);
	console_register(&text_console);
	tty_set_screen_size(fb->width, fb->height);	/* TIOCGWINSZ */
	kprintf("screen: EGA text console, %ux%u characters at %lx\n", fb->width, fb->height,
		(unsigned long)fb->addr);
}

static void init_rgb(const struct mb2_framebuffer *fb)
{
	const char *why = fbcon_init(&fb_screen, phys_to_virt(fb->addr), fb, &console_font);
	if (why) {
		kprintf("screen: RGB framebuffer %ux%u, %u bpp: %s; serial only\n", fb->width,
			fb->height, fb->bpp, why);
		return;
	}
	console_register(&fb_console);
	tty_set_screen_size(fb_screen.grid.cols, fb_screen.grid.rows);
	kprintf("screen: framebuffer console, %ux%u characters (%ux%u px, %u bpp, "
		"red/green/blue at bit %u/%u/%u)\n", fb_screen.grid.cols, fb_screen.grid.rows,
		fb->width, fb->height, fb->bpp, fb->red_pos, fb->green_pos, fb->blue_pos);
}

void screen_console_init(const struct mb2_framebuffer *fb)
{
	if (!fb->present) {
		kprintf("screen: no framebuffer tag from the boot loader; serial only\n");
		return;
	}
	if (!reachable(fb->addr, (uint64_t)fb->pitch * fb->height)) {
		kprintf("screen: framebuffer at %lx is outside the mapped %d GiB; serial only\n",
			(unsigned long)fb->addr, ANVIL_BOOT_MAP_GIB);
		return;
	}
	switch (fb->type) {
	case MB2_FB_EGA_TEXT:
		init_text(fb);
		break;
	case MB2_FB_RGB:
		init_rgb(fb);
		break;
	default:
		kprintf("screen: indexed-colour framebuffer not supported; serial only\n");
		break;
	}
}
