/*
 * Time since boot: a periodic tick at `hz` per second (kernel command line
 * hz=N, default 100) and the TSC for anything finer.  The arch code
 * measures the TSC's rate and starts the tick (arch/x86_64/irq/clock.c:
 * the local APIC timer, or the PIT without an APIC).
 */
#ifndef ANVIL_KERNEL_TIMER_H
#define ANVIL_KERNEL_TIMER_H

#include <stdint.h>

#define TIMER_HZ_DEFAULT	100
#define TIMER_HZ_MIN		20	/* the PIT's 16-bit divisor cannot go below 18.2 Hz */
#define TIMER_HZ_MAX		1000

/* Read hz=, calibrate, start the tick, and become the log's clock.
 * Interrupts must be off (they are enabled later, in kmain). */
void timer_init(void);

/* Ticks since timer_init. */
uint64_t ticks(void);
unsigned timer_hz(void);
/* The TSC's rate, measured against the PIT. */
uint64_t tsc_hz(void);
/* Nanoseconds since timer_init, from the TSC (0 before it). */
uint64_t uptime_ns(void);
/* Sleep at least ms milliseconds, halting between ticks.  Needs
 * interrupts on. */
void sleep_ms(uint64_t ms);

/* Called by the arch tick interrupt. */
void timer_tick(void);

/* The arch side: measure the TSC, start a tick of hz per second that
 * calls timer_tick(), and return the TSC rate. */
uint64_t arch_timer_init(unsigned hz);

#endif
