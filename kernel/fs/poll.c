/*
 * poll(2), ppoll(2), select(2), pselect6(2): wait until one of several
 * files is ready (kernel/fs/poll.h; docs/pipes.md, "poll").
 *
 * How one task sleeps on many queues: the first look at the files passes
 * a poll_table, and each file's poll method calls poll_wait for the wait
 * queues that signal its changes; poll_wait links one wait_entry of the
 * table on each (kernel/wait.h).  Then, if nothing is ready, the task
 * sleeps (schedule_deadline: the sleepers list gives the timeout).  Any
 * wake_up on one of those queues wakes it; it looks at every file again
 * (without registering twice) and either returns or sleeps again.  At the
 * end every entry is unlinked.
 *
 * No lost wake-up: the task marks itself sleeping and turns interrupts
 * off *before* it looks, as wait_event does, so a wake_up after the look
 * finds it linked and sleeping and makes it runnable, and schedule()
 * then comes straight back (kernel/proc/wait.c says why in full).
 *
 * Linux: fs/select.c (do_poll, do_select, poll_select_finish).
 */
#include "kernel/fs/poll.h"
#include "arch/x86_64/insn/cpu.h"
#include "kernel/errno.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/heap.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/timer.h"
#include "kernel/uaccess.h"

#define NSEC_PER_SEC	1000000000ULL
#define NSEC_PER_USEC	1000ULL
#define NSEC_PER_MSEC	1000000ULL
#define NO_DEADLINE	UINT64_MAX

#define POLL_STACK_ENTRIES	16

void poll_wait(struct file *f, struct wait_queue *wq, struct poll_table *pt)
{
	(void)f;
	if (!pt || !wq)
		return;
	if (pt->n == pt->cap) {
		pt->full = true;
		return;
	}
	wait_entry_add(wq, &pt->entry[pt->n++]);
}

unsigned file_poll(struct file *f, struct poll_table *pt)
{
	if (!f->fops || !f->fops->poll)
		return DEFAULT_POLLMASK;
	return f->fops->poll(f, pt);
}

/* The table for a call watching nfiles files (a file registers one or
 * two queues); stack is POLL_STACK_ENTRIES entries of the caller's. */
static int table_init(struct poll_table *pt, struct wait_entry *stack, uint64_t nfiles)
{
	uint64_t want = nfiles * 2;
	*pt = (struct poll_table){ .cap = POLL_STACK_ENTRIES, .entry = stack };
	if (want > POLL_STACK_ENTRIES) {
		if (want > 4096)
			want = 4096;	/* past that, full: a look every tick */
		pt->entry = kmalloc(want * sizeof(*pt->entry));
		if (!pt->entry)
			return -ENOMEM;
		pt->cap = want;
	}
	return 0;
}

static void table_free(struct poll_table *pt, struct wait_entry *stack)
{
	for (unsigned i = 0; i < pt->n; i++)
		wait_entry_remove(&pt->entry[i]);
	if (pt->entry != stack)
		kfree(pt->entry);
}

/*
 * One wait: calls look(ctx, pt) -- the number of ready files, having
 * noted their events -- until it is not 0, the deadline passes or a
 * signal comes (-ERESTARTNOHAND).  The first look registers on the
 * queues (pt), later ones do not (NULL).  A zero timeout (deadline 0)
 * looks once.
 */
typedef long (*look_fn)(void *ctx, struct poll_table *pt);

