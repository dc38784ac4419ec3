/*
 * The 8254 programmable interval timer (Intel 82C54 data sheet, order no.
 * 231244): three 16-bit counters clocked at 1.193182 MHz, a frequency the
 * PC has kept since 1981, so it is the one clock whose rate the kernel
 * knows without measuring.  anvil uses it to measure the others (TSC,
 * local APIC timer) and, without an APIC, as the tick itself.
 *
 * Channel 0 drives IRQ 0.  Channel 2's gate and output are wired to
 * port 0x61 (the PC speaker's "port B") instead of an IRQ, so the kernel
 * can start it and watch it finish by polling, with interrupts off.
 */
#ifndef ANVIL_ARCH_PIT_H
#define ANVIL_ARCH_PIT_H

#include <stdbool.h>
#include <stdint.h>

#define PIT_HZ		1193182u	/* input clock of every channel */
#define PIT_IRQ		0		/* channel 0's ISA IRQ */

/* Channel 0 as a rate generator: IRQ 0 every PIT_HZ / hz input clocks. */
void pit_start_periodic(unsigned hz);

/* Channel 2 counting down `count` input clocks once, from now (mode 0,
 * output low until the count reaches zero). */
void pit_oneshot_start(uint16_t count);
/* Has channel 2's output gone high, i.e. has the count run out? */
bool pit_oneshot_done(void);

/* Channel 2 counting down for ever, wrapping every PIT_FREERUN_PERIOD
 * input clocks (mode 2, count 0 = 65536; 54.9 ms).  Between two reads
 * (count0 - count1) mod 2^16 clocks have passed, plus whole periods. */
#define PIT_FREERUN_PERIOD	65536u
void pit_freerun_start(void);
/* Freeze a copy of channel 2's count: the moment it describes is this
 * one write.  The channel keeps counting. */
void pit_freerun_latch(void);
/* The copy frozen by the last pit_freerun_latch. */
uint16_t pit_freerun_read_latched(void);

#endif
