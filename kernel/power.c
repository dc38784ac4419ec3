#include "kernel/power.h"
#include "kernel/printf.h"

void kernel_exit(int status, const char *reason)
{
	/* The host-side wrapper reads this line: a status above 127 does not
	 * survive QEMU's (status << 1) | 1 exit code encoding. */
	kprintf("anvil: exit status %d (%s)\n", status, reason);
	arch_emulator_exit((uint8_t)status);
	kprintf("anvil: no emulator exit device; halting\n");
	arch_halt();
}
