/*
 * clock_gettime and nanosleep, from the TSC (kernel/timer.h).
 * CLOCK_REALTIME is the CMOS clock read at the first call plus the time
 * since then; the monotonic clocks are the time since boot (uptime_ns),
 * and nanosleep sleeps by that same clock.
 */
#include "drivers/cmos_rtc.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/timer.h"
#include "kernel/uaccess.h"

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

/* Nanoseconds since 1970 at boot (uptime 0), from the CMOS clock. */
static int64_t realtime_at_boot(void)
{
	static int64_t at_boot = -1;
	if (at_boot < 0) {
		struct rtc_time t;
		cmos_rtc_read(&t);
		int64_t secs = days_from_civil(t.year, t.month, t.day) * 86400 +
			       t.hour * 3600 + t.minute * 60 + t.second;
		at_boot = secs * NSEC_PER_SEC - (int64_t)uptime_ns();
	}
	return at_boot;
}

long sys_clock_gettime(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	int64_t ns;
	switch ((int)arg[0]) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		ns = realtime_at_boot() + (int64_t)uptime_ns();
		break;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		ns = (int64_t)uptime_ns();
		break;
	default:
		return -EINVAL;
	}
	struct timespec ts = { ns / NSEC_PER_SEC, ns % NSEC_PER_SEC };
	return copy_to_user(arg[1], &ts, sizeof(ts)) ? -EFAULT : 0;
}

long sys_nanosleep(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct timespec req;
	if (copy_from_user(&req, arg[0], sizeof(req)))
		return -EFAULT;
	if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	/* A time too long to count in nanoseconds (584 years) sleeps "for
	 * ever" rather than wrapping round to a short sleep. */
	uint64_t max_sec = (UINT64_MAX - NSEC_PER_SEC) / NSEC_PER_SEC;
	uint64_t ns = (uint64_t)req.tv_sec > max_sec ?
			      UINT64_MAX :
			      (uint64_t)req.tv_sec * NSEC_PER_SEC + (uint64_t)req.tv_nsec;
	/* Measured on CLOCK_MONOTONIC, as Linux's nanosleep: the program's
	 * own clock_gettime sees at least the time it asked for.  A zero time
	 * returns at once, as on Linux. */
	if (!ns)
		return 0;
	uint64_t now = uptime_ns();
	uint64_t deadline = ns > UINT64_MAX - now ? UINT64_MAX : now + ns;
	if (sched_sleep_until(deadline, true) == 0)
		return 0;
	/* A signal came first: Linux writes the time left to *rem (arg[1])
	 * and returns -EINTR (the signals work restarts the call when the
	 * handler asks for it). */
	now = uptime_ns();
	uint64_t left = deadline > now ? deadline - now : 0;
	struct timespec rem = { (int64_t)(left / NSEC_PER_SEC), (int64_t)(left % NSEC_PER_SEC) };
	if (arg[1] && copy_to_user(arg[1], &rem, sizeof(rem)))
		return -EFAULT;
	return -EINTR;
}
