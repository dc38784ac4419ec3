/*
 * The 8042 "keyboard controller" (IBM PC/AT Technical Reference; the
 * OSDev wiki's "8042 PS/2 Controller" page collects the details):
 * port 0x60 carries data both ways, port 0x64 reads status and takes
 * commands.  Each key event makes the controller raise IRQ 1 with one
 * byte waiting in port 0x60.
 */
#include "drivers/ps2kbd.h"
#include "arch/x86_64/insn/io.h"
#include "drivers/kbd_scancode.h"
#include "kernel/console_input.h"
#include "kernel/irq.h"
#include "kernel/printf.h"

#define I8042_DATA	0x60
#define I8042_STATUS	0x64	/* read */
#define I8042_CMD	0x64	/* write */

#define STATUS_OBF_BIT	0	/* output buffer full: a byte for us in 0x60 */
#define STATUS_OBF	(1u << STATUS_OBF_BIT)
#define STATUS_IBF_BIT	1	/* input buffer full: controller busy, don't write */
#define STATUS_IBF	(1u << STATUS_IBF_BIT)
#define STATUS_AUX_BIT	5	/* the byte is from the mouse port */
#define STATUS_AUX	(1u << STATUS_AUX_BIT)

#define CMD_READ_CONFIG		0x20
#define CMD_WRITE_CONFIG	0x60
#define CONFIG_KBD_IRQ_BIT	0	/* raise IRQ 1 for keyboard bytes */
#define CONFIG_KBD_IRQ		(1u << CONFIG_KBD_IRQ_BIT)
#define CONFIG_KBD_DISABLE_BIT	4	/* keyboard clock off */
#define CONFIG_KBD_DISABLE	(1u << CONFIG_KBD_DISABLE_BIT)
#define CONFIG_TRANSLATE_BIT	6	/* translate the keyboard's set 2 to set 1 */
#define CONFIG_TRANSLATE	(1u << CONFIG_TRANSLATE_BIT)
#define KBD_ENABLE_SCANNING	0xf4	/* keyboard command; answered with ACK 0xfa */

#define SPINS		100000

static struct kbd_state state;

static bool wait_writable(void)
{
	for (int i = 0; i < SPINS; i++)
		if (!(inb(I8042_STATUS) & STATUS_IBF))
			return true;
	return false;
}

static int read_byte(void)
{
	for (int i = 0; i < SPINS; i++)
		if (inb(I8042_STATUS) & STATUS_OBF)
			return inb(I8042_DATA);
	return -1;
}

static void kbd_irq(unsigned irq)
{
	(void)irq;
	uint8_t status = inb(I8042_STATUS);
	if (!(status & STATUS_OBF) || (status & STATUS_AUX))
		return;
	char out[KBD_MAX_SEQ];
	int n = kbd_decode(&state, inb(I8042_DATA), out);
	if (n)
		console_input_put(out, (size_t)n);
}

/* Read and drop whatever the controller holds. */
static void flush(void)
{
	while (inb(I8042_STATUS) & STATUS_OBF)
		inb(I8042_DATA);
}

void ps2kbd_init(void)
{
	flush();
	if (!wait_writable())
		goto absent;
	outb(I8042_CMD, CMD_READ_CONFIG);
	int config = read_byte();
	if (config < 0)
		goto absent;
	config = (config | CONFIG_KBD_IRQ | CONFIG_TRANSLATE) & ~CONFIG_KBD_DISABLE;
	if (!wait_writable())
		goto absent;
	outb(I8042_CMD, CMD_WRITE_CONFIG);
	if (!wait_writable())
		goto absent;
	outb(I8042_DATA, (uint8_t)config);
	/* Scanning is on after reset, but firmware may have stopped it.
	 * Wait for the keyboard's ACK here rather than in the handler. */
	if (wait_writable()) {
		outb(I8042_DATA, KBD_ENABLE_SCANNING);
		read_byte();
	}

	/*
	 * IRQ 1 stays asserted while a byte waits unread.  The IOAPIC pin is
	 * edge-triggered and ignores an edge while masked, so a byte that
	 * arrived before irq_enable would hold the line high with no edge
	 * ever to come: flush after enabling (a delivery already pending
	 * then finds nothing to read, which the handler allows).
	 */
	irq_register(PS2KBD_IRQ, "keyboard", kbd_irq);
	irq_enable(PS2KBD_IRQ);
	flush();
	kprintf("ps2kbd: keyboard on IRQ %u\n", PS2KBD_IRQ);
	return;
absent:
	kprintf("ps2kbd: no 8042 controller answers; no keyboard\n");
}
