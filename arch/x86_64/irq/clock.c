/*
 * Measuring the TSC and the local APIC timer against the PIT, then
 * starting the tick.
 *
 * Neither the TSC's rate nor the APIC timer's input clock is known in
 * advance (CPUID leaf 0x15 gives them on recent Intel CPUs only), but the
 * PIT always counts at 1.193182 MHz.  So: start PIT channel 2 counting a
 * fixed interval (its output, readable in port 0x61, rises at the end;
 * the polled method of Linux's pit_calibrate_tsc), and read the TSC and
 * the APIC timer at both ends.
 *
 * The ends are only known to lie between two TSC reads: the start between
 * the reads around the PIT's count write, the end between the last poll
 * that saw the output low and the read after the one that saw it high.
 * A delay there (an emulator's thread descheduled, an SMI) widens that
 * window and would be counted as interval, so each sample carries its
 * uncertainty, and the most certain of a few tries wins (like Linux's
 * quick_pit_calibrate, which bounds its error the same way).
 */
#include "arch/x86_64/irq/clock.h"
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/cpu/cpufeatures.h"
#include "arch/x86_64/irq/intc.h"
#include "arch/x86_64/irq/lapic.h"
#include "arch/x86_64/irq/pit.h"
#include "arch/x86_64/trap/trap.h"
#include "arch/x86_64/insn/tsc.h"
#include "kernel/irq.h"
#include "kernel/panic.h"
#include "kernel/printf.h"
#include "kernel/timer.h"

#define CALIBRATE_TRIES		10
/* Good enough to stop trying: the ends known to 0.1% of the interval. */
#define CALIBRATE_GOOD_PERMILLE	1
/* A poll loop this long means channel 2's output never rose. */
#define CALIBRATE_MAX_SPINS	100000000UL

struct clock_sample clock_measure(bool lapic)
{
	struct clock_sample s = { 0 };
	uint64_t flags = irq_save();

	if (lapic)
		lapic_timer_oneshot_masked(UINT32_MAX);
	uint64_t s0 = rdtsc();
	pit_oneshot_start(CLOCK_PIT_COUNT);
	uint64_t s1 = rdtsc();
	uint32_t l0 = lapic ? lapic_timer_current() : 0;
	uint64_t s2 = rdtsc();

	uint64_t low_seen = s2;		/* the output was still low after this */
	for (unsigned long spins = 0;; spins++) {
		uint64_t t = rdtsc();
		if (pit_oneshot_done())
			break;
		low_seen = t;
		if (spins == CALIBRATE_MAX_SPINS)
			panic("clock: PIT channel 2 output never rose (port 0x61 bit 5)");
	}
	uint64_t e1 = rdtsc();
	uint32_t l1 = lapic ? lapic_timer_current() : 0;
	uint64_t e2 = rdtsc();
	irq_restore(flags);

	/* Midpoints of the windows, and their widths as the error. */
	s.tsc = (low_seen + e1) / 2 - (s0 + s1) / 2;
	s.error = (e1 - low_seen) + (s1 - s0);
	if (lapic) {
		s.lapic = l0 - l1;
		s.lapic_tsc = (e1 + e2) / 2 - (s1 + s2) / 2;
		s.error += (s2 - s1) + (e2 - e1);
	}
	return s;
}

/* Counts in CLOCK_PIT_COUNT PIT clocks -> counts per second. */
static uint64_t per_second(uint64_t count)
{
	return count * PIT_HZ / CLOCK_PIT_COUNT;
}

static void lapic_tick(struct trap_frame *frame)
{
	(void)frame;
	lapic_eoi();
	timer_tick();
}

static void pit_tick(unsigned irq)
{
	(void)irq;
	timer_tick();
}

uint64_t arch_timer_init(unsigned hz)
{
	bool apic = intc_using_apic();
	struct clock_sample best = { .error = UINT64_MAX };
	int tries = 0;

	while (tries < CALIBRATE_TRIES) {
		struct clock_sample s = clock_measure(apic);
		tries++;
		if (s.error < best.error)
			best = s;
		if (best.error * 1000 <= best.tsc * CALIBRATE_GOOD_PERMILLE)
			break;
	}
	uint64_t tsc = per_second(best.tsc);
	kprintf("clock: TSC measured against the PIT, %d tr%s, uncertainty %lu ppm; %s\n", tries,
		tries == 1 ? "y" : "ies", (unsigned long)(best.error * 1000000 / best.tsc),
		cpu_has(CPU_FEATURE_INVARIANT_TSC) ? "invariant TSC"
						   : "TSC not invariant (may change rate in power states)");

	if (apic) {
		/* SDM Vol. 3A §11.5.4: periodic mode reloads the initial
		 * count each time it reaches zero and raises the vector. */
		uint64_t lapic_hz = best.lapic * tsc / best.lapic_tsc;
		trap_register(LAPIC_TIMER_VECTOR, lapic_tick);
		lapic_timer_periodic((uint32_t)(lapic_hz / hz));
		kprintf("clock: local APIC timer %lu kHz (after divide by %u), tick from it\n",
			(unsigned long)(lapic_hz / 1000), LAPIC_TIMER_DIVIDE);
	} else {
		irq_register(PIT_IRQ, "timer", pit_tick);
		pit_start_periodic(hz);
		irq_enable(PIT_IRQ);
		kprintf("clock: tick from the PIT (no local APIC timer)\n");
	}
	return tsc;
}
