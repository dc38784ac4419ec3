/*
 * clock_gettime and nanosleep, from the TSC (kernel/timer.h).
 * CLOCK_REALTIME is the CMOS clock read at the first call plus the time
 * since then; the monotonic clocks are the time since boot (uptime_ns),
 * and nanosleep sleeps by that same clock.
 */
#include "drivers/cmos_rtc.h"
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/timer.h"
#include "kernel/uaccess.h"
#include "kernel/vdso.h"
#include "arch/x86_64/vdso/vvar.h"

/* Linux include/uapi/linux/time.h */
#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define CLOCK_MONOTONIC_RAW	4
#define CLOCK_REALTIME_COARSE	5
#define CLOCK_MONOTONIC_COARSE	6
#define CLOCK_BOOTTIME		7

#define NSEC_PER_SEC	1000000000L

struct timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};

/* Days from 1970-01-01 to y-m-d (Howard Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* Nanoseconds since 1970 at boot (uptime 0), from the CMOS clock, read
 * at the first call (vdso_init makes it at boot, before any program
 * runs); the clock's realtime base from then on (timer_set_realtime). */
static int64_t realtime_at_boot(void)
{
	static int64_t at_boot = -1;
	if (at_boot < 0) {
		struct rtc_time t;
		cmos_rtc_read(&t);
		int64_t secs = days_from_civil(t.year, t.month, t.day) * 86400 +
			       t.hour * 3600 + t.minute * 60 + t.second;
		at_boot = secs * NSEC_PER_SEC - (int64_t)uptime_ns();
		timer_set_realtime(at_boot);
	}
	return at_boot;
}

int64_t realtime_ns(void)
{
	return realtime_at_boot() + (int64_t)uptime_ns();
}

/* The time of clock, as the vDSO reads it (the same vvar numbers and the
 * same code, arch/x86_64/vdso/vvar.h), or false for a clock it does not
 * know.  The kernel reads the TSC whatever vvar.clock_mode says: it has
 * no other clock.  Always inlined: sys_time and sys_gettimeofday pass a
 * constant and keep one case of the switch, and in sys_clock_gettime the
 * reader's registers are the caller's (out of line, gcc saved five
 * callee-saved ones around it). */
static inline __attribute__((always_inline)) bool clock_now(int clock, struct vclock_time *t)
{
	const struct vvar *v = clock_vvar();
	realtime_at_boot();
	switch (clock) {
	case CLOCK_REALTIME:
		*t = vclock_read(v, VCLOCK_REAL);
		return true;
	case CLOCK_REALTIME_COARSE:
		*t = vclock_read_coarse(v, VCLOCK_REAL);
		return true;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_BOOTTIME:
		*t = vclock_read(v, VCLOCK_MONO);
		return true;
	case CLOCK_MONOTONIC_COARSE:
		*t = vclock_read_coarse(v, VCLOCK_MONO);
		return true;
	}
	return false;
}

long sys_clock_gettime(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	vdso_count(VDSO_CLOCK_GETTIME);
	struct vclock_time t;
	if (!clock_now((int)arg[0], &t))
		return -EINVAL;
	struct timespec ts = { t.sec, (int64_t)t.nsec };
	return copy_to_user(arg[1], &ts, sizeof(ts)) ? -EFAULT : 0;
}

/* clock_getres(clock, res): for every clock clock_gettime knows, 1 ns
 * for the ones read from the TSC (Linux's hrtimer_resolution with high
 * resolution timers) and one tick for the _COARSE ones (LOW_RES_NSEC,
 * TICK_NSEC); res may be 0.  Linux kernel/time/posix-timers.c,
 * posix_get_hrtimer_res and posix_get_coarse_res. */
long sys_clock_getres(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	vdso_count(VDSO_CLOCK_GETRES);
	struct timespec ts = { 0, 1 };
	switch ((int)arg[0]) {
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
		ts.tv_nsec = (NSEC_PER_SEC + timer_hz() / 2) / timer_hz();
		break;
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_BOOTTIME:
		break;
	default:
		return -EINVAL;
	}
	return arg[1] && copy_to_user(arg[1], &ts, sizeof(ts)) ? -EFAULT : 0;
}

/* A timespec as nanoseconds; a time too long to count (584 years)
 * becomes "for ever" rather than wrapping round to a short one. */
static uint64_t timespec_ns(const struct timespec *t)
{
	uint64_t max_sec = (UINT64_MAX - NSEC_PER_SEC) / NSEC_PER_SEC;
	return (uint64_t)t->tv_sec > max_sec ? UINT64_MAX :
		(uint64_t)t->tv_sec * NSEC_PER_SEC + (uint64_t)t->tv_nsec;
}

