/*
 * Signals (docs/signals.md): Linux's numbers, actions, masks and siginfo,
 * and the interface between the three places that handle them:
 *
 *   kernel/proc/signal.c          sending: who gets what, the queue,
 *                                 stop and continue at the sender's side
 *   kernel/proc/signal_deliver.c  at every return to ring 3: take the
 *                                 next signal, act on it (a default
 *                                 action, or a handler), restart calls
 *   arch/x86_64/entry/sigframe.c  the handler's frame on the user stack
 *                                 (Linux's rt_sigframe) and rt_sigreturn
 *
 * and the system calls around them (kernel/proc/sys_signal.c, sys_kill.c,
 * itimer.c).  A process is one thread for now; what threads will share
 * (the actions) is already a struct of its own with a reference count.
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
#define SIGRTMIN	32	/* 32..64: real-time signals, queued */
#define NSIG		64	/* signals are 1..NSIG */

/* The kernel's sigset_t: one bit per signal, bit sig-1 for sig (64 bits:
 * rt_sigprocmask and friends insist on sigsetsize 8). */
typedef uint64_t sigset_t;
#define SIG_BIT(sig)		(1UL << ((sig) - 1))
#define SIG_UNBLOCKABLE		(SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP))
#define SIG_STOPS		(SIG_BIT(SIGSTOP) | SIG_BIT(SIGTSTP) | SIG_BIT(SIGTTIN) | SIG_BIT(SIGTTOU))

/* sa_handler's two special values. */
#define SIG_DFL		0UL
#define SIG_IGN		1UL

/* sa_flags (include/uapi/asm-generic/signal-defs.h, asm/signal.h). */
#define SA_NOCLDSTOP	0x00000001UL	/* no SIGCHLD when a child stops or continues */
#define SA_NOCLDWAIT	0x00000002UL	/* children leave no zombie */
#define SA_SIGINFO	0x00000004UL	/* handler(sig, siginfo *, ucontext *) */
#define SA_UNSUPPORTED	0x00000400UL	/* never supported: a probe for the kernel's set */
#define SA_EXPOSE_TAGBITS 0x00000800UL
#define SA_RESTORER	0x04000000UL	/* sa_restorer is where the handler returns */
#define SA_ONSTACK	0x08000000UL	/* run on the sigaltstack */
#define SA_RESTART	0x10000000UL	/* restart interrupted system calls */
#define SA_NODEFER	0x40000000UL	/* do not block the signal in its handler */
#define SA_RESETHAND	0x80000000UL	/* back to SIG_DFL once delivered */
#define SA_KNOWN	(SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_EXPOSE_TAGBITS | \
			 SA_RESTORER | SA_ONSTACK | SA_RESTART | SA_NODEFER | SA_RESETHAND)

/* rt_sigaction's struct, as the x86-64 kernel takes it (arch/x86/include/
 * uapi/asm/signal.h, not libc's sigaction, whose mask is 128 bytes). */
struct k_sigaction {
	uint64_t handler;	/* SIG_DFL, SIG_IGN, or the handler's address */
	uint64_t flags;		/* SA_* */
	uint64_t restorer;	/* SA_RESTORER: libc's __restore_rt */
	sigset_t mask;		/* blocked, too, while the handler runs */
};
_Static_assert(sizeof(struct k_sigaction) == 32, "struct sigaction is 32 bytes");

/* The actions, shared by threads (CLONE_SIGHAND) once there are any. */
struct sighand {
	unsigned refs;
	struct k_sigaction action[NSIG];	/* action[sig - 1] */
};

/* si_code values (include/uapi/asm-generic/siginfo.h).  <= 0: sent by a
 * program; > 0: by the kernel, their meaning depends on the signal. */
#define SI_USER		0	/* kill */
#define SI_KERNEL	0x80
#define SI_QUEUE	(-1)	/* sigqueue, rt_sigqueueinfo */
#define SI_TIMER	(-2)
#define SI_TKILL	(-6)	/* tkill, tgkill */
#define ILL_ILLOPN	2	/* SIGILL: illegal operand (#UD) */
#define FPE_INTDIV	1	/* SIGFPE: integer divide by zero */
#define FPE_INTOVF	2
#define FPE_FLTDIV	3	/* the x87/SSE causes, from the status word */
#define FPE_FLTOVF	4
#define FPE_FLTUND	5
#define FPE_FLTRES	6
#define FPE_FLTINV	7
#define SEGV_MAPERR	1	/* SIGSEGV: nothing mapped there */
#define SEGV_ACCERR	2	/* SIGSEGV: mapped, but not for this access */
#define BUS_ADRALN	1	/* SIGBUS: misaligned (#AC) */
#define BUS_ADRERR	2	/* SIGBUS: past the end of a mapped file */
#define TRAP_BRKPT	1
#define TRAP_TRACE	2	/* SIGTRAP: a single step (RFLAGS.TF) */
#define TRAP_HWBKPT	4	/* SIGTRAP: a hardware breakpoint (DR0..DR3) */
#define CLD_EXITED	1	/* SIGCHLD */
#define CLD_KILLED	2
#define CLD_DUMPED	3
#define CLD_STOPPED	5
#define CLD_CONTINUED	6

