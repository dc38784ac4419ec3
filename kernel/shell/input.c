/*
 * The shell's input, until the console input queue exists: poll COM1.
 * (Only the serial line works this way; the keyboard needs interrupts.)
 */
#include "kernel/shell/input.h"
#include "arch/x86_64/cpu.h"
#include "drivers/serial.h"

int shell_getc(void)
{
	int c;
	while ((c = serial_read_byte()) < 0)
		pause();
	return c;
}
