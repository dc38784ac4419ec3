/*
 * Futex waits and wakes (kernel/futex.h; docs/futex.md).
 *
 * Every waiter is a struct futex_q on its own kernel stack, linked in the
 * hash bucket of its key; a wake walks that bucket only.  One list per
 * bucket, oldest waiter first, so FUTEX_WAKE of one wakes the task that
 * has waited longest, as Linux's plist of equal priorities does.  A
 * waker takes the futex_q off the list before it marks it woken, so a
 * woken waiter never needs the lock again -- and a REQUEUE (not here yet)
 * is only a move of futex_q's from one bucket's list to another's, with
 * their keys changed.
 *
 * No lost wake-up: the waiter is on the list before it reads the word
 * (Linux's futex_wait_setup orders them the same way), so a waker that
 * changes the word after that read finds it queued; and it marks itself
 * sleeping with interrupts off before it looks at q.woken, so a wake
 * after the look makes it runnable and schedule() comes straight back
 * (kernel/proc/wait.c says why in full).
 *
 * Locks: a bucket's lock, then the scheduler's (sched_wake), as for any
 * wait queue (docs/design.md, "Locks").
 *
 * Linux: kernel/futex/core.c (get_futex_key, futex_hash, futex_q_lock),
 * kernel/futex/waitwake.c (futex_wait, futex_wait_queue, futex_wake).
 */
#include "kernel/futex.h"
#include "kernel/errno.h"
#include "kernel/mm/vma.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/spinlock.h"
#include "kernel/timer.h"
#include "kernel/uaccess.h"
#include "kernel/wait.h"

#define FUTEX_BUCKETS	64	/* a power of two */

struct futex_q {
	struct futex_key key;
	uint32_t bitset;
	struct process *task;
	bool woken;		/* set by the waker, after it unlinked this */
	struct futex_q *next;
};

static struct futex_bucket {
	struct spinlock lock;
	struct futex_q *head;	/* oldest first */
} buckets[FUTEX_BUCKETS] = {
	[0 ... FUTEX_BUCKETS - 1] = { .lock = SPINLOCK_INIT("futex bucket"), .head = 0 },
};

/* Sleep ended by a signal (sleep_on's answer; never returned). */
#define FUTEX_SIGNALLED	1

static long futex_wait_restart(struct restart_block *rb)
{
	struct futex_key key;
	int err = futex_key_get(rb->futex_uaddr, rb->futex_shared, &key);
	return err ? err : futex_wait(&key, rb->futex_uaddr, rb->futex_val, rb->futex_bitset,
				      rb->deadline_ns);
}

/*
 * The one place a signal ends a futex wait, as Linux's futex_wait: with
 * no timeout -ERESTARTSYS (restarted if the handler has SA_RESTART, or no
 * handler runs; else -EINTR); with one -ERESTART_RESTARTBLOCK, and
 * restart_syscall waits on to the same deadline (futex_wait_restart).
 */
static long futex_interrupted(const struct futex_key *key, uint64_t uaddr, uint32_t val,
			      uint32_t bitset, uint64_t deadline_ns)
{
	if (deadline_ns == UINT64_MAX)
		return -ERESTARTSYS;
	process_current()->sig.restart = (struct restart_block){
		.fn = futex_wait_restart, .deadline_ns = deadline_ns, .futex_uaddr = uaddr,
		.futex_val = val, .futex_bitset = bitset,
		.futex_shared = key->kind != FUTEX_KEY_PRIVATE };
	return -ERESTART_RESTARTBLOCK;
}

int futex_key_get(uint64_t uaddr, bool shared, struct futex_key *key)
{
	if (uaddr % sizeof(uint32_t))
		return -EINVAL;
	if (!user_range_ok(uaddr, sizeof(uint32_t)))
		return -EFAULT;
	struct user_mm *mm = process_current()->mm;
	*key = (struct futex_key){ FUTEX_KEY_PRIVATE, (uint64_t)mm, uaddr };
	if (!shared)
		return 0;	/* Linux looks at no page for a private key */
	/* Fault the page in, as Linux's get_user_pages_fast: -EFAULT if
	 * nothing can be mapped there. */
	uint32_t word;
	if (copy_from_user(&word, uaddr, sizeof(word)))
		return -EFAULT;
	key->kind = FUTEX_KEY_MM;
	struct vm_area *a = vma_find(mm, uaddr);
	if (!a || (a->flags & MAP_TYPE) != MAP_SHARED)
		return 0;	/* Linux's PageAnon case: (mm, address) */
	uint64_t pa;
	if (!vm_translate(mm->as, uaddr, &pa, NULL))
		return -EFAULT;
	*key = (struct futex_key){ FUTEX_KEY_PHYS, 0, pa };
	return 0;
}

