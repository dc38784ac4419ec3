/*
 * The boot's cost, measured by the kernel itself with the time stamp
 * counter: from the kernel's first instruction (boot/entry.asm reads the
 * TSC there, still in 32-bit protected mode) to the first instruction of
 * the first program in ring 3.  Under QEMU's `-icount shift=0` one TSC
 * tick is one guest instruction, so the figure is an instruction count
 * that repeats exactly; tools/bench.py reads it (docs/syscalls-cost.md).
 */
#ifndef ANVIL_KERNEL_BOOT_COST_H
#define ANVIL_KERNEL_BOOT_COST_H

#include <stdint.h>

/* The TSC at _start32 (boot/entry.asm). */
extern uint64_t boot_tsc_start;

/* Called just before each drop to ring 3; the first time, logs
 * "boot: N TSC ticks from the first instruction to ring 3 (...)". */
void boot_cost_ring3(void);

#endif
