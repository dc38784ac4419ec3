/*
 * Wait queues: how a task sleeps until something happens, without
 * spinning.  The waker and the sleeper share a condition; the sleeper
 * checks it after putting itself on the queue, so a wake-up that comes
 * between the check and the sleep is never lost.
 *
 *	static struct wait_queue input_wq = WAIT_QUEUE_INIT("console input");
 *
 *	// the sleeper (process context)
 *	int err = wait_event_interruptible(&input_wq, !queue_empty());
 *	if (err)
 *		return err;		// -ERESTARTSYS: a signal came first
 *
 *	// the waker (an interrupt handler, another task)
 *	put_byte(c);
 *	wake_up(&input_wq);
 *
 * docs/processes.md, "Wait queues".
 */
#ifndef ANVIL_KERNEL_WAIT_H
#define ANVIL_KERNEL_WAIT_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/errno.h"
#include "kernel/spinlock.h"

struct process;

struct wait_entry;

struct wait_queue {
	struct spinlock lock;
	struct process *head;		/* sleepers, linked by wq_next */
	struct wait_entry *entries;	/* pollers (below), linked by next */
};

#define WAIT_QUEUE_INIT(n)	{ .lock = SPINLOCK_INIT(n), .head = 0, .entries = 0 }

/*
 * Sleeping on several queues at once (poll, select; kernel/fs/poll.c).
 * A process's own wq_next link puts it on one queue only, which is all
 * wait_event_* needs.  A poller instead hangs one wait_entry per queue
 * it watches -- memory it owns, usually on its kernel stack -- and stays
 * linked on all of them until it calls wait_entry_remove on each.
 * wake_up wakes the task of every entry (sched_wake: a no-op if it is
 * awake already) but leaves the entries linked: the poller looks at all
 * its files again, then sleeps again or removes them.  Linux's
 * wait_queue_entry with pollwake as the callback, without the callback.
 */
struct wait_entry {
	struct wait_queue *wq;
	struct process *task;
	struct wait_entry *next;	/* in wq->entries */
};

/* Link e (for the current task) on wq; remove it before e's memory goes. */
void wait_entry_add(struct wait_queue *wq, struct wait_entry *e);
void wait_entry_remove(struct wait_entry *e);

void wait_queue_init(struct wait_queue *wq, const char *name);

/* Wake every task sleeping on wq (each rechecks its condition), and the
 * task of every wait_entry on it. */
void wake_up(struct wait_queue *wq);

/* The steps wait_event_* are made of.  wait_prepare puts the current
 * task on wq in the sleeping state and returns with interrupts off (the
 * flags to give back); then the caller checks its condition and either
 * calls wait_finish (it holds) or wait_sleep (it does not: switch away
 * until woken, then come back with interrupts off again). */
uint64_t wait_prepare(struct wait_queue *wq, bool interruptible);
void wait_sleep(struct wait_queue *wq);
void wait_finish(struct wait_queue *wq, uint64_t flags);

/* True if an interruptible sleep must end: a signal is pending. */
bool wait_interrupted(void);

/* Sleep until cond holds; 0, or -ERESTARTSYS if a signal is pending
 * first (-EINTR for the program, or the call made again: kernel/errno.h).
 * cond is evaluated with interrupts off and must not sleep. */
#define wait_event_interruptible(wq, cond)                                     \
	({                                                                     \
		int __ret = 0;                                                 \
		uint64_t __flags;                                              \
		for (;;) {                                                     \
			__flags = wait_prepare((wq), true);                    \
			if (cond)                                              \
				break;                                         \
			if (wait_interrupted()) {                              \
				__ret = -ERESTARTSYS;                           \
				break;                                         \
			}                                                      \
			wait_sleep(wq);                                        \
			wait_finish((wq), __flags);                            \
		}                                                              \
		wait_finish((wq), __flags);                                    \
		__ret;                                                         \
	})

/* The same, not woken by signals (kernel tasks, short waits). */
#define wait_event(wq, cond)                                                   \
	do {                                                                   \
		for (;;) {                                                     \
			uint64_t __flags = wait_prepare((wq), false);          \
			bool __done = (cond);                                  \
			if (!__done)                                           \
				wait_sleep(wq);                                \
			wait_finish((wq), __flags);                            \
			if (__done)                                            \
				break;                                         \
		}                                                              \
	} while (0)

#endif
