/* Measuring the TSC and the local APIC timer against the PIT
 * (arch/x86_64/irq/clock.c; kernel/timer.h is the interface to the rest). */
#ifndef ANVIL_ARCH_CLOCK_H
#define ANVIL_ARCH_CLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include "arch/x86_64/irq/pit.h"

/* 10 ms, as Linux's pit_calibrate_tsc (CAL_MS): long enough for 0.1%
 * with a window of 10 us, short enough not to dominate the boot (the busy
 * wait is most of a boot's instructions; docs/syscalls-cost.md). */
#define CLOCK_MEASURE_MS	10
#define CLOCK_PIT_COUNT		(PIT_HZ * CLOCK_MEASURE_MS / 1000)	/* 11931: fits 16 bits */

struct clock_sample {
	uint64_t tsc;		/* TSC ticks in CLOCK_PIT_COUNT PIT clocks */
	uint64_t error;		/* how far off tsc may be, in TSC ticks */
	uint32_t lapic;		/* local APIC timer counts between its two reads */
	uint64_t lapic_tsc;	/* TSC ticks between those reads */
};

/* One measurement, interrupts off for its 10 ms; lapic: also the local
 * APIC timer (which it leaves running, masked). */
struct clock_sample clock_measure(bool lapic);

#endif
