/*
 * Measuring the TSC and the local APIC timer against the PIT at boot,
 * then starting the tick.
 *
 * Neither the TSC's rate nor the APIC timer's input clock is known in
 * advance (CPUID leaf 0x15 gives them on recent Intel CPUs only), but the
 * PIT always counts at 1.193182 MHz.  So: start PIT channel 2 counting a
 * fixed window (its output, readable in port 0x61, rises at the end;
 * the polled method of Linux's pit_calibrate_tsc), and read the TSC and
 * the APIC timer at both ends.
 *
 * The ends are only known to lie between two TSC reads: the start between
 * the reads around the PIT's count write, the end between the last poll
 * that saw the output low and the read after the one that saw it high.
 * A delay there (an emulator's thread descheduled, an SMI) widens that
 * window and would be counted as interval, so each sample carries its
 * uncertainty.  Boot takes several short windows, drops those whose reads
 * took too long (as Linux's quick_pit_calibrate does), takes the median
 * and drops samples that disagree with it.  About a second later
 * clock_refine.c measures again over the whole second.
 */
#include "arch/x86_64/irq/clock.h"
#include "arch/x86_64/cpu/cpufeatures.h"
#include "arch/x86_64/irq/intc.h"
#include "arch/x86_64/irq/lapic.h"
#include "arch/x86_64/irq/pit.h"
#include "arch/x86_64/trap/trap.h"
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/insn/tsc.h"
#include "kernel/irq.h"
#include "kernel/panic.h"
#include "kernel/printf.h"
#include "kernel/timer.h"

/* Windows that must pass, and the most to try for them. */
#define CALIBRATE_KEEP		5
#define CALIBRATE_TRIES		25
/* A window whose ends are known to worse than 1% took too long. */
#define CALIBRATE_MAX_ERROR_PERMILLE	10
/* A poll loop this long means channel 2's output never rose. */
#define CALIBRATE_MAX_SPINS	100000000UL

struct clock_sample clock_measure(bool lapic, uint16_t pit_count)
{
	BUG_ON(clock_refining());
	struct clock_sample s = { 0 };
	uint64_t flags = irq_save();

	if (lapic)
		lapic_timer_oneshot_masked(UINT32_MAX);
	uint64_t s0 = rdtsc();
	pit_oneshot_start(pit_count);
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

static uint64_t distance(uint64_t a, uint64_t b)
{
	return a > b ? a - b : b - a;
}

/* What boot settled on, and how it got there (for the log). */
struct calibration {
	struct clock_sample median;
	uint64_t uncertainty;	/* TSC ticks per window */
	int tries, too_slow, outliers;
};

/* Sort kept[0..n) by tsc: insertion sort, n is at most CALIBRATE_KEEP. */
static void sort_samples(struct clock_sample *kept, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && kept[j - 1].tsc > kept[j].tsc; j--) {
			struct clock_sample t = kept[j];
			kept[j] = kept[j - 1];
			kept[j - 1] = t;
		}
}

/*
 * The median of the kept windows is the rate.  A window disagrees with it
 * when their error bounds do not overlap: an outlier, left out.  The
 * uncertainty is the tightest bound one agreeing window gives (its
 * distance from the median plus its own error), but never less than the
 * spread the agreeing windows actually showed.
 */
static void settle(struct calibration *c, struct clock_sample *kept, int n)
{
	sort_samples(kept, n);
	c->median = kept[n / 2];
	uint64_t best = UINT64_MAX, spread = 0;
	for (int i = 0; i < n; i++) {
		uint64_t d = distance(kept[i].tsc, c->median.tsc);
		if (d > kept[i].error + c->median.error) {
			c->outliers++;
			continue;
		}
		if (d + kept[i].error < best)
			best = d + kept[i].error;
		if (d > spread)
			spread = d;
	}
	c->uncertainty = best > spread ? best : spread;
}

static struct calibration calibrate(bool lapic)
{
	struct calibration c = { 0 };
	struct clock_sample kept[CALIBRATE_KEEP], narrowest = { .error = UINT64_MAX };
	int n = 0;
	while (n < CALIBRATE_KEEP && c.tries < CALIBRATE_TRIES) {
		struct clock_sample s = clock_measure(lapic, CLOCK_WINDOW_COUNT);
		c.tries++;
		if (s.error < narrowest.error)
			narrowest = s;
		if (s.error * 1000 <= s.tsc * CALIBRATE_MAX_ERROR_PERMILLE)
			kept[n++] = s;
		else
			c.too_slow++;
	}
	if (n == 0)	/* every window was slow: the best there is, and say so */
		kept[n++] = narrowest;
	settle(&c, kept, n);
	return c;
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

static uint64_t boot_rate;
static uint32_t boot_ppm;

uint64_t clock_boot_rate(void)
{
	return boot_rate;
}

uint32_t clock_boot_ppm(void)
{
	return boot_ppm;
}

void arch_timer_init(unsigned hz)
{
	bool apic = intc_using_apic();
	struct calibration c = calibrate(apic);
	boot_rate = clock_per_second(c.median.tsc, CLOCK_WINDOW_COUNT);
	/* Rounded up, and at least 1: never claim more than was measured. */
	boot_ppm = (uint32_t)((c.uncertainty * 1000000 + c.median.tsc - 1) / c.median.tsc);
	if (boot_ppm == 0)
		boot_ppm = 1;
	timer_set_tsc_rate(boot_rate, boot_ppm);
	kprintf("clock: TSC %lu.%03lu MHz +/-%u.%04u%% from %d PIT windows of 2 ms "
		"(%d too slow, %d outliers); %s\n",
		(unsigned long)(boot_rate / 1000000), (unsigned long)(boot_rate / 1000 % 1000),
		boot_ppm / 10000, boot_ppm % 10000, c.tries, c.too_slow, c.outliers,
		cpu_has(CPU_FEATURE_INVARIANT_TSC) ? "invariant TSC"
						   : "TSC not invariant (may change rate in power states)");

	if (apic) {
		/* SDM Vol. 3A §11.5.4: periodic mode reloads the initial
		 * count each time it reaches zero and raises the vector. */
		uint64_t lapic_hz = c.median.lapic * boot_rate / c.median.lapic_tsc;
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
	clock_refine_start();
}
