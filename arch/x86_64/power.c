/*
 * Ending a run: QEMU's isa-debug-exit device and a last-resort halt.
 */
#include "arch/x86_64/io.h"
#include "arch/x86_64/cpu.h"
#include "kernel/power.h"

/* QEMU is started with -device isa-debug-exit,iobase=0xf4,iosize=0x04:
 * a write of V to that port makes QEMU exit with status (V << 1) | 1. */
#define QEMU_DEBUG_EXIT_PORT 0xf4

void arch_emulator_exit(uint8_t status)
{
	outb(QEMU_DEBUG_EXIT_PORT, status);
}

void arch_halt(void)
{
	halt_forever();
}
