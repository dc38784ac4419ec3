/*
 * Round-robin scheduling, the idle task, timed sleeps (kernel/sched.h).
 *
 * Why round-robin: anvil's tasks are a learner's programs and tests, and
 * fairness between them is all that matters -- a spinning program gets
 * its slice, and a sleeping one goes to the back of the queue when it
 * wakes, so it runs within one round.  One queue (not one per priority,
 * nor CFS's tree) keeps the code a page long; the SMP work decides
 * between one locked queue and one per CPU.
 *
 * Locking: sched_lock protects the run queue, the sleepers list and
 * every task's state field.  schedule() takes it and switch_to happens
 * with it held; the task switched to releases it (at the end of its own
 * schedule() call, or in sched_tail when it starts fresh) -- the lock
 * passes from one task to the next with the CPU.
 */
#include "kernel/sched.h"
#include "arch/x86_64/cpu/percpu.h"
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/trap/trap.h"
#include "kernel/mm/kstack.h"
#include "kernel/panic.h"
#include "kernel/printf.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "kernel/timer.h"

static struct spinlock sched_lock = SPINLOCK_INIT("scheduler");
static struct process *rq_head, *rq_tail;	/* runnable, not running */
static struct process *sleepers;		/* timed sleeps, soonest first */
static struct process idle_task;
static struct process *dead;			/* switched away from for good */
static bool running;

static void rq_push(struct process *p)
{
	p->rq_next = NULL;
	p->on_rq = true;
	if (rq_tail)
		rq_tail->rq_next = p;
	else
		rq_head = p;
	rq_tail = p;
}

static struct process *rq_pop(void)
{
	struct process *p = rq_head;
	if (p) {
		rq_head = p->rq_next;
		p->on_rq = false;
		if (!rq_head)
			rq_tail = NULL;
	}
	return p;
}

/*
 * The idle task: halt until an interrupt, and switch as soon as there is
 * something to run.  The queue is checked with interrupts off and
 * `sti; hlt` is one asm statement (sti_hlt): sti takes effect only after
 * the instruction that follows it, so no interrupt can come between the
 * check and the halt -- one that wakes a task either came before the
 * check (seen) or wakes the hlt (seen next time round).  Two separate
 * statements could halt with a task already runnable, until the next
 * tick.
 */
static void idle_loop(void *arg)
{
	(void)arg;
	for (;;) {
		cli();
		if (rq_head) {
			sti();
			schedule();
		} else {
			sti_hlt();
		}
	}
}

void sched_init(struct process *boot, void *kstack_top)
{
	boot->state = PROC_RUNNING;
	boot->arch.kstack_top = (uint64_t)kstack_top;
	boot->kstack = kstack_top;
	this_cpu()->current = boot;

	void *stack = kstack_alloc();
	if (!stack)
		panic("sched: no memory for the idle task's stack");
	ksnprintf(idle_task.name, sizeof(idle_task.name), "idle");
	idle_task.kstack = stack;
	idle_task.arch.kstack_top = (uint64_t)stack;
	idle_task.state = PROC_RUNNABLE;	/* never in the queue: the fallback */
	arch_thread_init_kernel(&idle_task.arch, idle_loop, NULL);
	running = true;
}

bool sched_running(void)
{
	return running;
}

static void need_resched(void)
{
	this_cpu()->work |= PERCPU_WORK_RESCHED;
}

/* Wake p: sched_lock held. */
static void wake_locked(struct process *p)
{
	bool asleep = p->state == PROC_SLEEPING || p->state == PROC_SLEEPING_UNINT;
	if (!asleep && !(p->state == PROC_RUNNABLE && !p->on_rq))
		return;		/* running, queued already, stopped or a zombie */
	if (p == this_cpu()->current) {
		p->state = PROC_RUNNING;	/* woken before it switched away */
		return;
	}
	p->state = PROC_RUNNABLE;
	rq_push(p);
	need_resched();		/* let it run soon: at the next return to ring 3 */
}

void sched_continue(struct process *p)
{
	uint64_t flags = spin_lock_irqsave(&sched_lock);
	if (p->state == PROC_STOPPED) {
		p->state = PROC_SLEEPING;	/* as if asleep: wake_locked does the rest */
		wake_locked(p);
	}
	spin_unlock_irqrestore(&sched_lock, flags);
}

void sched_wake(struct process *p)
{
	uint64_t flags = spin_lock_irqsave(&sched_lock);
	wake_locked(p);
	spin_unlock_irqrestore(&sched_lock, flags);
}

/* Finish a switch on the new task's side: release the lock the previous
 * task took, and free it if it ended for good (it could not free its own
 * stack while running on it). */
static struct process *finish_switch(void)
{
	struct process *gone = dead;
	dead = NULL;
	spin_unlock(&sched_lock);
	return gone;
}

void sched_tail(void)
{
	struct process *gone = finish_switch();
	if (gone)
		process_release(gone);
	/* Interrupts stay off: the caller returns to ring 3 or turns them on. */
}

