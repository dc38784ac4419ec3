/*
 * alarm, setitimer and getitimer (kernel/signal.h; Linux 6.1 kernel/time/
 * itimer.c): ITIMER_REAL, the timer that sends SIGALRM when wall-clock
 * time (CLOCK_MONOTONIC) has passed, and the CPU-time timers
 * ITIMER_VIRTUAL (the process's user time: SIGVTALRM) and ITIMER_PROF
 * (user + system time: SIGPROF), at the end of this file.
 *
 * A process's timer is sig.itimer_at_ns (the next expiry, 0: not armed)
 * and sig.itimer_interval_ns.  The armed ones are in one list, soonest
 * first, so the tick looks at its head only: a tick costs nothing when
 * no timer is due, and the expiry of k timers costs k.
 *
 * As Linux's: the expiry sends SIGALRM as the kernel sends it (si_code
 * SI_KERNEL, it_real_fn), and the interval re-arms the timer only when
 * that SIGALRM is taken off the queue (dequeue_signal): an ignored or
 * still pending SIGALRM leaves the timer disarmed, its interval kept.
 * The timers live on across execve and are not inherited by a fork
 * child (signal_fork clears them).
 */
#include "arch/x86_64/insn/cpu.h"
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "kernel/spinlock.h"
#include "kernel/syscall.h"
#include "kernel/timer.h"
#include "kernel/uaccess.h"

#define ITIMER_REAL	0
#define ITIMER_VIRTUAL	1
#define ITIMER_PROF	2

#define NSEC_PER_SEC	1000000000ULL
#define NSEC_PER_USEC	1000ULL
#define USEC_PER_SEC	1000000LL

/* Armed timers, soonest first; the lock also keeps the tick out. */
static struct spinlock lock = SPINLOCK_INIT("itimers");
static struct process *armed;

static void unlink_locked(struct process *p)
{
	for (struct process **link = &armed; *link; link = &(*link)->sig.itimer_next)
		if (*link == p) {
			*link = p->sig.itimer_next;
			break;
		}
	p->sig.itimer_next = NULL;
	p->sig.itimer_at_ns = 0;
}

static void link_locked(struct process *p, uint64_t at)
{
	struct process **link = &armed;
	while (*link && (*link)->sig.itimer_at_ns <= at)
		link = &(*link)->sig.itimer_next;
	p->sig.itimer_at_ns = at;
	p->sig.itimer_next = *link;
	*link = p;
}

/* The lock order is the table's lock, then this one (signal_free takes
 * it under the table's): the tick lets go of it before it sends. */
void itimer_tick(void)
{
	if (!armed)
		return;
	uint64_t now = uptime_ns();
	for (;;) {
		spin_lock(&lock);
		struct process *p = armed && armed->sig.itimer_at_ns <= now ? armed : NULL;
		if (p)
			unlink_locked(p);
		spin_unlock(&lock);
		if (!p)
			return;
		uint64_t flags = process_lock();
		signal_send(p, SIGALRM);	/* SI_KERNEL, as it_real_fn's SEND_SIG_PRIV */
		process_unlock(flags);
	}
}

void itimer_dequeued(struct process *p)
{
	struct signal_state *s = &p->sig;
	uint64_t flags = spin_lock_irqsave(&lock);
	if (!s->itimer_at_ns && s->itimer_interval_ns) {
		/* hrtimer_forward: the next multiple of the interval past now
		 * (the missed ones are overruns, not signals) */
		uint64_t now = uptime_ns(), at = s->itimer_last_ns + s->itimer_interval_ns;
		if (at <= now)
			at += (now - at) / s->itimer_interval_ns * s->itimer_interval_ns +
			      s->itimer_interval_ns;
		s->itimer_last_ns = at;
		link_locked(p, at);
	}
	spin_unlock_irqrestore(&lock, flags);
}

void itimer_cancel(struct process *p)
{
	uint64_t flags = spin_lock_irqsave(&lock);
	unlink_locked(p);
	spin_unlock_irqrestore(&lock, flags);
}

/* struct __kernel_old_itimerval: the interval first, then the value. */
struct timeval_user {
	int64_t sec, usec;
};
struct itimerval_user {
	struct timeval_user interval, value;
};

static uint64_t tv_to_ns(struct timeval_user tv)
{
	return (uint64_t)tv.sec * NSEC_PER_SEC + (uint64_t)tv.usec * NSEC_PER_USEC;
}

/* Nanoseconds as a timeval, truncated to microseconds (put_itimerval). */
static struct timeval_user ns_to_tv(uint64_t ns)
{
	return (struct timeval_user){ (int64_t)(ns / NSEC_PER_SEC),
				      (int64_t)(ns % NSEC_PER_SEC / NSEC_PER_USEC) };
}

/* Linux's timeval_valid. */
static bool tv_valid(struct timeval_user tv)
{
	return tv.sec >= 0 && tv.usec >= 0 && tv.usec < USEC_PER_SEC;
}

/* The current timer in ns: what is left (itimer_get_remtime: at least
 * 1 us while armed, even when the tick has not yet seen it expire). */
static void get_locked(const struct signal_state *s, uint64_t *value, uint64_t *interval)
{
	uint64_t now = uptime_ns();
	*value = !s->itimer_at_ns ? 0 : s->itimer_at_ns > now ? s->itimer_at_ns - now : NSEC_PER_USEC;
	*interval = s->itimer_interval_ns;
}

