/*
 * cow - after fork, parent and child have separate memory. The child's
 * writes (to .data, .bss, a multi-page .bss array, the brk heap and the
 * stack) must never reach the parent, and the parent's writes after fork
 * must never reach the child; pages neither writes stay as they were.
 * The child reports through its exit status, a bit per kind of memory.
 * TAP on fd 1, exit 0 if all passed. Runs the same on Linux.
 *
 * Ordering without pipes or sleeps: the child must look at its memory
 * only after the parent has written. So a third process, the witness,
 * idles until killed; the parent writes, then kills and reaps it, and the
 * child waits until kill(witness, 0) says -ESRCH (a zombie still answers
 * 0, so the witness is gone only after the parent's wait, which comes
 * after the parent's writes). The parent looks at its own memory after
 * wait4 for the child, so after every write the child made.
 *
 * Needs: fork, brk, kill (0, SIGKILL), wait4, sched_yield, nanosleep,
 * exit_group; copy-on-write or copying at fork.
 */
#include "lib/ulib.h"

#define PAGE		4096
#define BIG_PAGES	4

/* The exit status bits the child sets for what went wrong. */
#define BAD_BEFORE	0x01	/* did not see the parent's values of before the fork */
#define BAD_DATA	0x02
#define BAD_BSS		0x04
#define BAD_BIG		0x08
#define BAD_HEAP	0x10
#define BAD_STACK	0x20
#define BAD_GRANDCHILD	0x40	/* a fork of the child changed the child's memory */
#define DONE		0x80	/* always set: the child got to the end */

static volatile long data_var = 0x1111;
static volatile long bss_var;
static volatile char big[BIG_PAGES * PAGE];

static long heap_start;

#define HEAP	((volatile long *)heap_start)	/* two pages: HEAP[0] and HEAP[PAGE/8] */

/* One pattern per writer, so that each reader can tell who wrote. */
enum { BEFORE = 0x10, PARENT = 0x20, CHILD = 0x30, GRANDCHILD = 0x40 };

static void write_all(int who, volatile long *stack_var)
{
	int p;

	data_var = who + 1;
	bss_var = who + 2;
	for (p = 0; p < BIG_PAGES; p++)
		big[p * PAGE + 7] = (char)(who + 3 + p);
	HEAP[0] = who + 4;
	HEAP[PAGE / 8] = who + 5;
	*stack_var = who + 6;
}

/* The bits of what does not hold `who`'s values. */
static int check_all(int who, volatile long *stack_var)
{
	int bad = 0, p;

	if (data_var != who + 1)
		bad |= BAD_DATA;
	if (bss_var != who + 2)
		bad |= BAD_BSS;
	for (p = 0; p < BIG_PAGES; p++)
		if (big[p * PAGE + 7] != (char)(who + 3 + p))
			bad |= BAD_BIG;
	if (HEAP[0] != who + 4 || HEAP[PAGE / 8] != who + 5)
		bad |= BAD_HEAP;
	if (*stack_var != who + 6)
		bad |= BAD_STACK;
	return bad;
}

static int grandchild_leaves_us_alone(volatile long *stack_var)
{
	int status = -1;
	long pid = fork();

	if (pid == 0) {
		write_all(GRANDCHILD, stack_var);
		exit(check_all(GRANDCHILD, stack_var) ? 1 : 2);
	}
	return pid > 0 && wait4(pid, &status, 0, NULL) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 2 && check_all(CHILD, stack_var) == 0;
}

static void child(long witness, volatile long *stack_var, long parent_brk)
{
	int bad = 0;

	if (check_all(BEFORE, stack_var))
		bad |= BAD_BEFORE;
	write_all(CHILD, stack_var);
	if (brk((void *)(parent_brk + 4 * PAGE)) == parent_brk + 4 * PAGE)
		((volatile long *)parent_brk)[0] = CHILD;	/* a heap page the parent lacks */
	while (kill(witness, 0) == 0)
		sched_yield();		/* until the parent has written and reaped it */
	bad |= check_all(CHILD, stack_var);
	if (!grandchild_leaves_us_alone(stack_var))
		bad |= BAD_GRANDCHILD;
	exit(bad | DONE);
}

int main(void)
{
	volatile long stack_var;
	long witness, pid, end;
	int status = -1, s;

	tap_start();
	heap_start = brk(0);
	end = brk((void *)(heap_start + 2 * PAGE));
	ok(end == heap_start + 2 * PAGE, "brk grows the heap by two pages");
	write_all(BEFORE, &stack_var);

	witness = fork();
	if (witness == 0)
		idle_forever();
	pid = fork();
	if (pid == 0)
		child(witness, &stack_var, end);
	ok(witness > 0 && pid > 0, "fork makes the witness and the child");

	write_all(PARENT, &stack_var);
	kill(witness, SIGKILL);
	ok(wait4(witness, NULL, 0, NULL) == witness, "the witness is reaped after the parent's writes");
	ok(wait4(pid, &status, 0, NULL) == pid, "wait4 reaps the child");
	s = WIFEXITED(status) && (WEXITSTATUS(status) & DONE) ? WEXITSTATUS(status) : 0xff;
	uprintf("# child status 0x%x\n", status);
	ok(WIFEXITED(status) && (WEXITSTATUS(status) & DONE), "the child ran to the end and exited");
	ok(!(s & BAD_BEFORE), "the child sees the values written before fork");
	ok(!(s & BAD_DATA), "the child's .data keeps its own writes, not the parent's");
	ok(!(s & BAD_BSS), "the child's .bss keeps its own writes, not the parent's");
	ok(!(s & BAD_BIG), "the child's four .bss pages keep its own writes");
	ok(!(s & BAD_HEAP), "the child's brk heap keeps its own writes");
	ok(!(s & BAD_STACK), "the child's stack keeps its own writes");
	ok(!(s & BAD_GRANDCHILD), "a grandchild's writes do not reach the child");
	ok(check_all(PARENT, &stack_var) == 0,
	   "the parent's .data, .bss, heap and stack hold its own writes, none of the child's");
	ok(brk(0) == end, "the child's brk did not move the parent's break");
	return tap_done();
}
