/*
 * Spinlocks: the one way kernel code protects data that another CPU, or
 * an interrupt handler on this one, may touch at the same time.
 *
 *	static struct spinlock table_lock = SPINLOCK_INIT("process table");
 *
 *	uint64_t flags = spin_lock_irqsave(&table_lock);
 *	... change the table ...
 *	spin_unlock_irqrestore(&table_lock, flags);
 *
 * The irqsave form turns interrupts off on this CPU first (and gives back
 * the state it found), so an interrupt handler that takes the same lock
 * cannot interrupt the holder and spin for ever.  anvil runs on one CPU
 * today, where the interrupt flag alone would do; the lock word is taken
 * anyway, so every shared structure already names its lock and the SMP
 * work only has to make the spin real (a held lock here is a bug: on one
 * CPU nobody else could ever release it, so it panics instead of
 * spinning).  docs/processes.md, "Locks".
 */
#ifndef ANVIL_KERNEL_SPINLOCK_H
#define ANVIL_KERNEL_SPINLOCK_H

#include <stdint.h>
#include "arch/x86_64/insn/atomic.h"
#include "arch/x86_64/insn/cpu.h"
#include "kernel/panic.h"

struct spinlock {
	volatile uint32_t locked;	/* 1 while held */
	const char *name;		/* for the panic message */
};

#define SPINLOCK_INIT(n)	{ .locked = 0, .name = (n) }

static inline void spin_lock(struct spinlock *l)
{
	/* xchg is a full barrier: the critical section cannot start before
	 * the lock is ours (arch/x86_64/insn/atomic.h). */
	if (xchg32(&l->locked, 1) != 0)
		panic("spinlock %s: already held (one CPU: a deadlock)", l->name);
}

static inline void spin_unlock(struct spinlock *l)
{
	store_release32(&l->locked, 0);
}

static inline uint64_t spin_lock_irqsave(struct spinlock *l)
{
	uint64_t flags = irq_save();
	spin_lock(l);
	return flags;
}

static inline void spin_unlock_irqrestore(struct spinlock *l, uint64_t flags)
{
	spin_unlock(l);
	irq_restore(flags);
}

static inline bool spin_is_locked(const struct spinlock *l)
{
	return l->locked != 0;
}

#endif
