#include "kernel/timer.h"
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/insn/tsc.h"
#include "arch/x86_64/cpu/percpu.h"
#include "kernel/cmdline.h"
#include "kernel/sched.h"
#include "kernel/panic.h"
#include "kernel/printf.h"

#define NS_PER_MS	1000000ULL

static volatile uint64_t tick_count;	/* changed by the tick interrupt */
static unsigned hz;

/*
 * The clock: uptime = ns_base + (TSC - tsc_base) * ns_mult / 2^32.
 * ns_mult (2^32 * 10^9 / rate) makes it a multiply instead of a 128-bit
 * divide on every call (which would need libgcc).  When the rate is
 * measured better after boot (from the tick), the clock is rebased at that
 * moment: it goes on from the time it showed, only faster or slower, so it
 * never jumps and never goes back.  Readers take the four numbers with
 * interrupts off, so they all come from one side of a change.
 */
static struct {
	uint64_t tsc_base;
	uint64_t ns_base;
	uint64_t ns_mult;
	uint64_t rate;		/* TSC ticks per second */
	uint32_t ppm;		/* how far off rate may be, parts per million */
} clk;

void timer_tick(void)
{
	tick_count++;
	arch_timer_refine();
	if (sched_running())
		sched_tick(this_cpu()->trap_from_user);
}

uint64_t ticks(void)
{
	return tick_count;	/* one aligned 64-bit load: atomic on x86-64 */
}

unsigned timer_hz(void)
{
	return hz;
}

uint64_t tsc_hz(void)
{
	return clk.rate;
}

uint32_t tsc_uncertainty_ppm(void)
{
	return clk.ppm;
}

/* The clock at TSC value tsc.  Interrupts off. */
static uint64_t ns_at(uint64_t tsc)
{
	uint64_t delta = tsc - clk.tsc_base;
	return clk.ns_base + (uint64_t)(((unsigned __int128)delta * clk.ns_mult) >> 32);
}

uint64_t uptime_ns(void)
{
	uint64_t flags = irq_save();
	uint64_t ns = ns_at(rdtsc());	/* 0 until the rate is known: ns_mult is 0 */
	irq_restore(flags);
	return ns;
}

void timer_set_tsc_rate(uint64_t rate, uint32_t ppm)
{
	uint64_t flags = irq_save();
	if (clk.ns_mult) {	/* not the first rate: go on from now */
		uint64_t now = rdtsc();
		clk.ns_base = ns_at(now);
		clk.tsc_base = now;
	}
	clk.ns_mult = (1000000000ULL << 32) / rate;
	clk.rate = rate;
	clk.ppm = ppm;
	irq_restore(flags);
}

void sleep_ns(uint64_t ns)
{
	BUG_ON(!irqs_enabled());
	uint64_t now = uptime_ns();
	uint64_t deadline = ns > UINT64_MAX - now ? UINT64_MAX : now + ns;
	/*
	 * The deadline is on the clock programs read (clock_gettime), not in
	 * ticks: the tick's rate was measured separately and may be a little
	 * fast, so counting ticks could end the sleep early by that clock.
	 * The tick looks at the clock and wakes the sleeper once it has
	 * passed the deadline (sched_tick): a sleep may end up to one tick
	 * late, never early.
	 */
	/* Other tasks run meanwhile; the tick wakes this one. */
	BUG_ON(!sched_running());
	sched_sleep_until(deadline, false);
}

void sleep_ms(uint64_t ms)
{
	sleep_ns(ms > UINT64_MAX / NS_PER_MS ? UINT64_MAX : ms * NS_PER_MS);
}

void timer_init(void)
{
	hz = (unsigned)cmdline_get_u64("hz", TIMER_HZ_DEFAULT);
	if (hz < TIMER_HZ_MIN || hz > TIMER_HZ_MAX) {
		kprintf("timer: hz=%u out of range %u..%u; using %u\n", hz, TIMER_HZ_MIN,
			TIMER_HZ_MAX, TIMER_HZ_DEFAULT);
		hz = TIMER_HZ_DEFAULT;
	}
	clk.tsc_base = rdtsc();		/* uptime 0: now */
	arch_timer_init(hz);		/* calls timer_set_tsc_rate */
	log_set_clock(uptime_ns);
	kprintf("timer: %u Hz tick; TSC %lu.%03lu MHz\n", hz,
		(unsigned long)(clk.rate / 1000000), (unsigned long)(clk.rate / 1000 % 1000));
}
