/*
 * Sending signals (kernel/signal.h): the queue, what happens at the
 * sender's side (Linux's kernel/signal.c, prepare_signal and
 * __send_signal), and a process's signal state over fork, exec and exit.
 * Acting on a signal happens later, at the target's next return to
 * ring 3: kernel/proc/signal_deliver.c.
 */
#include "kernel/signal.h"
#include "arch/x86_64/cpu/percpu.h"
#include "arch/x86_64/insn/cpu.h"
#include "kernel/errno.h"
#include "kernel/mm/heap.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/timer.h"

/* Faults: taken before any other pending signal (Linux's SYNCHRONOUS_MASK),
 * so a handler sees the fault that just happened. */
#define SIG_SYNCHRONOUS (SIG_BIT(SIGSEGV) | SIG_BIT(SIGBUS) | SIG_BIT(SIGILL) | \
			 SIG_BIT(SIGTRAP) | SIG_BIT(SIGFPE) | SIG_BIT(SIGSYS))

enum sig_default signal_default_action(int sig)
{
	switch (sig) {
	case SIGCHLD: case SIGURG: case SIGWINCH:
		return SIG_ACT_IGNORE;
	case SIGCONT:
		return SIG_ACT_CONT;
	case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
		return SIG_ACT_STOP;
	case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS:
	case SIGFPE: case SIGSEGV: case SIGXCPU: case SIGXFSZ: case SIGSYS:
		return SIG_ACT_CORE;
	default:
		return SIG_ACT_TERM;	/* and every real-time signal */
	}
}

void signal_recalc(struct process *p)
{
	if (p == process_current() && (p->sig.pending & ~p->sig.blocked))
		this_cpu()->work |= PERCPU_WORK_SIGNAL;
}

bool signal_pending(void)
{
	struct process *p = process_current();
	if (!(p->sig.pending & ~p->sig.blocked))
		return false;
	/* The call about to return -EINTR or -ERESTART* must find the way
	 * back to ring 3 looking at signals (signal_deliver restarts it). */
	this_cpu()->work |= PERCPU_WORK_SIGNAL;
	return true;
}

/* The queue's entries: one taken off stays as the spare for the next send,
 * so a program signalling itself again and again never goes to the heap
 * (Linux's sigqueue kmem_cache does that job).  signal_free drops it. */
static struct sigqueue *entry_alloc(struct signal_state *s)
{
	struct sigqueue *q = s->spare;
	if (!q)
		return kmalloc(sizeof(*q));
	s->spare = NULL;
	return q;
}

static void entry_free(struct signal_state *s, struct sigqueue *q)
{
	if (s->spare)
		kfree(q);
	else
		s->spare = q;
}

/* Drop every queued instance of the signals in mask. */
static void flush_mask(struct signal_state *s, sigset_t mask)
{
	if (!(s->pending & mask))
		return;
	for (struct sigqueue **link = &s->queue; *link;) {
		struct sigqueue *q = *link;
		if (SIG_BIT(q->info.signo) & mask) {
			*link = q->next;
			entry_free(s, q);
			s->queued--;
		} else {
			link = &q->next;
		}
	}
	s->pending &= ~mask;
}

/* Linux's sig_ignored: a blocked signal is never dropped (the handler
 * may change before it is unblocked); init ignores what it has no
 * handler for, even SIGKILL (SIGNAL_UNKILLABLE), unless the kernel forces it. */
static bool ignored(const struct process *p, int sig, bool from_kernel)
{
	if (p->sig.blocked & SIG_BIT(sig))
		return false;
	uint64_t h = p->sig.hand->action[sig - 1].handler;
	if (h == SIG_IGN)
		return true;
	if (h != SIG_DFL)
		return false;
	if (p->pid == 1 && !from_kernel)
		return true;
	return signal_default_action(sig) == SIG_ACT_IGNORE || sig == SIGCONT;
}

/* SIGCHLD to p's parent for a stop or a continue (Linux's
 * do_notify_parent_cldstop), and its wait4 woken. */
