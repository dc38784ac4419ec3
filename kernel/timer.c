#include "kernel/timer.h"
#include "arch/x86_64/vdso/vvar.h"
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/insn/tsc.h"
#include "arch/x86_64/cpu/percpu.h"
#include "kernel/cmdline.h"
#include "kernel/sched.h"
#include "kernel/panic.h"
#include "kernel/printf.h"
#include "kernel/addr.h"
#include "kernel/mm/pmm.h"
#include "kernel/string.h"

#define NS_PER_MS	1000000ULL
#define NS_PER_SEC	1000000000ULL

static volatile uint64_t tick_count;	/* changed by the tick interrupt */
static unsigned hz;

/*
 * The clock lives in the vvar page (arch/x86_64/vdso/vvar.h), the one
 * copy that the kernel's clock_gettime and every process's vDSO read with
 * the same code (vclock_read): base + (TSC - tsc_base) * mult >> shift.
 * mult (2^32 * 10^9 / rate, shift VCLOCK_SHIFT = 32) makes it a multiply instead of a
 * 128-bit divide on every call (which would need libgcc).  Every tick
 * moves the base to the tick's TSC (rebase: the same line, exactly), so
 * the vDSO's numbers are never more than a tick old and its _COARSE
 * clocks are the base itself.  When the rate is measured better after
 * boot (from the tick), the base moves to that moment and the slope
 * changes: the clock goes on from the time it showed, only faster or
 * slower, so it never jumps and never goes back.  Writers have
 * interrupts off and bracket their stores with the seqlock.
 * Before timer_init the clock reads 0 (early_vvar: mult 0).
 */
static struct vvar early_vvar;
static struct vvar *vv = &early_vvar;
static uint64_t vv_frame;
static struct {
	uint64_t rate;		/* TSC ticks per second */
	uint32_t ppm;		/* how far off rate may be, parts per million */
} clk;

/* Move the bases to TSC value now, along the line (a writer, inside
 * vvar_write_begin/end).  Both bases move by the same amount, so
 * realtime - monotonic stays what timer_set_realtime made it. */
static void rebase(uint64_t now)
{
	uint64_t delta = now > vv->tsc_base ? now - vv->tsc_base : 0;
	unsigned __int128 add = (unsigned __int128)delta * vv->mult;
	for (unsigned b = 0; b < VCLOCK_BASES; b++) {
		unsigned __int128 x = add + vv->base[b].snsec;
		uint64_t secs = (uint64_t)(x >> VCLOCK_SHIFT) / NS_PER_SEC;
		vv->base[b].sec += (int64_t)secs;
		vv->base[b].snsec = (uint64_t)(x - ((unsigned __int128)(secs * NS_PER_SEC) << VCLOCK_SHIFT));
	}
	vv->tsc_base = now;
}

static void clock_tick(void)
{
	vvar_write_begin(vv);
	rebase(rdtsc());
	vvar_write_end(vv);
}

struct vvar *clock_vvar(void)
{
	return vv;
}

uint64_t clock_vvar_frame(void)
{
	return vv_frame;
}

void timer_set_realtime(int64_t at_boot_ns)
{
	uint64_t flags = irq_save();
	vvar_write_begin(vv);
	int64_t secs = at_boot_ns / (int64_t)NS_PER_SEC, ns = at_boot_ns % (int64_t)NS_PER_SEC;
	if (ns < 0) {
		ns += NS_PER_SEC;
		secs--;
	}
	/* realtime = monotonic + at_boot, in seconds and shifted ns. */
	unsigned __int128 x = (unsigned __int128)vv->base[VCLOCK_MONO].snsec +
			      ((unsigned __int128)ns << VCLOCK_SHIFT);
	unsigned __int128 sec_s = (unsigned __int128)NS_PER_SEC << VCLOCK_SHIFT;
	bool carry = x >= sec_s;
	vv->base[VCLOCK_REAL].snsec = (uint64_t)(carry ? x - sec_s : x);
	vv->base[VCLOCK_REAL].sec = vv->base[VCLOCK_MONO].sec + secs + carry;
	vvar_write_end(vv);
	irq_restore(flags);
}

void timer_tick(void)
{
	tick_count++;
	clock_tick();
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

uint64_t uptime_ns(void)
{
	struct vclock_time t = vclock_read(vv, VCLOCK_MONO);
	return (uint64_t)t.sec * NS_PER_SEC + t.nsec;
}

void timer_set_tsc_rate(uint64_t rate, uint32_t ppm)
{
	uint64_t flags = irq_save();
	vvar_write_begin(vv);
	if (vv->mult)		/* not the first rate: go on from now */
		rebase(rdtsc());
	vv->mult = (NS_PER_SEC << VCLOCK_SHIFT) / rate;
	vvar_write_end(vv);
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
	vv_frame = pmm_alloc();		/* the vvar page, for every process's vDSO */
	BUG_ON(!vv_frame);
	vv = phys_to_virt(vv_frame);
	memset(vv, 0, PAGE_SIZE);
	vv->coarse_res_ns = (uint32_t)((NS_PER_SEC + hz / 2) / hz);
	vv->tsc_base = rdtsc();		/* uptime 0: now */
	arch_timer_init(hz);		/* calls timer_set_tsc_rate */
	log_set_clock(uptime_ns);
	kprintf("timer: %u Hz tick; TSC %lu.%03lu MHz\n", hz,
		(unsigned long)(clk.rate / 1000000), (unsigned long)(clk.rate / 1000 % 1000));
}
