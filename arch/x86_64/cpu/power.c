/*
 * Ending a run: QEMU's isa-debug-exit device, a last-resort halt, and
 * resetting the machine.
 */
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/insn/desc.h"
#include "arch/x86_64/insn/io.h"
#include "arch/x86_64/insn/trap_insn.h"
#include "kernel/power.h"

/* QEMU is started with -device isa-debug-exit,iobase=0xf4,iosize=0x04:
 * a write of V to that port makes QEMU exit with status (V << 1) | 1. */
#define QEMU_DEBUG_EXIT_PORT 0xf4

/* The 8042 keyboard controller (IBM PC/AT Technical Reference, "Keyboard
 * Controller"): its status and command port, and the command that pulses
 * output-port bit 0, which is wired to the CPU's reset line. */
#define I8042_STATUS_PORT	0x64	/* read: status */
#define I8042_COMMAND_PORT	0x64	/* write: a controller command */
#define I8042_STATUS_IBF	0x02	/* input buffer full: not ready for a command */
#define I8042_CMD_PULSE_RESET	0xfe
#define I8042_WAIT_SPINS	100000

void arch_emulator_exit(uint8_t status)
{
	outb(QEMU_DEBUG_EXIT_PORT, status);
}

void arch_halt(void)
{
	halt_forever();
}

void arch_reboot(void)
{
	cli();
	/* The controller takes a command only when its input buffer is
	 * empty; give up waiting after a while (there may be no 8042). */
	for (int i = 0; i < I8042_WAIT_SPINS && (inb(I8042_STATUS_PORT) & I8042_STATUS_IBF); i++)
		pause();
	outb(I8042_COMMAND_PORT, I8042_CMD_PULSE_RESET);
	for (int i = 0; i < I8042_WAIT_SPINS; i++)
		io_wait();	/* about 100 ms for the reset to happen */

	/* Last resort, a triple fault: with an empty IDT the breakpoint
	 * cannot be delivered (#GP), nor can that #GP (#DF), nor the double
	 * fault, so the CPU shuts down, and the chipset resets it (Intel SDM
	 * Vol. 3A §6.15, "Interrupt 8—Double Fault Exception"). */
	static const struct desc_ptr no_idt = { .limit = 0, .base = 0 };
	lidt(&no_idt);
	int3();
	halt_forever();
}
