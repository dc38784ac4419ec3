/* Measuring the TSC and the local APIC timer against the PIT
 * (arch/x86_64/irq/clock.c at boot, clock_refine.c after it;
 * kernel/timer.h is the interface to the rest). */
#ifndef ANVIL_ARCH_CLOCK_H
#define ANVIL_ARCH_CLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include "arch/x86_64/irq/pit.h"

/* Boot measures in windows of 2 ms: five of them cost the 10 ms one window
 * used to (the busy wait is most of a boot's instructions;
 * docs/syscalls-cost.md), and five can outvote a bad one. */
#define CLOCK_WINDOW_COUNT	(PIT_HZ / 500)		/* 2386 PIT clocks: 2 ms */
/* The longest window channel 2 can time: 54.9 ms. */
#define CLOCK_WINDOW_COUNT_MAX	0xffffu

struct clock_sample {
	uint64_t tsc;		/* TSC ticks in the window */
	uint64_t error;		/* how far off tsc may be, in TSC ticks */
	uint32_t lapic;		/* local APIC timer counts between its two reads */
	uint64_t lapic_tsc;	/* TSC ticks between those reads */
};

/* One window of pit_count PIT clocks on channel 2, interrupts off for its
 * length; lapic: also the local APIC timer (which it leaves running,
 * masked).  Not while clock_refining(): both use channel 2. */
struct clock_sample clock_measure(bool lapic, uint16_t pit_count);

/* Counts in pit_count PIT clocks -> counts per second. */
static inline uint64_t clock_per_second(uint64_t count, uint64_t pit_count)
{
	return count * PIT_HZ / pit_count;
}

/* The refinement (clock_refine.c): started at boot with interrupts off,
 * driven by the tick, done about a second later. */
void clock_refine_start(void);
bool clock_refining(void);
/* Times it started again because the tick was held up too long. */
unsigned clock_refine_restarts(void);
/* The rate boot measured, and its uncertainty (ppm), kept for comparison. */
uint64_t clock_boot_rate(void);
uint32_t clock_boot_ppm(void);

#endif