static void notify_parent_stop(struct process *p, int why)
{
	struct process *parent = p->parent;
	const struct k_sigaction *ka = &parent->sig.hand->action[SIGCHLD - 1];
	if (parent->pid && ka->handler != SIG_IGN && !(ka->flags & SA_NOCLDSTOP)) {
		struct siginfo info = { .signo = SIGCHLD, .code = why };
		info.chld.pid = p->pid;
		info.chld.status = why == CLD_CONTINUED ? SIGCONT : p->sig.stop_sig;
		signal_send_info(parent, SIGCHLD, &info);
	}
	wake_up(&parent->child_exit);
}

/* What a stop or a continue does at once, whatever the target's actions
 * (Linux's prepare_signal). */
static void stop_or_continue(struct process *p, int sig)
{
	struct signal_state *s = &p->sig;
	if (SIG_BIT(sig) & SIG_STOPS) {
		flush_mask(s, SIG_BIT(SIGCONT));
		return;
	}
	if (sig != SIGCONT && sig != SIGKILL)
		return;
	flush_mask(s, SIG_STOPS);
	if (!s->stopped)
		return;
	s->stopped = false;
	if (sig == SIGCONT) {
		s->report_stop = false;
		s->report_cont = true;
		notify_parent_stop(p, CLD_CONTINUED);
	}
	sched_continue(p);
}

static void wake_target(struct process *p, int sig)
{
	if (!(SIG_BIT(sig) & ~p->sig.blocked))
		return;
	if (p == process_current())
		this_cpu()->work |= PERCPU_WORK_SIGNAL;
	else if (p->state == PROC_SLEEPING)
		sched_wake(p);
}

/* The queue is shared with interrupt handlers (the timer's SIGALRM, the
 * console's SIGINT): sending and taking happen with interrupts off. */
static int send_irqs_off(struct process *p, int sig, const struct siginfo *info);

int signal_send_info(struct process *p, int sig, const struct siginfo *info)
{
	uint64_t flags = irq_save();
	int err = send_irqs_off(p, sig, info);
	irq_restore(flags);
	return err;
}

static int send_irqs_off(struct process *p, int sig, const struct siginfo *info)
{
	if (sig < 1 || sig > NSIG || p->pid == 0 || p->state == PROC_ZOMBIE)
		return 0;
	stop_or_continue(p, sig);
	bool from_kernel = !info || info->code > 0;	/* SI_KERNEL, a fault, CLD_* */
	if (ignored(p, sig, from_kernel))
		return 0;
	struct signal_state *s = &p->sig;
	if (sig < SIGRTMIN && (s->pending & SIG_BIT(sig)))
		return 0;	/* a standard signal is pending once at most */
	if (sig >= SIGRTMIN && !from_kernel && s->queued >= p->rlim[RLIMIT_SIGPENDING].cur)
		return -EAGAIN;
	struct sigqueue *q = entry_alloc(s);
	if (!q) {
		if (sig >= SIGRTMIN)
			return -EAGAIN;
		/* Out of memory, a standard signal still counts: pending
		 * without its details (signal_dequeue makes up SI_KERNEL). */
		s->pending |= SIG_BIT(sig);
		wake_target(p, sig);
		return 0;
	}
	q->next = NULL;
	if (info)
		q->info = *info;
	else
		q->info = (struct siginfo){ .code = SI_KERNEL };
	q->info.signo = sig;
	struct sigqueue **tail = &s->queue;
	while (*tail)
		tail = &(*tail)->next;
	*tail = q;
	s->queued++;
	s->pending |= SIG_BIT(sig);
	wake_target(p, sig);
	return 0;
}

void signal_send(struct process *p, int sig)
{
	(void)signal_send_info(p, sig, NULL);
}

