/*
 * futex - futex wait and wake as a C library's locks and pthread_join use
 * them: between two processes on a MAP_SHARED page, the errors (EAGAIN,
 * ETIMEDOUT, EINVAL, EFAULT, ENOSYS), a signal ending a wait,
 * clear_child_tid's wake at a CLONE_VM child's exit, the robust list at a
 * child's death; and clock_getres, getcpu.  user/diff/diff.h says how the
 * output is compared with Linux's.  No line depends on timing: a timeout
 * here is a hang limit, and a wake is retried until it finds the waiter.
 * rseq is not here: anvil answers -ENOSYS where Linux registers it
 * (user/t_syscalls.c checks anvil's answer).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "diff.h"

/* Linux include/uapi/linux/futex.h (musl has no kernel headers). */
#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_WAIT_PRIVATE	(FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE	(FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAIT_BITSET_PRIVATE (FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_BITSET_PRIVATE (FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG)
#define FUTEX_BITSET_MATCH_ANY	0xffffffffu
#define FUTEX_WAITERS		0x80000000u
#define FUTEX_OWNER_DIED	0x40000000u
#define FUTEX_TID_MASK		0x3fffffffu

#define HANG_LIMIT_SEC	20	/* a wait that should be woken long before */

static long futex(volatile uint32_t *uaddr, int op, uint32_t val, const struct timespec *t,
		  uint32_t val3)
{
	return syscall(SYS_futex, uaddr, op, val, t, NULL, val3);
}

static const char *res(long r)
{
	if (r < 0 && errno == ETIMEDOUT)
		return "ETIMEDOUT";
	return r < 0 ? errname(errno) : "ok";
}

/* A parent waits on a word of a shared page; its forked child wakes it,
 * retrying until the wake finds a waiter (1), so the parent's wait ends
 * by that wake and nothing else. */
