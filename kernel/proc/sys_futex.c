/*
 * futex(2), set_robust_list(2), get_robust_list(2), and what exit and
 * execve do for futexes: the robust list walk and clear_child_tid
 * (kernel/futex.h; docs/futex.md).
 *
 * The operations anvil has: FUTEX_WAIT, FUTEX_WAKE, FUTEX_WAIT_BITSET,
 * FUTEX_WAKE_BITSET, each with FUTEX_PRIVATE_FLAG and (the waits)
 * FUTEX_CLOCK_REALTIME.  Linux's others -- FUTEX_REQUEUE,
 * FUTEX_CMP_REQUEUE, FUTEX_WAKE_OP, the PI ones (LOCK_PI, LOCK_PI2,
 * UNLOCK_PI, TRYLOCK_PI, WAIT_REQUEUE_PI, CMP_REQUEUE_PI) -- are -ENOSYS,
 * which is also Linux's answer to a number it does not know.
 *
 * Linux: kernel/futex/syscalls.c (sys_futex, do_futex, futex_init_timeout,
 * set/get_robust_list), kernel/futex/core.c (exit_robust_list,
 * handle_futex_death), kernel/fork.c (mm_release).
 */
#include "kernel/errno.h"
#include "kernel/futex.h"
#include "kernel/process.h"
#include "kernel/syscall.h"
#include "kernel/timer.h"
#include "kernel/uaccess.h"

/* include/uapi/linux/futex.h */
#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_LOCK_PI		6
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_WAIT_REQUEUE_PI	11
#define FUTEX_LOCK_PI2		13
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_CMD_MASK		(~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))

#define FUTEX_WAITERS		0x80000000u
#define FUTEX_OWNER_DIED	0x40000000u
#define FUTEX_TID_MASK		0x3fffffffu
#define ROBUST_LIST_LIMIT	2048	/* Linux's bound on a list walk */

#define NSEC_PER_SEC		1000000000ULL

struct robust_list_head {
	uint64_t next;		/* struct robust_list *: the first entry */
	int64_t futex_offset;	/* from an entry to its futex word */
	uint64_t list_op_pending;
};
_Static_assert(sizeof(struct robust_list_head) == 24, "Linux's robust_list_head");

/* Which operations take a timeout (futex_cmd_has_timeout). */
static bool has_timeout(int cmd)
{
	return cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_LOCK_PI ||
	       cmd == FUTEX_LOCK_PI2 || cmd == FUTEX_WAIT_REQUEUE_PI;
}

/* The timeout as a deadline on uptime_ns() (futex_init_timeout):
 * FUTEX_WAIT's is relative to the monotonic clock now, the others are
 * absolute, on CLOCK_REALTIME with FUTEX_CLOCK_REALTIME, else on
 * CLOCK_MONOTONIC.  0, -EFAULT, -EINVAL (not a valid timespec). */
static int read_deadline(uint64_t utime, int cmd, int op, uint64_t *deadline)
{
	struct { int64_t sec, nsec; } ts;
	if (copy_from_user(&ts, utime, sizeof(ts)))
		return -EFAULT;
	if (ts.sec < 0 || ts.nsec < 0 || (uint64_t)ts.nsec >= NSEC_PER_SEC)
		return -EINVAL;
	uint64_t max_sec = (UINT64_MAX - NSEC_PER_SEC) / NSEC_PER_SEC;
	uint64_t ns = (uint64_t)ts.sec > max_sec ? UINT64_MAX :
		(uint64_t)ts.sec * NSEC_PER_SEC + (uint64_t)ts.nsec;
	if (cmd == FUTEX_WAIT) {
		uint64_t now = uptime_ns();
		*deadline = ns > UINT64_MAX - now ? UINT64_MAX : now + ns;	/* saturated: for ever */
		return 0;
	}
	/* The clock's reading at uptime 0. */
	uint64_t base = op & FUTEX_CLOCK_REALTIME ? (uint64_t)(realtime_ns() - (int64_t)uptime_ns()) : 0;
	*deadline = ns <= base ? 0 : ns - base;
	return 0;
}

static long do_wait(uint64_t uaddr, int op, uint32_t val, uint32_t bitset, uint64_t deadline)
{
	if (!bitset)
		return -EINVAL;
	struct futex_key key;
	int err = futex_key_get(uaddr, !(op & FUTEX_PRIVATE_FLAG), &key);
	return err ? err : futex_wait(&key, uaddr, val, bitset, deadline);
}

static long do_wake(uint64_t uaddr, int op, uint32_t nr, uint32_t bitset)
{
	if (!bitset)
		return -EINVAL;
	struct futex_key key;
	int err = futex_key_get(uaddr, !(op & FUTEX_PRIVATE_FLAG), &key);
	return err ? err : futex_wake(&key, (int)nr, bitset);
}

