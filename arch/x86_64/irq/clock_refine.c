/*
 * Measuring the TSC again, over a second instead of 2 ms (as Linux's
 * tsc_refine_calibration_work does, a second after boot, against its
 * HPET or ACPI PM timer).  The error of a measurement is the time its two
 * ends took to read, whatever the length between them, so a window 500
 * times longer is 500 times more precise; and a busy host delays a read
 * now and then, not for a whole second.
 *
 * The reference is PIT channel 2 counting freely (mode 2, wrapping every
 * 65536 clocks, 54.9 ms), read with a counter latch command between two
 * TSC reads.  Nothing waits for it: every tick reads the counter once and
 * adds the clocks since the previous read.  The counter only gives that
 * number modulo 65536; the boot rate says how many whole wraps to add,
 * which is certain as long as its uncertainty over the gap is well under
 * half a wrap.  A gap too long for that (the tick held up for a long
 * time) starts the measurement again from there.
 */
#include "arch/x86_64/irq/clock.h"
#include "arch/x86_64/irq/pit.h"
#include "arch/x86_64/insn/tsc.h"
#include "kernel/timer.h"

/* At least a second; done when its ends are known to 20 ppm, or at the
 * first read after 4 s whatever they are. */
#define REFINE_MIN_CLOCKS	(1ULL * PIT_HZ)
#define REFINE_MAX_CLOCKS	(4ULL * PIT_HZ)
#define REFINE_GOOD_PPM		20
/* Doubt about a gap's length that still leaves the wrap count certain:
 * a quarter of a wrap, half the half-wrap a wrong count would need. */
#define REFINE_MAX_DOUBT	(PIT_FREERUN_PERIOD / 4)
/* A gap longer than this starts again in any case: TSC ticks times
 * PIT_HZ stay within 64 bits (and no rate is that uncertain). */
#define REFINE_MAX_GAP_S	10

struct pit_read {
	uint64_t tsc;		/* midpoint of the two TSC reads */
	uint64_t width;		/* TSC ticks between them */
	uint16_t count;		/* channel 2's count at the latch */
};

static struct {
	bool running;
	struct pit_read first, last;
	uint64_t clocks;	/* PIT clocks from first to last */
	unsigned restarts;
} refine;

/* Interrupts off: nothing may come between the TSC reads and the latch. */
static struct pit_read read_pit(void)
{
	uint64_t t0 = rdtsc();
	pit_freerun_latch();
	uint64_t t1 = rdtsc();
	return (struct pit_read){ t0 + (t1 - t0) / 2, t1 - t0, pit_freerun_read_latched() };
}

static void restart_from(struct pit_read r)
{
	refine.first = refine.last = r;
	refine.clocks = 0;
}

void clock_refine_start(void)
{
	pit_freerun_start();
	restart_from(read_pit());
	refine.running = true;
}

bool clock_refining(void)
{
	return refine.running;
}

/* TSC ticks (at most a minute's) -> PIT clocks at the boot rate. */
static uint64_t to_pit(uint64_t tsc)
{
	return tsc * PIT_HZ / clock_boot_rate();
}

/* PIT clocks from refine.last to r, or false if the wrap count is not
 * certain. */
static bool clocks_since_last(struct pit_read r, uint64_t *clocks)
{
	if (r.tsc - refine.last.tsc > REFINE_MAX_GAP_S * clock_boot_rate())
		return false;	/* and no overflow below */
	uint64_t guess = to_pit(r.tsc - refine.last.tsc);
	uint64_t doubt = guess * clock_boot_ppm() / 1000000 + to_pit(r.width + refine.last.width) + 2;
	if (doubt >= REFINE_MAX_DOUBT)
		return false;
	uint16_t part = (uint16_t)(refine.last.count - r.count);	/* it counts down */
	/* The whole wraps that bring part nearest the guess. */
	uint64_t wraps = guess + PIT_FREERUN_PERIOD / 2 < part ? 0 :
			 (guess + PIT_FREERUN_PERIOD / 2 - part) / PIT_FREERUN_PERIOD;
	*clocks = part + wraps * PIT_FREERUN_PERIOD;
	return true;
}

static void finish(void)
{
	uint64_t tsc = refine.last.tsc - refine.first.tsc;
	uint64_t rate = tsc * PIT_HZ / refine.clocks;	/* at most 4 s + one gap: no overflow */
	/* Both ends' widths, plus a PIT clock for the latch's granularity;
	 * rounded up. */
	uint64_t error = refine.first.width + refine.last.width + rate / PIT_HZ;
	uint32_t ppm = (uint32_t)((error * 1000000 + tsc - 1) / tsc);
	refine.running = false;
	timer_set_tsc_rate(rate, ppm);
	/* No kprintf here: in the middle of the tick, the line would land
	 * inside whatever the kernel is printing (a prompt, a command's
	 * output).  The shell's `ticks` and clock_test.c show the result. */
}

unsigned clock_refine_restarts(void)
{
	return refine.restarts;
}

void arch_timer_refine(void)
{
	if (!refine.running)
		return;
	struct pit_read r = read_pit();
	uint64_t clocks;
	if (!clocks_since_last(r, &clocks)) {
		refine.restarts++;
		restart_from(r);
		return;
	}
	refine.clocks += clocks;
	refine.last = r;
	if (refine.clocks < REFINE_MIN_CLOCKS)
		return;
	uint64_t tsc = r.tsc - refine.first.tsc;
	bool good = (refine.first.width + r.width) * 1000000 <= tsc * REFINE_GOOD_PPM;
	if (good || refine.clocks >= REFINE_MAX_CLOCKS)
		finish();
}
