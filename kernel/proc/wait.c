/*
 * Wait queues (kernel/wait.h).
 *
 * Why the sleeper joins the queue *before* it checks its condition: if it
 * checked first, an interrupt between the check and the sleep could make
 * the condition true and call wake_up on a queue the sleeper is not on
 * yet -- and it would sleep through the event (a "lost wake-up").  With
 * interrupts off from wait_prepare to the switch, and the task already
 * on the queue and marked sleeping when it looks, any wake_up after the
 * look finds it there.
 */
#include "kernel/wait.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/signal.h"

void wait_queue_init(struct wait_queue *wq, const char *name)
{
	*wq = (struct wait_queue)WAIT_QUEUE_INIT(name);
}

static void dequeue(struct wait_queue *wq, struct process *p)
{
	for (struct process **link = &wq->head; *link; link = &(*link)->wq_next)
		if (*link == p) {
			*link = p->wq_next;
			break;
		}
	p->wq_next = NULL;
	p->waiting_on = NULL;
}

uint64_t wait_prepare(struct wait_queue *wq, bool interruptible)
{
	struct process *self = process_current();
	uint64_t flags = spin_lock_irqsave(&wq->lock);
	if (self->waiting_on != wq) {
		self->wq_next = wq->head;
		wq->head = self;
		self->waiting_on = wq;
	}
	self->state = interruptible ? PROC_SLEEPING : PROC_SLEEPING_UNINT;
	spin_unlock(&wq->lock);
	return flags;		/* interrupts stay off */
}

void wait_sleep(struct wait_queue *wq)
{
	(void)wq;
	schedule();		/* back here once woken, interrupts still off */
}

void wait_finish(struct wait_queue *wq, uint64_t flags)
{
	struct process *self = process_current();
	spin_lock(&wq->lock);
	if (self->waiting_on == wq)
		dequeue(wq, self);
	spin_unlock(&wq->lock);
	self->state = PROC_RUNNING;
	irq_restore(flags);
}

bool wait_interrupted(void)
{
	return signal_pending();
}

void wake_up(struct wait_queue *wq)
{
	uint64_t flags = spin_lock_irqsave(&wq->lock);
	while (wq->head) {
		struct process *p = wq->head;
		dequeue(wq, p);
		sched_wake(p);
	}
	for (struct wait_entry *e = wq->entries; e; e = e->next)
		sched_wake(e->task);	/* the entry stays: its owner removes it */
	spin_unlock_irqrestore(&wq->lock, flags);
}

void wait_entry_add(struct wait_queue *wq, struct wait_entry *e)
{
	e->wq = wq;
	e->task = process_current();
	uint64_t flags = spin_lock_irqsave(&wq->lock);
	e->next = wq->entries;
	wq->entries = e;
	spin_unlock_irqrestore(&wq->lock, flags);
}

void wait_entry_remove(struct wait_entry *e)
{
	struct wait_queue *wq = e->wq;
	uint64_t flags = spin_lock_irqsave(&wq->lock);
	for (struct wait_entry **link = &wq->entries; *link; link = &(*link)->next)
		if (*link == e) {
			*link = e->next;
			break;
		}
	spin_unlock_irqrestore(&wq->lock, flags);
	e->next = NULL;
}