/* futex(uaddr, op, val, timeout, uaddr2, val3) */
long sys_futex(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	uint64_t uaddr = arg[0], utime = arg[3];
	int op = (int)arg[1], cmd = op & FUTEX_CMD_MASK;
	uint32_t val = (uint32_t)arg[2], val3 = (uint32_t)arg[5];
	uint64_t deadline = UINT64_MAX;
	if (utime && has_timeout(cmd)) {
		int err = read_deadline(utime, cmd, op, &deadline);
		if (err)
			return err;
	}
	if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET &&
	    cmd != FUTEX_WAIT_REQUEUE_PI && cmd != FUTEX_LOCK_PI2)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		return do_wait(uaddr, op, val, FUTEX_BITSET_MATCH_ANY, deadline);
	case FUTEX_WAIT_BITSET:
		return do_wait(uaddr, op, val, val3, deadline);
	case FUTEX_WAKE:
		return do_wake(uaddr, op, val, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAKE_BITSET:
		return do_wake(uaddr, op, val, val3);
	default:
		return -ENOSYS;	/* REQUEUE, WAKE_OP, PI, and numbers Linux lacks too */
	}
}

/* set_robust_list(head, len): remembered for the walk at exit. */
long sys_set_robust_list(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	if (arg[1] != sizeof(struct robust_list_head))
		return -EINVAL;
	process_current()->robust_list = arg[0];
	return 0;
}

/* get_robust_list(pid, head_ptr, len_ptr): pid 0 is the caller. */
long sys_get_robust_list(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	int pid = (int)arg[0];
	uint64_t flags = process_lock();
	struct process *p = pid ? process_find(pid) : process_current();
	uint64_t head = p ? p->robust_list : 0;
	process_unlock(flags);
	if (!p)
		return -ESRCH;
	uint64_t len = sizeof(struct robust_list_head);
	if (copy_to_user(arg[2], &len, sizeof(len)))
		return -EFAULT;
	return copy_to_user(arg[1], &head, sizeof(head)) ? -EFAULT : 0;
}

static void wake_one_shared(uint64_t uaddr)
{
	struct futex_key key;
	if (futex_key_get(uaddr, true, &key) == 0)
		futex_wake(&key, 1, FUTEX_BITSET_MATCH_ANY);
}

/* One lock the dying task may hold (handle_futex_death): if its word
 * names p as the owner, mark it FUTEX_OWNER_DIED and wake a waiter.  On
 * one CPU, with the kernel never preempted, the read and the write are
 * as one cmpxchg.  -1 stops the walk (a fault). */
static int futex_death(struct process *p, uint64_t uaddr, bool pi, bool pending)
{
	uint32_t word;
	if (uaddr % sizeof(word) || copy_from_user(&word, uaddr, sizeof(word)))
		return -1;
	uint32_t owner = word & FUTEX_TID_MASK;
	if (pending && !pi && !owner) {
		wake_one_shared(uaddr);
		return 0;
	}
	if (owner != (uint32_t)p->pid)
		return 0;
	uint32_t died = (word & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
	if (copy_to_user(uaddr, &died, sizeof(died)))
		return -1;
	if (!pi && (word & FUTEX_WAITERS))
		wake_one_shared(uaddr);
	return 0;
}

/* A list pointer: the entry, and bit 0 (a PI futex) apart
 * (fetch_robust_entry).  0 or -1 (a fault). */
static int fetch_entry(uint64_t uaddr, uint64_t *entry, bool *pi)
{
	uint64_t v;
	if (copy_from_user(&v, uaddr, sizeof(v)))
		return -1;
	*entry = v & ~1ULL;
	*pi = v & 1;
	return 0;
}

/* exit_robust_list: every lock on the list, at most ROBUST_LIST_LIMIT,
 * then the one the task was taking or dropping (list_op_pending). */
static void walk_robust_list(struct process *p, uint64_t head)
{
	uint64_t entry, pending, next = 0;
	int64_t offset;
	bool pi, pending_pi, next_pi = false;
	if (fetch_entry(head, &entry, &pi) ||
	    copy_from_user(&offset, head + 8, sizeof(offset)) ||
	    fetch_entry(head + 16, &pending, &pending_pi))
		return;
	for (unsigned limit = ROBUST_LIST_LIMIT; entry != head;) {
		int rc = fetch_entry(entry, &next, &next_pi);
		if (entry != pending && futex_death(p, entry + (uint64_t)offset, pi, false))
			return;
		if (rc)
			return;
		entry = next, pi = next_pi;
		if (!--limit)
			break;
	}
	if (pending)
		futex_death(p, pending + (uint64_t)offset, pending_pi, true);
}

void futex_mm_release(struct process *p)
{
	if (p->robust_list) {
		walk_robust_list(p, p->robust_list);
		p->robust_list = 0;
	}
	/* Linux writes the word only when another task shares the memory:
	 * no one else could see it (mm_release, "mm_users > 1"). */
	if (p->clear_child_tid && p->mm && p->mm->refs > 1) {
		uint32_t zero = 0;
		(void)copy_to_user(p->clear_child_tid, &zero, sizeof(zero));	/* faults ignored */
		wake_one_shared(p->clear_child_tid);
	}
	p->clear_child_tid = 0;
}
