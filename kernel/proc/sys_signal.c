/*
 * The signal system calls on a process's own state (kernel/signal.h):
 * actions, the mask, what is pending, waiting for signals, the alternate
 * stack.  Each as Linux's kernel/signal.c has it; the kernel's sigset_t
 * is 8 bytes, and every call that takes a sigsetsize wants exactly that
 * (EINVAL otherwise), as on x86-64 Linux.
 */
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/syscall/syscall.h"
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/timer.h"
#include "kernel/uaccess.h"

#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2

static bool valid_signal(long sig)
{
	return sig >= 1 && sig <= NSIG;
}

/* Drop what is pending of sig (an action that now ignores it). */
static void discard_pending(struct process *p, int sig)
{
	struct siginfo info;
	sigset_t others = ~SIG_BIT(sig);
	while (p->sig.pending & SIG_BIT(sig))
		(void)signal_dequeue(p, others, &info);
}

/* rt_sigaction(sig, act, oact, sigsetsize) */
long sys_rt_sigaction(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	int sig = (int)arg[0];
	if (arg[3] != sizeof(sigset_t) || !valid_signal(sig))
		return -EINVAL;
	struct k_sigaction act;
	if (arg[1] && copy_from_user(&act, arg[1], sizeof(act)))
		return -EFAULT;
	if (arg[1] && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	struct process *p = process_current();
	struct k_sigaction *ka = &p->sig.hand->action[sig - 1];
	if (arg[2] && copy_to_user(arg[2], ka, sizeof(*ka)))
		return -EFAULT;
	if (!arg[1])
		return 0;
	/* Unknown flags are cleared (since Linux 5.11), so a program can
	 * read back which ones the kernel knows. */
	act.flags &= SA_KNOWN;
	act.mask &= ~SIG_UNBLOCKABLE;
	*ka = act;
	if (act.handler == SIG_IGN ||
	    (act.handler == SIG_DFL && signal_default_action(sig) == SIG_ACT_IGNORE))
		discard_pending(p, sig);
	return 0;
}

/* rt_sigprocmask(how, set, oset, sigsetsize) */
long sys_rt_sigprocmask(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	if (arg[3] != sizeof(sigset_t))
		return -EINVAL;
	struct process *p = process_current();
	sigset_t old = p->sig.blocked, set;
	if (arg[1]) {
		if (copy_from_user(&set, arg[1], sizeof(set)))
			return -EFAULT;
		switch (arg[0]) {
		case SIG_BLOCK: set = old | set; break;
		case SIG_UNBLOCK: set = old & ~set; break;
		case SIG_SETMASK: break;
		default: return -EINVAL;
		}
	}
	if (arg[2] && copy_to_user(arg[2], &old, sizeof(old)))
		return -EFAULT;
	if (arg[1]) {
		p->sig.blocked = set & ~SIG_UNBLOCKABLE;
		signal_recalc(p);
	}
	return 0;
}

/* rt_sigpending(set, sigsetsize): what is pending and blocked. */
long sys_rt_sigpending(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	if (arg[1] > sizeof(sigset_t))
		return -EINVAL;
	struct process *p = process_current();
	sigset_t set = p->sig.pending & p->sig.blocked;
	return copy_to_user(arg[0], &set, arg[1]) ? -EFAULT : 0;
}

/* Sleep until a signal is pending that the mask lets through. */
static void sleep_for_signal(void)
{
	struct process *self = process_current();
	uint64_t flags = irq_save();
	for (;;) {
		self->state = PROC_SLEEPING;	/* before the look: a send wakes it */
		if (signal_pending())
			break;
		schedule();
	}
	self->state = PROC_RUNNING;
	irq_restore(flags);
}

/* pause(): until a handler has run (-EINTR); a signal that ends the
 * process or is ignored never lets it return. */
long sys_pause(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	(void)arg;
	sleep_for_signal();
	return -ERESTARTNOHAND;
}

/* rt_sigsuspend(mask, sigsetsize): pause with mask blocked; the old mask
 * comes back after the handler (it is the one in the handler's frame). */
long sys_rt_sigsuspend(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	sigset_t mask;
	if (arg[1] != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&mask, arg[0], sizeof(mask)))
		return -EFAULT;
	signal_set_temporary_mask(mask);
	sleep_for_signal();
	return -ERESTARTNOHAND;
}

struct kernel_timespec {
	int64_t sec, nsec;
};

/* The deadline of a timeout argument: UINT64_MAX without one; 0 and
 * *err for a bad one. */
static uint64_t timeout_deadline(uint64_t uts, int *err)
{
	*err = 0;
	if (!uts)
		return UINT64_MAX;
	struct kernel_timespec ts;
	if (copy_from_user(&ts, uts, sizeof(ts))) {
		*err = -EFAULT;
		return 0;
	}
	if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= 1000000000) {
		*err = -EINVAL;
		return 0;
	}
	uint64_t now = uptime_ns(), ns = (uint64_t)ts.sec * 1000000000U + (uint64_t)ts.nsec;
	if ((uint64_t)ts.sec > UINT64_MAX / 2000000000U || ns > UINT64_MAX - now)
		return UINT64_MAX;
	return now + ns;
}

/* rt_sigtimedwait(set, info, timeout, sigsetsize): take a signal of set
 * off the queue without running its handler (Linux's do_sigtimedwait):
 * while waiting, set is unblocked so that its signals wake the wait. */
long sys_rt_sigtimedwait(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	sigset_t set;
	if (arg[3] != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&set, arg[0], sizeof(set)))
		return -EFAULT;
	int err;
	uint64_t deadline = timeout_deadline(arg[2], &err);
	if (err)
		return err;
	set &= ~SIG_UNBLOCKABLE;
	struct process *p = process_current();
	struct siginfo info;
	int sig = signal_dequeue(p, ~set, &info), slept = 0;
	if (!sig && deadline > uptime_ns()) {
		sigset_t real_blocked = p->sig.blocked;
		p->sig.blocked &= ~set;
		slept = sched_sleep_until(deadline, true);	/* -EINTR: a signal came */
		p->sig.blocked = real_blocked;
		sig = signal_dequeue(p, ~set, &info);
	}
	signal_recalc(p);
	if (!sig)
		return slept ? -EINTR : -EAGAIN;
	if (arg[1] && copy_to_user(arg[1], &info, sizeof(info)))
		return -EFAULT;
	return sig;
}

/* sigaltstack(uss, uoss), with the stack pointer the program called it on. */
long sys_sigaltstack(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct sigaltstack ss, old;
	if (arg[0] && copy_from_user(&ss, arg[0], sizeof(ss)))
		return -EFAULT;
	int err = signal_altstack(arg[0] ? &ss : NULL, &old, syscall_user_sp(arg));
	if (!err && arg[1] && copy_to_user(arg[1], &old, sizeof(old)))
		return -EFAULT;
	return err;
}
