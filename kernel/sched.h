/*
 * The scheduler: which task runs on the CPU, and for how long
 * (kernel/proc/sched.c; docs/processes.md, "Scheduling").
 *
 * Round-robin: runnable tasks wait in one FIFO queue; the one at its head
 * runs for a time slice of SCHED_SLICE_TICKS timer ticks, then goes to
 * the back.  A task that sleeps leaves the queue and joins the back when
 * woken.  When the queue is empty the CPU runs its idle task, which
 * halts until an interrupt.
 *
 * Preemption happens on the way back to ring 3 only: the tick sets
 * PERCPU_WORK_RESCHED, and every return to a program (from a system
 * call, an interrupt or an exception) checks it.  Kernel code is never
 * preempted in the middle, so it only has to protect data from interrupt
 * handlers (and, later, other CPUs) -- with the spinlocks of
 * kernel/spinlock.h.
 */
#ifndef ANVIL_KERNEL_SCHED_H
#define ANVIL_KERNEL_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#define SCHED_SLICE_TICKS	2	/* 20 ms at the default 100 Hz */

struct process;

/* The boot task (the code running kmain, on the stack whose top is
 * kstack_top) becomes the first task; the idle task is created. */
void sched_init(struct process *boot, void *kstack_top);

/* Switch to the next runnable task (or idle); returns when this task is
 * picked again.  A task that is still PROC_RUNNING goes to the back of
 * the queue; one that set itself sleeping stays out of it. */
void schedule(void);

/* Make p runnable (a new task, or a sleeping one woken) and ask for a
 * reschedule.  Any context, interrupts on or off. */
void sched_wake(struct process *p);
/* Make p, stopped by a signal (PROC_STOPPED), runnable again: SIGCONT,
 * or SIGKILL, which a stopped process must wake up for to die. */
void sched_continue(struct process *p);

/* From the timer tick (interrupts off): account the tick to the running
 * task (user or system time), end its slice, wake sleepers whose time
 * has come. */
void sched_tick(bool from_user);

/* Sleep until uptime_ns() >= deadline: 0, or -EINTR if interruptible
 * and a signal comes first. */
int sched_sleep_until(uint64_t deadline_ns, bool interruptible);

/* For a task that sleeps on wait entries (poll, select): it has set its
 * own state sleeping, with interrupts off, and looked at its condition.
 * Switch away until woken -- by a wake_up, a signal or, at the latest,
 * when uptime_ns() reaches deadline_ns (UINT64_MAX: no deadline).
 * Returns with interrupts still off; the caller sets itself running. */
void schedule_deadline(uint64_t deadline_ns);

/* True once sched_init has run (before it, sleeping means halting). */
bool sched_running(void);

/* The end of a switch, for a task that starts fresh instead of returning
 * from schedule() (switch_to.asm's task_entry, fork_child_entry). */
void sched_tail(void);

struct trap_frame;
/* Before any return to ring 3, with interrupts off: reschedule while
 * asked to, act on pending signals (which may rewrite f, the program's
 * registers).  Returns with interrupts off. */
void user_return_work(struct trap_frame *f);
/* The SYSCALL path's slow way back (syscall_entry.asm), with the trap
 * frame it built from its own. */
void syscall_exit_work(struct trap_frame *f);
/* The work before a new program's first instruction at rip with stack
 * sp (user_enter).  Its handlers are all SIG_DFL or SIG_IGN (execve
 * resets them), so only a default action can happen: a kill or a stop. */
void user_enter_work(uint64_t rip, uint64_t sp);

#endif
