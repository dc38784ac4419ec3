/* The PS/2 keyboard behind the 8042 controller, on IRQ 1. */
#ifndef ANVIL_DRIVERS_PS2KBD_H
#define ANVIL_DRIVERS_PS2KBD_H

#define PS2KBD_IRQ	1

/* Turn on the controller's keyboard interrupt and scan-code translation
 * (so the bytes are set 1), and feed every key to the console input. */
void ps2kbd_init(void);

#endif