static void between_processes(void)
{
	volatile uint32_t *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (w == MAP_FAILED) {
		say("mmap shared: %s", errname(errno));
		return;
	}
	w[0] = 0;
	pid_t pid = fork();
	if (pid == 0) {
		/* Another process's private wake never meets a shared wait. */
		long priv = futex(w, FUTEX_WAKE_PRIVATE, 1, NULL, 0);
		long n = 0;
		for (long tries = 0; tries < 1000000 && n == 0; tries++) {
			n = futex(w, FUTEX_WAKE, 1, NULL, 0);
			if (n == 0)
				sched_yield();
		}
		w[1] = (uint32_t)priv;
		w[2] = (uint32_t)n;
		_exit(0);
	}
	struct timespec limit = { HANG_LIMIT_SEC, 0 };
	long r = futex(w, FUTEX_WAIT, 0, &limit, 0);
	say("shared wait, woken by the child: %s", res(r));
	int st;
	waitpid(pid, &st, 0);
	say("child: the private wake woke %u, the shared wake %u", w[1], w[2]);
	say("child exit status: %d", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	munmap((void *)w, 4096);
}

/* A signal ends a wait: a child asleep on a futex is killed.  Were the
 * wait deaf to it, the child would wake only at its hang limit and exit
 * 3 instead. */
static void killed_while_waiting(void)
{
	volatile uint32_t *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (w == MAP_FAILED)
		return;
	w[0] = 0;
	w[1] = 0;
	pid_t pid = fork();
	if (pid == 0) {
		struct timespec limit = { HANG_LIMIT_SEC, 0 };
		w[1] = 1;
		futex(w, FUTEX_WAIT_PRIVATE, 0, &limit, 0);
		_exit(3);
	}
	while (!w[1])
		sched_yield();
	for (int i = 0; i < 20; i++)
		sched_yield();
	kill(pid, SIGKILL);
	int st;
	waitpid(pid, &st, 0);
	say("a child waiting on a futex, sent SIGKILL: %s %d", WIFSIGNALED(st) ? "killed by signal" :
	    "exited", WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
	munmap((void *)w, 4096);
}

/* A handler runs during a wait.  Without SA_RESTART, during a timed wait
 * (-ERESTART_RESTARTBLOCK): EINTR.  With SA_RESTART, during an untimed
 * one (-ERESTARTSYS): the wait goes on after the handler until the
 * parent's wake, retried until it finds the waiter (whether the wake or
 * the signal comes first, the wait ends woken).  The child's exit status
 * is what its wait said. */
static void on_usr1(int sig)
{
	(void)sig;
}

static void handler_during_wait(int restart)
{
	volatile uint32_t *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (w == MAP_FAILED)
		return;
	w[0] = w[1] = 0;
	pid_t pid = fork();
	if (pid == 0) {
		struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = restart ? SA_RESTART : 0 };
		sigaction(SIGUSR1, &sa, NULL);
		struct timespec limit = { HANG_LIMIT_SEC, 0 };
		w[1] = 1;
		long r = futex(w, FUTEX_WAIT, 0, restart ? NULL : &limit, 0);
		_exit(r == 0 ? 0 : errno == EINTR ? 4 : errno == ETIMEDOUT ? 5 : 6);
	}
	while (!w[1])
		sched_yield();
	for (int i = 0; i < 20; i++)
		sched_yield();
	kill(pid, SIGUSR1);
	int st;
	if (restart)
		for (long tries = 0; tries < 1000000 && futex(w, FUTEX_WAKE, 1, NULL, 0) == 0; tries++)
			sched_yield();
	waitpid(pid, &st, 0);
	int code = WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
	say("a handler %s: %s", restart ? "with SA_RESTART during an untimed wait" :
	    "without SA_RESTART during a timed wait",
	    code == 0 ? "woken later" : code == 4 ? "EINTR" : code == 5 ? "ETIMEDOUT" : "other");
	munmap((void *)w, 4096);
}

static void errors(void)
{
	static uint32_t word = 5;
	struct timespec ms = { 0, 1000000 }, past = { 0, 0 }, bad = { 0, 1000000000 };
	say("WAIT, word 5, val 4: %s", res(futex(&word, FUTEX_WAIT, 4, NULL, 0)));
	say("WAIT_PRIVATE, word 5, val 4: %s", res(futex(&word, FUTEX_WAIT_PRIVATE, 4, NULL, 0)));
	say("WAIT 1 ms: %s", res(futex(&word, FUTEX_WAIT_PRIVATE, 5, &ms, 0)));
	say("WAIT shared 1 ms: %s", res(futex(&word, FUTEX_WAIT, 5, &ms, 0)));
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	now.tv_nsec += 1000000;
	if (now.tv_nsec >= 1000000000) {
		now.tv_sec++;
		now.tv_nsec -= 1000000000;
	}
	say("WAIT_BITSET to monotonic now + 1 ms: %s",
	    res(futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 5, &now, FUTEX_BITSET_MATCH_ANY)));
	say("WAIT_BITSET realtime, a time past: %s",
	    res(futex(&word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 5, &past, 1)));
	say("WAIT_BITSET monotonic, a time past: %s",
	    res(futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 5, &past, 1)));
	say("WAIT with tv_nsec 1e9: %s", res(futex(&word, FUTEX_WAIT_PRIVATE, 5, &bad, 0)));
	say("WAIT_BITSET, bitset 0: %s", res(futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 5, NULL, 0)));
	say("WAKE_BITSET, bitset 0: %s", res(futex(&word, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, 0)));
	say("WAKE_BITSET, nobody waits: %ld", futex(&word, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, 3));
	say("WAKE, nobody waits: %ld", futex(&word, FUTEX_WAKE, 1, NULL, 0));
	uint32_t *odd = (uint32_t *)((char *)&word + 1);
	say("WAIT, unaligned: %s", res(futex(odd, FUTEX_WAIT_PRIVATE, 0, NULL, 0)));
	say("WAKE, unaligned: %s", res(futex(odd, FUTEX_WAKE_PRIVATE, 1, NULL, 0)));
	say("WAIT at 0: %s", res(futex(NULL, FUTEX_WAIT_PRIVATE, 0, NULL, 0)));
	say("WAKE shared at 0: %s", res(futex(NULL, FUTEX_WAKE, 1, NULL, 0)));
	/* A private key is (mm, address): Linux looks at no memory. */
	say("WAKE_PRIVATE at 0: %ld", futex(NULL, FUTEX_WAKE_PRIVATE, 1, NULL, 0));
	say("WAIT, bad timeout pointer: %s",
	    res(futex(&word, FUTEX_WAIT_PRIVATE, 5, (struct timespec *)8, 0)));
	say("WAKE | CLOCK_REALTIME: %s", res(futex(&word, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, 0)));
	say("op 99: %s", res(futex(&word, 99, 0, NULL, 0)));
}

/* clear_child_tid: a CLONE_VM child's exit writes 0 to the word and
 * wakes it (pthread_join's wait).  The child waits until the parent is
 * about to sleep, so the wake usually finds it asleep. */
static volatile uint32_t ctid = 1, parent_waiting;
static char child_stack[65536] __attribute__((aligned(16)));

static int child_fn(void *arg)
{
	(void)arg;
	while (!parent_waiting)
		syscall(SYS_sched_yield);
	for (int i = 0; i < 20; i++)
		syscall(SYS_sched_yield);
	return 0;
}