/* do_setitimer(ITIMER_REAL): value 0 disarms (and drops the interval). */
static void set_real(uint64_t value, uint64_t interval, uint64_t *old_value, uint64_t *old_interval)
{
	struct process *p = process_current();
	struct signal_state *s = &p->sig;
	uint64_t flags = spin_lock_irqsave(&lock);
	get_locked(s, old_value, old_interval);
	unlink_locked(p);
	s->itimer_interval_ns = value ? interval : 0;
	if (value) {
		uint64_t now = uptime_ns();
		uint64_t at = value > UINT64_MAX - now ? UINT64_MAX : now + value;
		s->itimer_last_ns = at;
		link_locked(p, at);
	}
	spin_unlock_irqrestore(&lock, flags);
}

static int put_itimerval(uint64_t uaddr, uint64_t value, uint64_t interval)
{
	struct itimerval_user it = { ns_to_tv(interval), ns_to_tv(value) };
	return copy_to_user(uaddr, &it, sizeof(it)) ? -EFAULT : 0;
}

/* ---- ITIMER_VIRTUAL, ITIMER_PROF (kernel/time/posix-cpu-timers.c) ----
 *
 * The process's own times, counted by the tick (sched_tick), are the
 * clocks: a tick's worth of ns each time the tick finds it running.  As
 * Linux's: a new value gets one tick more (set_cpu_itimer), the interval
 * is kept even when the value is 0, and the expiry re-arms at once
 * (check_cpu_itimer). */

static uint64_t tick_ns(void)
{
	return NSEC_PER_SEC / timer_hz();
}

/* The clock of timer k (0 virtual, 1 prof) of p, in ns. */
static uint64_t cpu_clock(const struct process *p, int k)
{
	return (k ? p->utime + p->stime : p->utime) * tick_ns();
}

void itimer_cpu_tick(struct process *cur)
{
	static const int signo[2] = { SIGVTALRM, SIGPROF };
	struct signal_state *s = &cur->sig;
	for (int k = 0; k < 2; k++) {
		uint64_t *expires = &s->cpu_itimer_expires_ns[k];
		if (!*expires || cpu_clock(cur, k) < *expires)
			continue;
		*expires = s->cpu_itimer_incr_ns[k] ? *expires + s->cpu_itimer_incr_ns[k] : 0;
		uint64_t flags = process_lock();
		signal_send(cur, signo[k]);
		process_unlock(flags);
	}
}

/* What is left of timer k (get_cpu_itimer): one tick when it is due. */
static uint64_t cpu_left(const struct process *p, int k)
{
	uint64_t at = p->sig.cpu_itimer_expires_ns[k], now = cpu_clock(p, k);
	return !at ? 0 : at <= now ? tick_ns() : at - now;
}

static void set_cpu(int k, uint64_t value, uint64_t interval, uint64_t *old_value,
		    uint64_t *old_interval)
{
	struct process *p = process_current();
	uint64_t flags = irq_save();	/* the tick reads them */
	*old_value = cpu_left(p, k);
	*old_interval = p->sig.cpu_itimer_incr_ns[k];
	p->sig.cpu_itimer_expires_ns[k] = value ? cpu_clock(p, k) + value + tick_ns() : 0;
	p->sig.cpu_itimer_incr_ns[k] = interval;
	irq_restore(flags);
}

/* ---- the calls ---- */

/* Seconds of 64-bit time that still fit in uptime_ns's nanoseconds. */
#define MAX_SEC	((int64_t)(UINT64_MAX / NSEC_PER_SEC / 2))

/* setitimer(which, new, old).  new NULL is Linux's "misfeature": a
 * disarm. */
long sys_setitimer(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct itimerval_user it = { 0 };
	int which = (int)arg[0];
	if (arg[1]) {
		if (copy_from_user(&it, arg[1], sizeof(it)))
			return -EFAULT;
		if (!tv_valid(it.value) || !tv_valid(it.interval))
			return -EINVAL;
	}
	if (which != ITIMER_REAL && which != ITIMER_VIRTUAL && which != ITIMER_PROF)
		return -EINVAL;
	if (it.value.sec > MAX_SEC)
		it.value.sec = MAX_SEC;
	if (it.interval.sec > MAX_SEC)
		it.interval.sec = MAX_SEC;
	uint64_t value = tv_to_ns(it.value), interval = tv_to_ns(it.interval);
	uint64_t old_value, old_interval;
	if (which == ITIMER_REAL)
		set_real(value, interval, &old_value, &old_interval);
	else
		set_cpu(which - ITIMER_VIRTUAL, value, interval, &old_value, &old_interval);
	return arg[2] ? put_itimerval(arg[2], old_value, old_interval) : 0;
}

/* getitimer(which, value) */
long sys_getitimer(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	int which = (int)arg[0];
	struct process *p = process_current();
	uint64_t value, interval;
	if (which == ITIMER_REAL) {
		uint64_t flags = spin_lock_irqsave(&lock);
		get_locked(&p->sig, &value, &interval);
		spin_unlock_irqrestore(&lock, flags);
	} else if (which == ITIMER_VIRTUAL || which == ITIMER_PROF) {
		uint64_t flags = irq_save();
		value = cpu_left(p, which - ITIMER_VIRTUAL);
		interval = p->sig.cpu_itimer_incr_ns[which - ITIMER_VIRTUAL];
		irq_restore(flags);
	} else {
		return -EINVAL;
	}
	return put_itimerval(arg[1], value, interval);
}

/* alarm(seconds): the seconds that were left, rounded to the nearest
 * and never 0 while armed (alarm_setitimer). */
long sys_alarm(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	uint64_t sec = (uint32_t)arg[0], old_value, old_interval;
	set_real(sec * NSEC_PER_SEC, 0, &old_value, &old_interval);
	struct timeval_user old = ns_to_tv(old_value);
	uint64_t nsec = old_value % NSEC_PER_SEC;
	if ((!old.sec && nsec) || nsec >= NSEC_PER_SEC / 2)
		old.sec++;
	return old.sec;
}