static bool key_match(const struct futex_key *a, const struct futex_key *b)
{
	return a->kind == b->kind && a->base == b->base && a->addr == b->addr;
}

static struct futex_bucket *bucket_of(const struct futex_key *key)
{
	uint64_t h = (key->addr >> 2) ^ (key->base >> 4) ^ key->kind;
	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ULL;	/* Fibonacci hashing */
	return &buckets[h >> (64 - 6)];
}
_Static_assert(FUTEX_BUCKETS == 1 << 6, "bucket_of takes 6 bits");

static void queue(struct futex_bucket *b, struct futex_q *q)
{
	struct futex_q **link = &b->head;
	while (*link)
		link = &(*link)->next;
	q->next = NULL;
	*link = q;
}

/* Take q off b's list if it is still there (not woken): true if it was. */
static bool unqueue(struct futex_bucket *b, struct futex_q *q)
{
	uint64_t flags = spin_lock_irqsave(&b->lock);
	bool found = false;
	for (struct futex_q **link = &b->head; *link; link = &(*link)->next)
		if (*link == q) {
			*link = q->next;
			found = true;
			break;
		}
	spin_unlock_irqrestore(&b->lock, flags);
	return found;
}

/* Sleep until q is woken, the deadline passes or a signal comes; what
 * ended it, in Linux's order: woken, then timed out, then a signal. */
static long sleep_on(struct futex_q *q, uint64_t deadline_ns)
{
	struct process *self = q->task;
	uint64_t flags = irq_save();
	long ret;
	for (;;) {
		self->state = PROC_SLEEPING;	/* before the look: see the top */
		if (__atomic_load_n(&q->woken, __ATOMIC_ACQUIRE)) {
			ret = 0;
			break;
		}
		if (deadline_ns != UINT64_MAX && uptime_ns() >= deadline_ns) {
			ret = -ETIMEDOUT;
			break;
		}
		if (wait_interrupted()) {
			ret = FUTEX_SIGNALLED;
			break;
		}
		schedule_deadline(deadline_ns);
	}
	self->state = PROC_RUNNING;
	irq_restore(flags);
	return ret;
}

long futex_wait(const struct futex_key *key, uint64_t uaddr, uint32_t val, uint32_t bitset,
		uint64_t deadline_ns)
{
	struct futex_q q = { .key = *key, .bitset = bitset, .task = process_current() };
	struct futex_bucket *b = bucket_of(key);
	uint64_t flags = spin_lock_irqsave(&b->lock);
	queue(b, &q);
	spin_unlock_irqrestore(&b->lock, flags);

	uint32_t word;
	long ret = copy_from_user(&word, uaddr, sizeof(word)) ? -EFAULT : 0;
	if (!ret && word != val)
		ret = -EAGAIN;	/* Linux's EWOULDBLOCK, the same number */
	if (!ret)
		ret = sleep_on(&q, deadline_ns);
	/* Woken while a timeout or signal ended the sleep: the wake counts
	 * (Linux's futex_wait: "if (!futex_unqueue(&q)) return 0"). */
	if (ret && !unqueue(b, &q) && ret != -EFAULT && ret != -EAGAIN)
		ret = 0;
	if (ret == FUTEX_SIGNALLED)
		ret = futex_interrupted(key, uaddr, val, bitset, deadline_ns);
	return ret;
}

long futex_wake(const struct futex_key *key, int nr, uint32_t bitset)
{
	struct futex_bucket *b = bucket_of(key);
	long woken = 0;
	uint64_t flags = spin_lock_irqsave(&b->lock);
	for (struct futex_q **link = &b->head; *link;) {
		struct futex_q *q = *link;
		if (!key_match(&q->key, key) || !(q->bitset & bitset)) {
			link = &q->next;
			continue;
		}
		*link = q->next;
		struct process *t = q->task;	/* q may be gone once woken is set */
		__atomic_store_n(&q->woken, true, __ATOMIC_RELEASE);
		sched_wake(t);
		if (++woken >= nr)	/* nr 0 wakes one, as Linux's */
			break;
	}
	spin_unlock_irqrestore(&b->lock, flags);
	return woken;
}
