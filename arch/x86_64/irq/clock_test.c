#include "arch/x86_64/irq/clock.h"
#include "arch/x86_64/insn/cpu.h"
#include "kernel/ktest.h"
#include "kernel/printf.h"
#include "kernel/timer.h"

#define NS_PER_S	1000000000ULL
/* The refinement takes 1 to 4 s of PIT time; a starved emulator may need
 * longer to get there. */
#define REFINE_WAIT_NS	(20 * NS_PER_S)
#define TRIES		20

/* Until the refinement is over (it owns PIT channel 2 until then). */
static bool wait_for_refinement(void)
{
	uint64_t t0 = uptime_ns();
	while (clock_refining() && uptime_ns() - t0 < REFINE_WAIT_NS)
		hlt();	/* every tick wakes us, and drives the refinement */
	return !clock_refining();
}

/* |a - b| <= a * ppm / 10^6 (128-bit: a * ppm can pass 2^64). */
static bool within_ppm(uint64_t a, uint64_t b, uint64_t ppm)
{
	uint64_t d = a > b ? a - b : b - a;
	return (unsigned __int128)d * 1000000 <= (unsigned __int128)a * ppm;
}

/* The second measurement, over a second or more, agrees with boot's 2 ms
 * windows within the two uncertainties the log claims: boot's ±figure is
 * honest. */
KTEST(clock, refined_rate_agrees_with_boot)
{
	KASSERT_TRUE(irqs_enabled());
	KASSERT_TRUE(wait_for_refinement());
	kprintf("# boot %lu Hz +/-%u ppm, refined %lu Hz +/-%u ppm (%u restarts)\n",
		(unsigned long)clock_boot_rate(), clock_boot_ppm(), (unsigned long)tsc_hz(),
		tsc_uncertainty_ppm(), clock_refine_restarts());
	KEXPECT_TRUE(within_ppm(clock_boot_rate(), tsc_hz(),
				(uint64_t)clock_boot_ppm() + tsc_uncertainty_ppm()));
}

/* A fresh measurement long after boot, in the longest window channel 2
 * can time (54.9 ms), agrees with the rate in use within its own error
 * plus the uncertainty of that rate.  The fresh window must be known to
 * 1% for the comparison to mean something: the first known to 0.25%, or
 * the narrowest of TRIES (a busy host widens some windows, not all). */
KTEST(clock, tsc_agrees_with_pit)
{
	KASSERT_TRUE(irqs_enabled());
	KASSERT_TRUE(wait_for_refinement());
	struct clock_sample best = { .error = UINT64_MAX };
	uint64_t t0 = uptime_ns();
	/* TRIES windows at least; on a starved host, more for up to
	 * REFINE_WAIT_NS, since each window is preempted only by chance. */
	for (int i = 0; (i < TRIES || uptime_ns() - t0 < REFINE_WAIT_NS) &&
			best.error * 400 > best.tsc; i++) {	/* 0.25%: enough */
		struct clock_sample s = clock_measure(false, CLOCK_WINDOW_COUNT_MAX);
		if (s.error < best.error)
			best = s;
	}
	/* No window known to 1% in all that time says the host never let
	 * the guest run 55 ms undisturbed -- nothing about the clock. */
	if (best.error * 100 > best.tsc)
		KTEST_SKIP("the host was too busy: no PIT window known to 1%");

	uint64_t measured = clock_per_second(best.tsc, CLOCK_WINDOW_COUNT_MAX);
	uint64_t error_ppm = best.error * 1000000 / best.tsc + 1;
	kprintf("# measured %lu Hz +/-%lu ppm, in use %lu Hz +/-%u ppm\n",
		(unsigned long)measured, (unsigned long)error_ppm, (unsigned long)tsc_hz(),
		tsc_uncertainty_ppm());
	KEXPECT_TRUE(within_ppm(measured, tsc_hz(), error_ppm + tsc_uncertainty_ppm()));
}
