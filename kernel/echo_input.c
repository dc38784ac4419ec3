#include "kernel/echo_input.h"
#include "kernel/console_input.h"
#include "kernel/power.h"
#include "kernel/printf.h"

#define CTRL_D	0x04

void echo_input_run(void)
{
	kprintf("echo_input: type; Ctrl-D ends the run\n");
	for (;;) {
		int c = console_getc_wait();
		if (c >= 0x20 && c < 0x7f)
			kprintf("input: 0x%02x '%c'\n", c, c);
		else
			kprintf("input: 0x%02x\n", c);
		if (c == CTRL_D)
			kernel_exit(0, "echo_input: end of input");
	}
}