void schedule(void)
{
	uint64_t flags = spin_lock_irqsave(&sched_lock);
	struct percpu *cpu = this_cpu();
	struct process *prev = cpu->current;

	cpu->work &= ~PERCPU_WORK_RESCHED;
	if (prev->state == PROC_RUNNING && prev != &idle_task) {
		prev->state = PROC_RUNNABLE;
		rq_push(prev);
	}
	struct process *next = rq_pop();
	if (!next)
		next = &idle_task;
	if (next == prev) {
		prev->state = PROC_RUNNING;
		spin_unlock_irqrestore(&sched_lock, flags);
		return;
	}
	next->state = PROC_RUNNING;
	next->slice = SCHED_SLICE_TICKS;
	if (prev->state == PROC_ZOMBIE && prev->autoreap)
		dead = prev;
	cpu->current = next;
	if (next->sig.pending & ~next->sig.blocked)
		cpu->work |= PERCPU_WORK_SIGNAL;
	else
		cpu->work &= ~PERCPU_WORK_SIGNAL;
	arch_switch(&prev->arch, &next->arch, next->mm ? next->mm->as : &kernel_as);

	/* prev runs again: someone switched back to it. */
	struct process *gone = finish_switch();
	if (gone)
		process_release(gone);
	irq_restore(flags);
}

/* Sleepers, soonest deadline first.  sched_lock held. */
static void sleepers_add(struct process *p)
{
	struct process **link = &sleepers;
	while (*link && (*link)->wake_at_ns <= p->wake_at_ns)
		link = &(*link)->timer_next;
	p->timer_next = *link;
	*link = p;
}

static void sleepers_remove(struct process *p)
{
	for (struct process **link = &sleepers; *link; link = &(*link)->timer_next)
		if (*link == p) {
			*link = p->timer_next;
			return;
		}
}

int sched_sleep_until(uint64_t deadline_ns, bool interruptible)
{
	struct process *self = process_current();
	for (;;) {
		uint64_t flags = spin_lock_irqsave(&sched_lock);
		if (uptime_ns() >= deadline_ns) {
			spin_unlock_irqrestore(&sched_lock, flags);
			return 0;
		}
		if (interruptible && signal_pending()) {
			spin_unlock_irqrestore(&sched_lock, flags);
			return -EINTR;
		}
		self->wake_at_ns = deadline_ns;
		self->state = interruptible ? PROC_SLEEPING : PROC_SLEEPING_UNINT;
		sleepers_add(self);
		spin_unlock(&sched_lock);
		schedule();
		spin_lock(&sched_lock);
		sleepers_remove(self);	/* a signal may have woken it early */
		self->wake_at_ns = 0;
		spin_unlock_irqrestore(&sched_lock, flags);
	}
}

void schedule_deadline(uint64_t deadline_ns)
{
	struct process *self = process_current();
	if (deadline_ns == UINT64_MAX) {
		schedule();
		return;
	}
	spin_lock(&sched_lock);
	self->wake_at_ns = deadline_ns;
	sleepers_add(self);
	spin_unlock(&sched_lock);
	schedule();
	spin_lock(&sched_lock);
	sleepers_remove(self);	/* woken by an event before its time */
	self->wake_at_ns = 0;
	spin_unlock(&sched_lock);
}

void sched_tick(bool from_user)
{
	struct process *cur = this_cpu()->current;
	if (cur != &idle_task) {
		if (from_user)
			cur->utime++;
		else
			cur->stime++;
		if (cur->slice == 0 || --cur->slice == 0)
			need_resched();
		itimer_cpu_tick(cur);
	}
	itimer_tick();		/* SIGALRM for the timers due (kernel/proc/itimer.c) */
	if (!sleepers)
		return;
	uint64_t now = uptime_ns();
	spin_lock(&sched_lock);
	while (sleepers && sleepers->wake_at_ns <= now) {
		struct process *p = sleepers;
		sleepers = p->timer_next;
		wake_locked(p);
	}
	spin_unlock(&sched_lock);
}

void user_return_work(struct trap_frame *f)
{
	for (;;) {
		struct percpu *cpu = this_cpu();
		if (cpu->work & PERCPU_WORK_RESCHED) {
			schedule();
			continue;
		}
		if (cpu->work & PERCPU_WORK_SIGNAL) {
			cpu->work &= ~PERCPU_WORK_SIGNAL;
			signal_deliver(f);	/* may end the process */
			continue;
		}
		return;
	}
}

void syscall_exit_work(struct trap_frame *f)
{
	user_return_work(f);
}

void user_enter_work(uint64_t rip, uint64_t sp)
{
	struct trap_frame f = { .rip = rip, .cs = ANVIL_USER_CS, .rflags = ANVIL_USER_RFLAGS,
				.rsp = sp, .ss = ANVIL_USER_DS, .vector = ANVIL_TRAP_VECTOR_NONE };
	user_return_work(&f);
	BUG_ON(f.rip != rip);	/* no handler can have been set up */
}
