/*
 * Futexes: a program sleeps on a 32-bit word of its memory until another
 * task wakes that word (kernel/proc/futex.c; the system calls are in
 * kernel/proc/sys_futex.c; docs/futex.md).  What glibc's and musl's
 * locks, condition variables and pthread_join are made of.
 *
 *	struct futex_key key;
 *	int err = futex_key_get(uaddr, true, &key);	// which word
 *	if (!err)
 *		err = futex_wait(&key, uaddr, expected, FUTEX_BITSET_MATCH_ANY, UINT64_MAX);
 *	...
 *	futex_wake(&key, 1, FUTEX_BITSET_MATCH_ANY);	// another task
 *
 * Linux: kernel/futex/core.c (keys, hash buckets), kernel/futex/waitwake.c
 * (futex_wait, futex_wake).
 */
#ifndef ANVIL_KERNEL_FUTEX_H
#define ANVIL_KERNEL_FUTEX_H

#include <stdbool.h>
#include <stdint.h>

#define FUTEX_BITSET_MATCH_ANY	0xffffffffu

struct process;

/*
 * Which word a futex is: the same key for every task that means the same
 * word.  Linux's union futex_key, in three kinds (get_futex_key):
 *  FUTEX_KEY_PRIVATE  (mm, address): FUTEX_PRIVATE_FLAG; the tasks that
 *                     share one address space (vfork, later CLONE_THREAD)
 *  FUTEX_KEY_MM       (mm, address) without the flag, on memory that is
 *                     not shared (Linux's FUT_OFF_MMSHARED: it never
 *                     matches a private key of the same word)
 *  FUTEX_KEY_PHYS     (0, physical address): a MAP_SHARED page, the same
 *                     frame in every process that maps it (Linux keys on
 *                     the inode and page offset, FUT_OFF_INODE)
 */
enum futex_key_kind { FUTEX_KEY_PRIVATE, FUTEX_KEY_MM, FUTEX_KEY_PHYS };

struct futex_key {
	enum futex_key_kind kind;
	uint64_t base;		/* the struct user_mm, or 0 */
	uint64_t addr;		/* the user address, or the physical one */
};

/* The key of the current process's word at uaddr.  shared: without
 * FUTEX_PRIVATE_FLAG (the page is faulted in and looked at).  0,
 * -EINVAL (not 4-byte aligned), -EFAULT. */
int futex_key_get(uint64_t uaddr, bool shared, struct futex_key *key);

/* Sleep while the word at uaddr (whose key is key) holds val, until a
 * futex_wake whose bitset meets ours, a signal, or uptime_ns() reaching
 * deadline_ns (UINT64_MAX: none).  0 (woken), -EAGAIN (the word is not
 * val), -ETIMEDOUT, -ERESTARTSYS or -ERESTART_RESTARTBLOCK (a signal:
 * futex_interrupted), -EFAULT. */
long futex_wait(const struct futex_key *key, uint64_t uaddr, uint32_t val, uint32_t bitset,
		uint64_t deadline_ns);

/* Wake up to nr (at least one, as Linux) tasks waiting on key whose
 * bitset meets bitset, oldest first; how many were woken. */
long futex_wake(const struct futex_key *key, int nr, uint32_t bitset);

/* Before a task gives up its address space (exit, execve): walk its
 * robust list (set_robust_list), then, when another task shares the
 * memory, write 0 to its clear_child_tid word and wake one waiter there
 * (Linux's futex_exit_release and mm_release, kernel/fork.c). */
void futex_mm_release(struct process *p);

#endif
