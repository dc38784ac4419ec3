/*
 * Sending signals and their default actions (kernel/signal.h).  What
 * Linux does by default for each (signal(7)): most terminate; SIGCHLD,
 * SIGURG, SIGWINCH are ignored; SIGCONT continues a stopped process (and
 * is otherwise ignored); SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU stop.  Until
 * the signals work brings stopping and handlers, a stop signal is
 * dropped like an ignored one, and every other signal ends the process
 * at its next return to ring 3 -- which is also what happens on Linux to
 * a program that installed no handler.
 */
#include "kernel/signal.h"
#include "arch/x86_64/cpu/percpu.h"
#include "kernel/process.h"
#include "kernel/sched.h"

#define SIG_BIT(sig)	(1UL << ((sig) - 1))

static bool ignored_for_now(int sig)
{
	switch (sig) {
	case SIGCHLD: case SIGURG: case SIGWINCH: case SIGCONT:	/* ignore */
	case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:	/* stop: not yet */
		return true;
	default:
		return false;
	}
}

void signal_send(struct process *p, int sig)
{
	if (sig < 1 || sig > NSIG || p->pid == 0 || p->state == PROC_ZOMBIE || ignored_for_now(sig))
		return;
	p->sig.pending |= SIG_BIT(sig);
	if (p == process_current())
		this_cpu()->work |= PERCPU_WORK_SIGNAL;
	else if (p->state == PROC_SLEEPING)
		sched_wake(p);
}

bool signal_pending(void)
{
	return process_current()->sig.pending != 0;
}

void signal_deliver(void)
{
	struct process *p = process_current();
	if (!p->sig.pending)
		return;
	/* SIGKILL first, as Linux's dequeue of fatal signals; else the
	 * lowest number. */
	int sig = p->sig.pending & SIG_BIT(SIGKILL) ? SIGKILL : __builtin_ctzl(p->sig.pending) + 1;
	process_exit_signal(sig);
}
