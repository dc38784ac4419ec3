/*
 * Signals, the part processes need now: numbers, a pending set, and the
 * default actions that end a process (kernel/proc/signal.c).  Handlers,
 * masks, stopping and the signal frame come with the signals work; the
 * state lives here so that it has one home.
 */
#ifndef ANVIL_KERNEL_SIGNAL_H
#define ANVIL_KERNEL_SIGNAL_H

#include <stdbool.h>
#include <stdint.h>

/* Linux numbering (include/uapi/asm-generic/signal.h). */
#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4
#define SIGTRAP		5
#define SIGABRT		6
#define SIGBUS		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGSTKFLT	16
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGURG		23
#define SIGXCPU		24
#define SIGXFSZ		25
#define SIGVTALRM	26
#define SIGPROF		27
#define SIGWINCH	28
#define SIGIO		29
#define SIGPWR		30
#define SIGSYS		31
#define SIGRTMIN	32
#define NSIG		64	/* signals are 1..NSIG */

struct signal_state {
	uint64_t pending;	/* bit sig-1 set: sig is pending */
};

struct process;

/* Make sig pending for p and wake it if it sleeps interruptibly, so that
 * it acts on the signal at its next return to ring 3.  Signals whose
 * default action is to ignore them are dropped here. */
void signal_send(struct process *p, int sig);

/* True if the current task has a signal pending that interrupts a sleep. */
bool signal_pending(void);

/* At a return to ring 3: act on the current process's pending signals.
 * For now every one that is pending terminates (its default action), so
 * this does not return when one is. */
void signal_deliver(void);

#endif