/*
 * Sleep until the monotonic clock reads deadline.  A signal that comes
 * first ends it, and the time left goes to *urem if urem is not 0, as
 * Linux's do_nanosleep.  A relative sleep returns
 * -ERESTART_RESTARTBLOCK: -EINTR if a handler runs, otherwise the way
 * back to ring 3 makes the program call restart_syscall, which sleeps on
 * to the same deadline (the restart block).  An absolute one needs no
 * block (-ERESTARTNOHAND): called again, it ends at the same time.
 */
static long sleep_until(uint64_t deadline, uint64_t urem, bool relative);

static long nanosleep_restart(struct restart_block *rb)
{
	return sleep_until(rb->deadline_ns, rb->urem, true);
}

static long sleep_until(uint64_t deadline, uint64_t urem, bool relative)
{
	if (sched_sleep_until(deadline, true) == 0)
		return 0;
	if (!relative)
		return -ERESTARTNOHAND;
	uint64_t now = uptime_ns();
	uint64_t left = deadline > now ? deadline - now : 0;
	struct timespec rem = { (int64_t)(left / NSEC_PER_SEC), (int64_t)(left % NSEC_PER_SEC) };
	if (urem && copy_to_user(urem, &rem, sizeof(rem)))
		return -EFAULT;
	process_current()->sig.restart = (struct restart_block){
		.fn = nanosleep_restart, .deadline_ns = deadline, .urem = urem };
	return -ERESTART_RESTARTBLOCK;
}

static int read_timespec(struct timespec *t, uint64_t uaddr)
{
	if (copy_from_user(t, uaddr, sizeof(*t)))
		return -EFAULT;
	if (t->tv_sec < 0 || t->tv_nsec < 0 || t->tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	return 0;
}

static uint64_t deadline_after(uint64_t ns)
{
	uint64_t now = uptime_ns();
	return ns > UINT64_MAX - now ? UINT64_MAX : now + ns;
}

/* nanosleep(req, rem): measured on CLOCK_MONOTONIC, as Linux's, so the
 * program's own clock_gettime sees at least the time it asked for.  A
 * zero time returns at once, as on Linux. */
long sys_nanosleep(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct timespec req;
	int err = read_timespec(&req, arg[0]);
	if (err)
		return err;
	uint64_t ns = timespec_ns(&req);
	return ns ? sleep_until(deadline_after(ns), arg[1], true) : 0;
}

#define TIMER_ABSTIME	1

/* clock_nanosleep(clock, flags, req, rem): what glibc's nanosleep calls.
 * A relative sleep is the same on every clock here (they all run at the
 * TSC's rate); an absolute one (TIMER_ABSTIME) ends when that clock
 * reads req, and never writes *rem, as Linux. */
long sys_clock_nanosleep(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	int clock = (int)arg[0];
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC && clock != CLOCK_BOOTTIME)
		return -EINVAL;
	if (arg[1] & ~(uint64_t)TIMER_ABSTIME)
		return -EINVAL;
	struct timespec req;
	int err = read_timespec(&req, arg[2]);
	if (err)
		return err;
	uint64_t ns = timespec_ns(&req);
	if (!(arg[1] & TIMER_ABSTIME))
		return ns ? sleep_until(deadline_after(ns), arg[3], true) : 0;
	int64_t base = clock == CLOCK_REALTIME ? realtime_at_boot() : 0;
	uint64_t deadline = (int64_t)ns <= base ? 0 : ns - (uint64_t)base;
	return sleep_until(deadline, 0, false);
}

/* time(tloc): seconds since 1970 at the last tick, as Linux's
 * (kernel/time/time.c: ktime_get_real_seconds, the timekeeper's
 * xtime_sec) and the vDSO's; also stored at tloc unless it is 0. */
long sys_time(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	vdso_count(VDSO_TIME);
	struct vclock_time now;
	clock_now(CLOCK_REALTIME_COARSE, &now);
	int64_t t = now.sec;
	if (arg[0] && copy_to_user(arg[0], &t, sizeof(t)))
		return -EFAULT;
	return t;
}

struct timeval {
	int64_t tv_sec;
	int64_t tv_usec;
};

/* gettimeofday(tv, tz): CLOCK_REALTIME in microseconds, and the time zone
 * as Linux keeps it by default (UTC, no daylight saving: sys_tz zeroed);
 * either may be 0.  Linux kernel/time/time.c. */
long sys_gettimeofday(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	vdso_count(VDSO_GETTIMEOFDAY);
	if (arg[0]) {
		struct vclock_time now;
		clock_now(CLOCK_REALTIME, &now);
		struct timeval tv = { now.sec, (int64_t)(now.nsec / 1000) };
		if (copy_to_user(arg[0], &tv, sizeof(tv)))
			return -EFAULT;
	}
	const int32_t tz[2] = { 0, 0 };	/* tz_minuteswest, tz_dsttime */
	if (arg[1] && copy_to_user(arg[1], tz, sizeof(tz)))
		return -EFAULT;
	return 0;
}