/* siginfo_t, 128 bytes, as Linux lays it out for x86-64: three ints, a
 * pad, then one of these shapes at offset 16. */
struct siginfo {
	int32_t signo, errno_, code, pad0;
	union {
		struct { int32_t pid; uint32_t uid; uint64_t value; } kill;	/* kill, queue */
		struct { int32_t tid, overrun; uint64_t value; } timer;
		struct { int32_t pid; uint32_t uid; int32_t status, pad;
			 int64_t utime, stime; } chld;				/* SIGCHLD */
		struct { uint64_t addr; } fault;	/* SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP */
		uint8_t bytes[112];
	};
};
_Static_assert(sizeof(struct siginfo) == 128, "siginfo_t is 128 bytes");

/* One queued signal (real-time signals may be queued many times; a
 * standard one at most once). */
struct sigqueue {
	struct sigqueue *next;
	struct siginfo info;
};

/* stack_t (sigaltstack), and its flags. */
struct sigaltstack {
	uint64_t sp;
	int32_t flags, pad;
	uint64_t size;
};
#define SS_ONSTACK	1
#define SS_DISABLE	2
#define SS_AUTODISARM	(1U << 31)
#define MINSIGSTKSZ	2048

/* What restart_syscall (219) goes on with after ERESTART_RESTARTBLOCK. */
struct restart_block {
	long (*fn)(struct restart_block *rb);
	uint64_t deadline_ns;	/* nanosleep: when the sleep ends */
	uint64_t urem;		/* nanosleep: where the time left goes (0: nowhere) */
	int clock;
	/* futex: the wait to go on with, to deadline_ns (kernel/proc/futex.c) */
	uint64_t futex_uaddr;
	uint32_t futex_val, futex_bitset;
	bool futex_shared;
};

/* A process's signal state. */
struct signal_state {
	sigset_t pending;	/* signals with at least one entry in queue */
	struct sigqueue *queue;	/* oldest first */
	unsigned queued;	/* entries, against RLIMIT_SIGPENDING */
	struct sigqueue *spare;	/* the last entry taken off, kept for the next send */
	sigset_t blocked;
	/* rt_sigsuspend, ppoll, pselect6: the mask to put back once a handler
	 * has run (it goes into the handler's frame) or the call returns */
	sigset_t saved_mask;
	bool restore_mask;
	struct sighand *hand;
	struct sigaltstack alt;		/* flags SS_DISABLE when there is none */
	/* The last fault, for the handler's sigcontext (Linux's
	 * thread.trap_nr, error_code, cr2). */
	uint64_t trap_nr, error_code, cr2;
	/* Stopped by a signal (SIGSTOP, SIGTSTP, ...) until SIGCONT. */
	bool stopped;
	/* For the parent's wait4: a stop (WUNTRACED) or a continue
	 * (WCONTINUED) not yet reported; stop_sig the signal that stopped it. */
	bool report_stop, report_cont;
	int stop_sig;
	int exit_signal;		/* sent to the parent at exit: clone's low byte */
	struct restart_block restart;
	/* setitimer(ITIMER_REAL) and alarm: the next expiry (0: none) and
	 * the interval after it (kernel/proc/itimer.c) */
	uint64_t itimer_at_ns, itimer_interval_ns;
	uint64_t itimer_last_ns;	/* the last expiry set: the interval counts from it */
	struct process *itimer_next;	/* in the list of armed timers */
	/* ITIMER_VIRTUAL [0] and ITIMER_PROF [1]: the expiry, in ns of the
	 * process's user (user + system) time, 0: none; the interval */
	uint64_t cpu_itimer_expires_ns[2], cpu_itimer_incr_ns[2];
};

struct process;
struct trap_frame;

/* The default action of sig (signal(7)). */
enum sig_default { SIG_ACT_TERM, SIG_ACT_CORE, SIG_ACT_IGNORE, SIG_ACT_STOP, SIG_ACT_CONT };
enum sig_default signal_default_action(int sig);

/* --- sending (kernel/proc/signal.c) --- */

/* Send sig to p with info (NULL: sent by the kernel, SI_KERNEL).  Does
 * what Linux's prepare_signal does at the sender: SIGCONT continues a
 * stopped p and drops its pending stops, a stop drops a pending SIGCONT,
 * an ignored signal is dropped; then queues it and wakes p if it sleeps
 * interruptibly (or is stopped, for SIGKILL).  0, or -EAGAIN when a
 * real-time signal finds the queue full (RLIMIT_SIGPENDING).  Table
 * locked or interrupts off: it does not sleep. */
int signal_send_info(struct process *p, int sig, const struct siginfo *info);
/* signal_send_info(p, sig, NULL), ignoring -EAGAIN. */
void signal_send(struct process *p, int sig);

/* A fault of the current process becomes sig with code and addr (the
 * sigcontext's trap_nr, error_code and cr2 come from trapno/err/cr2).
 * If the program has a handler for it, not blocked, it runs at the
 * return to ring 3 and this returns.  Otherwise the process ends as
 * Linux's force_sig_fault ends it: killed, with the one-line report
 * what (process_kill). */