static void clear_child_tid(void)
{
	pid_t pid = clone(child_fn, child_stack + sizeof(child_stack),
			  CLONE_VM | CLONE_CHILD_CLEARTID | SIGCHLD, NULL, NULL, NULL, &ctid);
	if (pid < 0) {
		say("clone: %s", errname(errno));
		return;
	}
	struct timespec limit = { HANG_LIMIT_SEC, 0 };
	long r = 0;
	uint32_t v;
	parent_waiting = 1;
	while ((v = ctid) != 0 && r == 0)
		r = futex(&ctid, FUTEX_WAIT, v, &limit, 0);
	say("clear_child_tid: word 0 and no timeout: %s", yesno(ctid == 0 && !(r < 0 && errno == ETIMEDOUT)));
	int st;
	say("waitpid CLONE_VM child: %s", res(waitpid(pid, &st, 0)));
	/* set_tid_address's word, in this process alone: Linux writes it
	 * only when another task shares the memory. */
	static volatile uint32_t mine = 7;
	say("set_tid_address returns the tid: %s", yesno(syscall(SYS_set_tid_address, &mine) == getpid()));
	pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, &st, 0);
	say("after a fork child's exit the parent's word is still %u", mine);
}

static void robust_list(void)
{
	/* The C library's own list (glibc registers one at start-up, musl
	 * none) is put back before this function's stack goes. */
	struct { void *next; long offset; void *pending; } head = { &head, 0, NULL };
	void *libc_head = NULL, *got;
	size_t len;
	say("get_robust_list(0): %s", res(syscall(SYS_get_robust_list, 0, &libc_head, &len)));
	say("set_robust_list len 24: %s", res(syscall(SYS_set_robust_list, &head, 24)));
	say("set_robust_list len 23: %s", res(syscall(SYS_set_robust_list, &head, 23)));
	syscall(SYS_get_robust_list, 0, &got, &len);
	say("get_robust_list head is ours: %s, len %zu", yesno(got == &head), len);
	syscall(SYS_set_robust_list, libc_head, 24);
	say("get_robust_list(no such pid): %s", res(syscall(SYS_get_robust_list, 999999, &got, &len)));
	/* A forked child that dies holding a robust lock: the kernel marks
	 * it FUTEX_OWNER_DIED (the word is shared, so the parent sees it). */
	volatile uint32_t *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		/* Entry at m+8 whose futex word is at m+0 (offset -8). */
		static struct { void *next; long offset; void *pending; } h;
		void **entry = (void **)(m + 2);
		h.next = entry;
		h.offset = -8;
		h.pending = NULL;
		*entry = &h;
		m[0] = (uint32_t)syscall(SYS_gettid) | FUTEX_WAITERS;
		syscall(SYS_set_robust_list, &h, 24);
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	say("robust lock of a dead child: owner died %s, waiters kept %s, tid cleared %s",
	    yesno(m[0] & FUTEX_OWNER_DIED), yesno(m[0] & FUTEX_WAITERS), yesno(!(m[0] & FUTEX_TID_MASK)));
	munmap((void *)m, 4096);
}

static void clocks(void)
{
	static const struct { int id; const char *name; } c[] = {
		{ CLOCK_REALTIME, "REALTIME" }, { CLOCK_MONOTONIC, "MONOTONIC" },
		{ CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW" }, { CLOCK_BOOTTIME, "BOOTTIME" },
	};
	for (unsigned i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct timespec r = { -1, -1 };
		long ret = syscall(SYS_clock_getres, c[i].id, &r);
		say("clock_getres %s: %s, %lld.%09ld", c[i].name, res(ret), (long long)r.tv_sec, r.tv_nsec);
	}
	/* A tick: 4 ms at Debian's 250 Hz, 10 ms at anvil's 100 Hz. */
	int coarse[] = { CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE };
	for (int i = 0; i < 2; i++) {
		struct timespec r = { -1, -1 };
		long ret = syscall(SYS_clock_getres, coarse[i], &r);
		say("clock_getres coarse %d: %s, one tick (1-10 ms): %s", coarse[i], res(ret),
		    yesno(r.tv_sec == 0 && r.tv_nsec >= 1000000 && r.tv_nsec <= 10000000));
	}
	say("clock_getres MONOTONIC, NULL: %s", res(syscall(SYS_clock_getres, CLOCK_MONOTONIC, NULL)));
	say("clock_getres 1234: %s", res(syscall(SYS_clock_getres, 1234, NULL)));
	say("clock_getres MONOTONIC to 8: %s", res(syscall(SYS_clock_getres, CLOCK_MONOTONIC, 8)));
}

static void getcpu_facts(void)
{
	unsigned cpu = 99999, node = 99999;
	say("getcpu: %s", res(syscall(SYS_getcpu, &cpu, &node, NULL)));
	say("getcpu cpu below 4096: %s", yesno(cpu < 4096));
	say("getcpu(NULL, NULL): %s", res(syscall(SYS_getcpu, NULL, NULL, NULL)));
	say("getcpu to 8: %s", res(syscall(SYS_getcpu, 8, NULL, NULL)));
}

int main(void)
{
	diff_start("futex");
	between_processes();
	killed_while_waiting();
	handler_during_wait(0);
	handler_during_wait(1);
	errors();
	clear_child_tid();
	robust_list();
	clocks();
	getcpu_facts();
	return 0;
}