void signal_force_fault(int sig, int code, uint64_t addr, uint64_t trapno, uint64_t err,
			uint64_t cr2, const char *what)
{
	struct process *p = process_current();
	struct signal_state *s = &p->sig;
	s->trap_nr = trapno;
	s->error_code = err;
	s->cr2 = cr2;
	uint64_t h = s->hand->action[sig - 1].handler;
	/* Blocked, ignored or not handled: the fault ends the process, as
	 * Linux's force_sig_info unblocks it and resets it to SIG_DFL. */
	if ((s->blocked & SIG_BIT(sig)) || h == SIG_IGN || h == SIG_DFL)
		process_kill(sig, what);
	struct siginfo info = { .signo = sig, .code = code };
	info.fault.addr = addr;
	uint64_t flags = irq_save();
	flush_mask(s, SIG_BIT(sig));	/* this one's details, not an older kill's */
	irq_restore(flags);
	if (signal_send_info(p, sig, &info) != 0 || !(s->pending & SIG_BIT(sig)))
		process_kill(sig, what);
}

static int dequeue_irqs_off(struct process *p, sigset_t mask, struct siginfo *info);

int signal_dequeue(struct process *p, sigset_t mask, struct siginfo *info)
{
	uint64_t flags = irq_save();
	int sig = dequeue_irqs_off(p, mask, info);
	irq_restore(flags);
	return sig;
}

static int dequeue_irqs_off(struct process *p, sigset_t mask, struct siginfo *info)
{
	struct signal_state *s = &p->sig;
	sigset_t ready = s->pending & ~mask;
	if (!ready)
		return 0;
	int sig;
	if (ready & SIG_BIT(SIGKILL))
		sig = SIGKILL;
	else if (ready & SIG_SYNCHRONOUS)
		sig = __builtin_ctzl(ready & SIG_SYNCHRONOUS) + 1;
	else
		sig = __builtin_ctzl(ready) + 1;
	*info = (struct siginfo){ .signo = sig, .code = SI_KERNEL };
	bool more = false, found = false;
	for (struct sigqueue **link = &s->queue; *link;) {
		struct sigqueue *q = *link;
		if (q->info.signo != sig) {
			link = &q->next;
		} else if (!found) {
			*info = q->info;
			*link = q->next;
			entry_free(s, q);
			s->queued--;
			found = true;
		} else {
			more = true;
			break;
		}
	}
	if (!more)
		s->pending &= ~SIG_BIT(sig);
	if (sig == SIGALRM)
		itimer_dequeued(p);	/* an interval timer goes on (dequeue_signal) */
	return sig;
}

int signal_fork(struct process *child, const struct process *parent)
{
	struct signal_state *s = &child->sig;
	const struct signal_state *ps = &parent->sig;
	struct sighand *hand = kmalloc(sizeof(*hand));
	if (!hand)
		return -ENOMEM;
	memcpy(hand->action, ps->hand->action, sizeof(hand->action));
	hand->refs = 1;
	/* Nothing pending, no stop, no timer (POSIX: not inherited). */
	*s = (struct signal_state){ .blocked = ps->blocked, .hand = hand, .alt = ps->alt,
				    .exit_signal = SIGCHLD };
	return 0;
}

int signal_exec(struct process *p)
{
	struct signal_state *s = &p->sig;
	if (s->hand->refs > 1) {	/* shared with a thread: a copy of its own */
		struct sighand *hand = kmalloc(sizeof(*hand));
		if (!hand)
			return -ENOMEM;
		memcpy(hand->action, s->hand->action, sizeof(hand->action));
		hand->refs = 1;
		s->hand->refs--;
		s->hand = hand;
	}
	/* Linux's flush_signal_handlers: a handler's address means nothing in
	 * the new program; SIG_IGN stays, every flag and mask goes. */
	for (int i = 0; i < NSIG; i++) {
		uint64_t h = s->hand->action[i].handler == SIG_IGN ? SIG_IGN : SIG_DFL;
		s->hand->action[i] = (struct k_sigaction){ .handler = h };
	}
	s->alt = (struct sigaltstack){ .flags = SS_DISABLE };
	return 0;
}

void signal_free(struct process *p)
{
	struct signal_state *s = &p->sig;
	flush_mask(s, ~0UL);
	itimer_cancel(p);
	kfree(s->spare);
	s->spare = NULL;
	if (s->hand && --s->hand->refs == 0)
		kfree(s->hand);
	s->hand = NULL;
}

/* The ticks of a child's times, in the clock ticks of siginfo (USER_HZ,
 * 100 a second, as Linux's nsec_to_clock_t). */
