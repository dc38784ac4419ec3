/*
 * Time since boot: a periodic tick at `hz` per second (kernel command line
 * hz=N, default 100) and the TSC for anything finer.  The arch code
 * measures the TSC's rate and starts the tick (arch/x86_64/irq/clock.c:
 * the local APIC timer, or the PIT without an APIC), then measures the
 * rate again over a longer time, from the tick (clock_refine.c).
 * docs/interrupts.md, "The timer, and how it is calibrated".
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
/* The TSC's rate, measured against the PIT, and how far off it may be
 * (parts per million).  Both improve once, about a second after boot. */
uint64_t tsc_hz(void);
uint32_t tsc_uncertainty_ppm(void);
/* Nanoseconds since timer_init, from the TSC (0 before it): the clock of
 * clock_gettime.  Never goes back, also when the rate is refined. */
uint64_t uptime_ns(void);
/* Nanoseconds since 1970 (CLOCK_REALTIME): the CMOS clock at boot plus
 * uptime_ns() (kernel/sys_time.c). */
int64_t realtime_ns(void);
/* Sleep until uptime_ns() has advanced at least ns (ms milliseconds),
 * halting between ticks.  Needs interrupts on. */
void sleep_ns(uint64_t ns);
void sleep_ms(uint64_t ms);

/* The clock's numbers (arch/x86_64/vdso/vvar.h): the vvar page, and its
 * frame (0 before timer_init), which exec maps into every process
 * (kernel/vdso.c). */
struct vvar *clock_vvar(void);
uint64_t clock_vvar_frame(void);
/* CLOCK_REALTIME is CLOCK_MONOTONIC plus at_boot_ns (kernel/sys_time.c
 * sets it from the CMOS clock). */
void timer_set_realtime(int64_t at_boot_ns);

/* Called by the arch tick interrupt. */
void timer_tick(void);
/* The arch side: the TSC's rate is rate, ±ppm parts per million.  Later
 * calls (interrupts off) rebase the clock so that it runs on smoothly. */
void timer_set_tsc_rate(uint64_t rate, uint32_t ppm);

/* The arch side: measure the TSC and call timer_set_tsc_rate, and start a
 * tick of hz per second that calls timer_tick(). */
void arch_timer_init(unsigned hz);
/* The arch side, from every tick (interrupts off): go on measuring the
 * TSC over a longer time; returns at once when that is done. */
void arch_timer_refine(void);

#endif