static long poll_loop(look_fn look, void *ctx, uint64_t nfiles, uint64_t deadline)
{
	struct wait_entry stack[POLL_STACK_ENTRIES];
	struct poll_table table, *pt = NULL;
	if (deadline) {
		int err = table_init(&table, stack, nfiles);
		if (err)
			return err;
		pt = &table;
	}
	struct process *self = process_current();
	uint64_t flags = irq_save();
	long ret;
	for (;;) {
		self->state = PROC_SLEEPING;	/* before the look: see the top */
		ret = look(ctx, pt);
		if (ret)
			break;
		/* A signal counts with a zero timeout too (Linux's do_poll,
		 * and core_sys_select after do_select). */
		if (signal_pending()) {
			ret = -ERESTARTNOHAND;	/* -EINTR once a handler runs */
			break;
		}
		if (!deadline)
			break;
		uint64_t now = uptime_ns(), wake = deadline;
		if (now >= deadline)
			break;
		if (pt && pt->full) {	/* some queue unwatched: look again soon */
			uint64_t tick = NSEC_PER_SEC / timer_hz();
			if (wake - now > tick)
				wake = now + tick;
		}
		pt = NULL;
		schedule_deadline(wake);
	}
	self->state = PROC_RUNNING;
	irq_restore(flags);
	if (deadline)
		table_free(&table, stack);
	return ret;
}

/* A deadline ns from now (0 stays 0: "just look"). */
static uint64_t deadline_in(uint64_t ns)
{
	if (ns == 0)
		return 0;
	uint64_t now = uptime_ns();
	return ns > NO_DEADLINE - now ? NO_DEADLINE : now + ns;
}

struct timespec_user {
	int64_t tv_sec, tv_nsec;
};

/* A timespec or timeval (usec true) at uaddr as a deadline: 0 or -errno.
 * uaddr 0: no deadline.  Linux: poll_select_set_timeout's checks. */