static int64_t clock_t_of(uint64_t ticks)
{
	return (int64_t)(ticks * 100 / timer_hz());
}

bool signal_notify_parent_exit(struct process *p, int wait_status)
{
	struct process *parent = p->parent;
	if (!parent->pid)
		return p->autoreap;	/* the kernel's own: it waits, or not */
	int sig = p->sig.exit_signal;
	const struct k_sigaction *ka = &parent->sig.hand->action[SIGCHLD - 1];
	bool autoreap = false;
	if (sig == SIGCHLD && (ka->handler == SIG_IGN || (ka->flags & SA_NOCLDWAIT))) {
		autoreap = true;	/* Linux's do_notify_parent */
		if (ka->handler == SIG_IGN)
			sig = 0;
	}
	if (sig) {
		struct siginfo info = { .signo = sig };
		int termsig = wait_status & 0x7f;
		info.code = !termsig ? CLD_EXITED : (wait_status & 0x80) ? CLD_DUMPED : CLD_KILLED;
		info.chld.pid = p->pid;
		info.chld.status = termsig ? termsig : (wait_status >> 8) & 0xff;
		info.chld.utime = clock_t_of(p->utime + p->cutime);
		info.chld.stime = clock_t_of(p->stime + p->cstime);
		signal_send_info(parent, sig, &info);
	}
	return autoreap;
}

void signal_stop(int sig)
{
	struct process *p = process_current();
	struct signal_state *s = &p->sig;
	uint64_t flags = process_lock();
	s->stopped = true;
	s->stop_sig = sig;
	s->report_stop = true;
	s->report_cont = false;
	notify_parent_stop(p, CLD_STOPPED);
	process_unlock(flags);
	/* Off the run queue until SIGCONT or SIGKILL (stop_or_continue). */
	while (s->stopped) {
		p->state = PROC_STOPPED;
		schedule();
	}
}

void signal_set_temporary_mask(sigset_t mask)
{
	struct process *p = process_current();
	if (!p->sig.restore_mask) {
		p->sig.saved_mask = p->sig.blocked;
		p->sig.restore_mask = true;
	}
	p->sig.blocked = mask & ~SIG_UNBLOCKABLE;
	signal_recalc(p);
}

void signal_restore_saved_mask_unless(bool interrupted)
{
	struct process *p = process_current();
	if (interrupted || !p->sig.restore_mask)
		return;
	p->sig.restore_mask = false;
	p->sig.blocked = p->sig.saved_mask;
	signal_recalc(p);
}

/* Linux's on_sig_stack (sigframe.c has the same test for the frame). */
static bool on_alt(const struct signal_state *s, uint64_t sp)
{
	return !(s->alt.flags & SS_AUTODISARM) && sp > s->alt.sp && sp - s->alt.sp <= s->alt.size;
}

int signal_altstack(const struct sigaltstack *ss, struct sigaltstack *old, uint64_t sp)
{
	struct signal_state *s = &process_current()->sig;
	if (old) {	/* Linux's do_sigaltstack: the flags as sas_ss_flags says */
		*old = s->alt;
		old->flags = (!s->alt.size ? SS_DISABLE : on_alt(s, sp) ? SS_ONSTACK : 0) |
			     (s->alt.flags & SS_AUTODISARM);
		old->pad = 0;
	}
	if (!ss)
		return 0;
	if (on_alt(s, sp))
		return -EPERM;	/* not while running on it */
	uint32_t mode = (uint32_t)ss->flags & ~SS_AUTODISARM;
	if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
		return -EINVAL;
	if (mode == SS_DISABLE) {
		s->alt = (struct sigaltstack){ .flags = ss->flags };
		return 0;
	}
	if (ss->size < MINSIGSTKSZ)
		return -ENOMEM;
	s->alt = (struct sigaltstack){ .sp = ss->sp, .flags = ss->flags, .size = ss->size };
	return 0;
}

void signal_restore_altstack(const struct sigaltstack *ss, uint64_t sp)
{
	(void)signal_altstack(ss, NULL, sp);	/* Linux: errors squashed */
}
