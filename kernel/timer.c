#include "kernel/timer.h"
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/insn/tsc.h"
#include "kernel/cmdline.h"
#include "kernel/panic.h"
#include "kernel/printf.h"

#define SLEEP_MS_MAX	(1ULL << 50)
_Static_assert(TIMER_HZ_MAX < 1024, "sleep_ms: ms * hz must fit in 64 bits");

static volatile uint64_t tick_count;	/* changed by the tick interrupt */
static unsigned hz;
static uint64_t tsc_rate;
static uint64_t tsc_base;
/* ns = TSC ticks * ns_mult / 2^32: a multiply instead of a 128-bit
 * divide on every call (which would need libgcc). */
static uint64_t ns_mult;

void timer_tick(void)
{
	tick_count++;
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
	return tsc_rate;
}

uint64_t uptime_ns(void)
{
	if (!ns_mult)
		return 0;
	uint64_t delta = rdtsc() - tsc_base;
	return (uint64_t)(((unsigned __int128)delta * ns_mult) >> 32);
}

void sleep_ms(uint64_t ms)
{
	BUG_ON(!irqs_enabled());
	/* 2^50 ms is 35,000 years: a longer sleep is that long, so that
	 * ms * hz (hz <= 1000 < 2^10) cannot wrap round to a short one. */
	if (ms > SLEEP_MS_MAX)
		ms = SLEEP_MS_MAX;
	/* The current tick is already partly over: one more makes "at least". */
	uint64_t target = ticks() + (ms * hz + 999) / 1000 + 1;
	while (ticks() < target)
		hlt();	/* the next tick wakes us; at worst one tick late */
}

void timer_init(void)
{
	hz = (unsigned)cmdline_get_u64("hz", TIMER_HZ_DEFAULT);
	if (hz < TIMER_HZ_MIN || hz > TIMER_HZ_MAX) {
		kprintf("timer: hz=%u out of range %u..%u; using %u\n", hz, TIMER_HZ_MIN,
			TIMER_HZ_MAX, TIMER_HZ_DEFAULT);
		hz = TIMER_HZ_DEFAULT;
	}
	tsc_base = rdtsc();
	tsc_rate = arch_timer_init(hz);
	ns_mult = (1000000000ULL << 32) / tsc_rate;
	log_set_clock(uptime_ns);
	kprintf("timer: %u Hz tick; TSC %lu.%03lu MHz\n", hz,
		(unsigned long)(tsc_rate / 1000000), (unsigned long)(tsc_rate / 1000 % 1000));
}