void signal_force_fault(int sig, int code, uint64_t addr, uint64_t trapno, uint64_t err,
			uint64_t cr2, const char *what);

/* True if the current task has a signal that must end an interruptible
 * sleep: pending and not blocked, or SIGKILL.  Also makes sure the way
 * back to ring 3 looks at it (the work bit). */
bool signal_pending(void);
/* Recompute the work bit after blocked or pending changed. */
void signal_recalc(struct process *p);

/* Take the lowest pending signal in ~mask (SIGKILL first) off p's queue:
 * its number and *info, or 0. */
int signal_dequeue(struct process *p, sigset_t mask, struct siginfo *info);

/* fork: child's state from parent's (actions copied, mask and altstack
 * kept, nothing pending).  0 or -ENOMEM. */
int signal_fork(struct process *child, const struct process *parent);
/* execve: handlers back to SIG_DFL (SIG_IGN stays), no altstack. */
int signal_exec(struct process *p);
/* Let go of everything (the queue, the actions): at reap. */
void signal_free(struct process *p);

/* --- at the return to ring 3 (kernel/proc/signal_deliver.c) --- */

/* Act on the current process's pending signals with the user registers f
 * (a frame of a system call, interrupt or exception from ring 3): take
 * default actions, or build one handler's frame; restart or -EINTR an
 * interrupted system call; put back a saved mask.  Does not return when
 * a signal ends the process. */
void signal_deliver(struct trap_frame *f);

/* p is exiting with wait_status: tell its parent (p->sig.exit_signal,
 * SIGCHLD for a fork, with CLD_EXITED, CLD_KILLED or CLD_DUMPED) and say
 * whether the parent wants no zombie (its SIGCHLD action is SIG_IGN or
 * has SA_NOCLDWAIT: true).  Table locked. */
bool signal_notify_parent_exit(struct process *p, int wait_status);

/* The current process stops with sig (its default action): the parent
 * is told, and this returns once SIGCONT or SIGKILL came. */
void signal_stop(int sig);

/* sigaltstack(ss, old) with the program's stack pointer sp (Linux's
 * do_sigaltstack): 0, -EPERM (on the alternate stack now), -EINVAL, or
 * -ENOMEM (smaller than MINSIGSTKSZ).  ss or old may be NULL. */
int signal_altstack(const struct sigaltstack *ss, struct sigaltstack *old, uint64_t sp);
/* rt_sigreturn puts the frame's sigaltstack back; errors are ignored. */
void signal_restore_altstack(const struct sigaltstack *ss, uint64_t sp);

/* sigsuspend, ppoll, pselect6: block mask for the call; the old mask
 * comes back when the handler returns, or at the call's end if none ran. */
void signal_set_temporary_mask(sigset_t mask);
/* The end of such a call: the old mask back now, unless interrupted
 * (a signal is pending; delivery puts it back after the handler, or at
 * once if none runs).  Linux's restore_saved_sigmask_unless. */
void signal_restore_saved_mask_unless(bool interrupted);

/* --- ITIMER_REAL and alarm (kernel/proc/itimer.c) --- */

/* From the timer tick (interrupts off): SIGALRM to each process whose
 * timer is due, the timer disarmed. */
void itimer_tick(void);
/* p's SIGALRM was taken off its queue: a disarmed timer with an interval
 * is armed again (Linux's dequeue_signal). */
void itimer_dequeued(struct process *p);
/* p goes away: its timer with it. */
void itimer_cancel(struct process *p);
/* From the timer tick, after the tick was counted to cur's user or
 * system time: SIGVTALRM and SIGPROF when its CPU-time timers are due. */
void itimer_cpu_tick(struct process *cur);

/* --- the arch side (arch/x86_64/entry/sigframe.c) --- */

/* Build the rt_sigframe for sig on the user stack of f (or the
 * alternate stack) and point f at the handler.  saved: the mask to put
 * back at rt_sigreturn.  0, or -EFAULT when the frame cannot be written
 * (the caller kills the process with SIGSEGV). */
int arch_signal_frame(struct trap_frame *f, int sig, const struct siginfo *info,
		      const struct k_sigaction *ka, sigset_t saved);
/* f came from a system call (SYSCALL or int $0x80): its number, else -1. */
long arch_syscall_nr(const struct trap_frame *f);
/* The call's result in f. */
long arch_syscall_result(const struct trap_frame *f);
void arch_syscall_set_result(struct trap_frame *f, long v);
/* Make f go back to the system call instruction with its number in RAX
 * (a restart); nr: the number to put there. */
void arch_syscall_rewind(struct trap_frame *f, long nr);
/* The number of restart_syscall in f's table (ERESTART_RESTARTBLOCK). */
long arch_restart_syscall_nr(const struct trap_frame *f);
/* The user stack pointer of f (on or off the alternate stack?). */
uint64_t arch_user_sp(const struct trap_frame *f);

#endif