static int read_timeout(uint64_t uaddr, bool usec, uint64_t *deadline)
{
	struct timespec_user t;
	*deadline = NO_DEADLINE;
	if (!uaddr)
		return 0;
	if (copy_from_user(&t, uaddr, sizeof(t)))
		return -EFAULT;
	if (usec) {	/* select normalises tv_usec past a second */
		if (t.tv_nsec < 0)
			return -EINVAL;
		t.tv_sec += t.tv_nsec / 1000000;
		t.tv_nsec = t.tv_nsec % 1000000 * NSEC_PER_USEC;
	}
	if (t.tv_sec < 0 || t.tv_nsec < 0 || (uint64_t)t.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	uint64_t max_sec = (NO_DEADLINE - NSEC_PER_SEC) / NSEC_PER_SEC;
	if ((uint64_t)t.tv_sec > max_sec)
		return 0;	/* too far to count: for ever */
	*deadline = deadline_in((uint64_t)t.tv_sec * NSEC_PER_SEC + (uint64_t)t.tv_nsec);
	return 0;
}

/* select, pselect6, ppoll: the time left written back to the caller's
 * timeout (0 once past), unless it was 0 or none (poll_select_finish). */
static void write_timeout(uint64_t uaddr, bool usec, uint64_t deadline)
{
	if (!uaddr || deadline == 0 || deadline == NO_DEADLINE)
		return;
	uint64_t now = uptime_ns(), left = deadline > now ? deadline - now : 0;
	struct timespec_user t = { (int64_t)(left / NSEC_PER_SEC), (int64_t)(left % NSEC_PER_SEC) };
	if (usec)
		t.tv_nsec /= NSEC_PER_USEC;
	(void)copy_to_user(uaddr, &t, sizeof(t));	/* Linux ignores a fault here */
}

/* ppoll's and pselect6's signal mask: blocked for the wait instead of
 * the caller's (Linux's set_user_sigmask; sigsetsize must be 8).  0 or
 * -errno; *masked says whether end_sigmask has a mask to put back. */
static int set_sigmask(uint64_t umask, uint64_t size, bool *masked)
{
	sigset_t mask;
	*masked = false;
	if (!umask)
		return 0;
	if (size != sizeof(mask))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	signal_set_temporary_mask(mask);
	*masked = true;
	return 0;
}

/* The caller's mask back, unless a signal interrupted the wait: then it
 * comes back after the handler ran under the call's mask (Linux's
 * restore_saved_sigmask_unless in poll_select_finish). */
static void end_sigmask(bool masked, long ret)
{
	if (masked)
		signal_restore_saved_mask_unless(ret == -ERESTARTNOHAND);
}

/* ---- poll, ppoll ---- */

struct pollfd {
	int32_t fd;
	int16_t events, revents;
};

struct poll_ctx {
	struct pollfd *fds;
	uint64_t n;
};

static long poll_look(void *arg, struct poll_table *pt)
{
	struct poll_ctx *c = arg;
	long ready = 0;
	for (uint64_t i = 0; i < c->n; i++) {
		struct pollfd *p = &c->fds[i];
		unsigned mask = 0;
		if (p->fd >= 0) {
			struct file *f = fd_file(p->fd);
			mask = f ? file_poll(f, pt) & ((uint16_t)p->events | POLLERR | POLLHUP) : POLLNVAL;
		}
		p->revents = (int16_t)mask;
		ready += mask != 0;
	}
	return ready;
}

#define POLL_STACK_FDS	32

static long do_poll(uint64_t ufds, uint64_t nfds, uint64_t deadline)
{
	if (nfds > process_current()->rlim[RLIMIT_NOFILE].cur)
		return -EINVAL;
	struct pollfd stack[POLL_STACK_FDS];
	struct poll_ctx c = { .fds = stack, .n = nfds };
	if (nfds > POLL_STACK_FDS && !(c.fds = kmalloc(nfds * sizeof(*c.fds))))
		return -ENOMEM;
	long ret = -EFAULT;
	if (copy_from_user(c.fds, ufds, nfds * sizeof(*c.fds)) == 0) {
		ret = poll_loop(poll_look, &c, nfds, deadline);
		/* revents go back whatever the result, as Linux's do_sys_poll */
		for (uint64_t i = 0; i < nfds && ret != -ENOMEM; i++)
			if (copy_to_user(ufds + i * sizeof(*c.fds) + 6, &c.fds[i].revents, 2)) {
				ret = -EFAULT;
				break;
			}
	}
	if (c.fds != stack)
		kfree(c.fds);
	return ret;
}

/* poll(fds, nfds, timeout_ms): a negative timeout waits for ever. */
long sys_poll(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	int ms = (int)arg[2];
	uint64_t deadline = ms < 0 ? NO_DEADLINE : deadline_in((uint64_t)ms * NSEC_PER_MSEC);
	return do_poll(arg[0], arg[1], deadline);
}

/* ppoll(fds, nfds, tsp, sigmask, sigsetsize) */
long sys_ppoll(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	uint64_t deadline;
	bool masked;
	int err = read_timeout(arg[2], false, &deadline);
	if (!err)
		err = set_sigmask(arg[3], arg[4], &masked);
	if (err)
		return err;
	long ret = do_poll(arg[0], arg[1], deadline);
	end_sigmask(masked, ret);
	write_timeout(arg[2], false, deadline);
	return ret;
}

/* ---- select, pselect6 ---- */

/* Linux's POLLIN_SET, POLLOUT_SET, POLLEX_SET (fs/select.c). */
#define IN_SET	(POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define OUT_SET	(POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define EX_SET	(POLLPRI)

#define LONG_BITS	64

struct select_ctx {
	uint64_t n, words;
	uint64_t *in[3], *out[3];	/* read, write, except: asked, ready */
};

static bool bit(const uint64_t *set, uint64_t fd)
{
	return set && (set[fd / LONG_BITS] >> (fd % LONG_BITS)) & 1;
}

static long select_look(void *arg, struct poll_table *pt)
{
	static const unsigned want[3] = { IN_SET, OUT_SET, EX_SET };
	struct select_ctx *c = arg;
	long ready = 0;
	for (uint64_t fd = 0; fd < c->n; fd++) {
		if (!bit(c->in[0], fd) && !bit(c->in[1], fd) && !bit(c->in[2], fd))
			continue;
		struct file *f = fd_file((int)fd);	/* open: select_check */
		unsigned mask = f ? file_poll(f, pt) : 0;
		for (int k = 0; k < 3; k++)
			if (bit(c->in[k], fd) && (mask & want[k])) {
				c->out[k][fd / LONG_BITS] |= 1UL << (fd % LONG_BITS);
				ready++;
			}
	}
	return ready;
}

/* Every fd asked about is open: else -EBADF (Linux's max_select_fd). */
static int select_check(struct select_ctx *c, uint64_t *nfiles)
{
	*nfiles = 0;
	for (uint64_t fd = 0; fd < c->n; fd++)
		if (bit(c->in[0], fd) || bit(c->in[1], fd) || bit(c->in[2], fd)) {
			if (!fd_file((int)fd))
				return -EBADF;
			++*nfiles;
		}
	return 0;
}

static long select_wait(struct select_ctx *c, const uint64_t *uset, uint64_t deadline)
{
	size_t bytes = c->words * 8;
	for (int k = 0; k < 3; k++)
		if (uset[k] && copy_from_user(c->in[k], uset[k], bytes))
			return -EFAULT;
		else if (!uset[k])
			c->in[k] = NULL;
	uint64_t nfiles;
	long ret = select_check(c, &nfiles);
	if (ret)
		return ret;
	ret = poll_loop(select_look, c, nfiles, deadline);
	if (ret < 0)
		return ret;
	for (int k = 0; k < 3; k++)	/* the ready sets (all clear on a timeout) */
		if (uset[k] && copy_to_user(uset[k], c->out[k], bytes))
			return -EFAULT;
	return ret;
}

#define SELECT_STACK_WORDS	4	/* 256 descriptors */

static long do_select(int64_t n, const uint64_t *uset, uint64_t deadline)
{
	if (n < 0)
		return -EINVAL;
	/* Linux clamps n to its table's size; anvil to RLIMIT_NOFILE. */
	uint64_t lim = process_current()->rlim[RLIMIT_NOFILE].cur;
	struct select_ctx c = { .n = (uint64_t)n > lim ? lim : (uint64_t)n };
	c.words = (c.n + LONG_BITS - 1) / LONG_BITS;
	uint64_t stack[6 * SELECT_STACK_WORDS], *mem = stack;
	if (c.words > SELECT_STACK_WORDS && !(mem = kmalloc(6 * c.words * 8)))
		return -ENOMEM;
	memset(mem, 0, 6 * c.words * 8);
	for (int k = 0; k < 3; k++) {
		c.in[k] = mem + k * c.words;
		c.out[k] = mem + (3 + k) * c.words;
	}
	long ret = select_wait(&c, uset, deadline);
	if (mem != stack)
		kfree(mem);
	return ret;
}

/* select(n, readfds, writefds, exceptfds, timeval) */
long sys_select(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	uint64_t deadline;
	int err = read_timeout(arg[4], true, &deadline);
	if (err)
		return err;
	long ret = do_select((int64_t)(int)arg[0], &arg[1], deadline);
	write_timeout(arg[4], true, deadline);
	return ret;
}

/* pselect6(n, readfds, writefds, exceptfds, timespec, {sigmask, size}) */
long sys_pselect6(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	uint64_t deadline, sig[2] = { 0, 0 };
	bool masked;
	int err = read_timeout(arg[4], false, &deadline);
	if (!err && arg[5] && copy_from_user(sig, arg[5], sizeof(sig)))
		err = -EFAULT;
	if (!err)
		err = set_sigmask(sig[0], sig[1], &masked);
	if (err)
		return err;
	long ret = do_select((int64_t)(int)arg[0], &arg[1], deadline);
	end_sigmask(masked, ret);
	write_timeout(arg[4], false, deadline);
	return ret;
}
