/*
 * Acting on signals at a return to ring 3 (kernel/signal.h), Linux's
 * get_signal and arch_do_signal_or_restart: every way back to a program
 * -- after a system call, an interrupt or an exception -- calls
 * signal_deliver with the program's registers when the work bit says a
 * signal is pending (user_return_work, kernel/proc/sched.c).
 *
 * A system call that a signal interrupted returns one of the -ERESTART*
 * codes (kernel/errno.h), which never reach the program: a handler that
 * runs gets -EINTR in RAX -- or, for -ERESTARTSYS with SA_RESTART, the
 * call is made again once the handler returns -- and with no handler the
 * call is made again at once.  "Made again" is done by the registers:
 * RIP back over the two-byte `syscall`, RAX the number once more.
 */
#include "kernel/errno.h"
#include "kernel/format.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"

/* With a handler to run: what becomes of an interrupted call. */
static void restart_for_handler(struct trap_frame *f, const struct k_sigaction *ka)
{
	long nr = arch_syscall_nr(f);
	if (nr < 0)
		return;
	switch (arch_syscall_result(f)) {
	case -ERESTART_RESTARTBLOCK:
	case -ERESTARTNOHAND:
		arch_syscall_set_result(f, -EINTR);
		break;
	case -ERESTARTSYS:
		if (!(ka->flags & SA_RESTART)) {
			arch_syscall_set_result(f, -EINTR);
			break;
		}
		/* fall through */
	case -ERESTARTNOINTR:
		arch_syscall_rewind(f, nr);
		break;
	}
}

/* With no handler run (the signals were ignored, or stopped and
 * continued the process): every interrupted call is made again. */
static void restart_without_handler(struct trap_frame *f)
{
	long nr = arch_syscall_nr(f);
	if (nr < 0)
		return;
	switch (arch_syscall_result(f)) {
	case -ERESTARTNOHAND:
	case -ERESTARTSYS:
	case -ERESTARTNOINTR:
		arch_syscall_rewind(f, nr);
		break;
	case -ERESTART_RESTARTBLOCK:
		arch_syscall_rewind(f, arch_restart_syscall_nr(f));
		break;
	}
}

/* Set up the handler's frame; then the mask it runs with (Linux's
 * signal_delivered): the current one, plus sa_mask, plus the signal
 * itself unless SA_NODEFER. */
static void run_handler(struct process *p, struct trap_frame *f, int sig,
			const struct siginfo *info, struct k_sigaction *ka)
{
	struct signal_state *s = &p->sig;
	restart_for_handler(f, ka);
	sigset_t saved = s->restore_mask ? s->saved_mask : s->blocked;
	if (arch_signal_frame(f, sig, info, ka, saved) != 0) {
		char what[128];
		ksnprintf(what, sizeof(what), "no room for the frame of signal %d below 0x%lx", sig,
			  (unsigned long)arch_user_sp(f));
		process_kill(SIGSEGV, what);	/* Linux's force_sigsegv */
	}
	s->restore_mask = false;
	s->blocked |= ka->mask;
	if (!(ka->flags & SA_NODEFER))
		s->blocked |= SIG_BIT(sig);
	s->blocked &= ~SIG_UNBLOCKABLE;
	if (ka->flags & SA_RESETHAND)
		ka->handler = SIG_DFL;
	signal_recalc(p);	/* another one pending: its frame goes on top */
}

/* sig's default action; returns if the process goes on. */
static void default_action(int sig)
{
	switch (signal_default_action(sig)) {
	case SIG_ACT_IGNORE:
	case SIG_ACT_CONT:	/* the continuing happened when it was sent */
		return;
	case SIG_ACT_STOP:
		signal_stop(sig);
		return;
	case SIG_ACT_CORE:
	case SIG_ACT_TERM:
		process_exit_signal(sig);	/* the core bit is process.c's */
	}
}

void signal_deliver(struct trap_frame *f)
{
	struct process *p = process_current();
	struct siginfo info;
	int sig;
	while ((sig = signal_dequeue(p, p->sig.blocked, &info)) != 0) {
		struct k_sigaction *ka = &p->sig.hand->action[sig - 1];
		if (ka->handler == SIG_IGN)
			continue;
		if (ka->handler != SIG_DFL) {
			run_handler(p, f, sig, &info, ka);
			return;
		}
		default_action(sig);
	}
	restart_without_handler(f);
	if (p->sig.restore_mask) {	/* sigsuspend and friends, no handler ran */
		p->sig.restore_mask = false;
		p->sig.blocked = p->sig.saved_mask;
		signal_recalc(p);
	}
}

/* restart_syscall (219): what the way back to ring 3 makes a program call
 * after -ERESTART_RESTARTBLOCK with no handler run; it goes on with the
 * interrupted call from where it stopped.  With nothing to go on with
 * (a handler ran since, or a program calls it by itself): -EINTR, as
 * Linux's do_no_restart_syscall. */
long sys_restart_syscall(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	(void)arg;
	struct restart_block *rb = &process_current()->sig.restart;
	long (*fn)(struct restart_block *) = rb->fn;
	rb->fn = NULL;
	return fn ? fn(rb) : -EINTR;
}
