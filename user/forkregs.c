/*
 * forkregs - fork gives the child every register the parent had, except
 * RAX (0 in the child, the child's pid in the parent) and RCX/R11 (which
 * SYSCALL itself uses).  The SYSCALL entry does not keep RBX, RBP and
 * R12-R15 in its frame, so the kernel's fork path must fetch them
 * (docs/processes.md, "fork"): this checks that it does, in both
 * processes.  TAP on fd 1, exit 0 if all passed.  Runs the same on Linux.
 */
#include "lib/ulib.h"

#define NREGS 6	/* RBX, RBP, R12, R13, R14, R15 */

static const unsigned long want[NREGS] = {
	0x1111111111111111UL, 0x2222222222222222UL, 0x3333333333333333UL,
	0x4444444444444444UL, 0x5555555555555555UL, 0x6666666666666666UL,
};

/*
 * Load the six registers from want[], fork with a raw `syscall`, and
 * store what they hold afterwards into got[].  One asm statement, so the
 * compiler cannot touch them in between.  want and got come in RSI and
 * RDI, which SYSCALL keeps; RBX and RBP (which the compiler may be using:
 * they cannot be clobbers) are kept in saved[] around it, not pushed, so
 * nothing is written below RSP, where the red zone may hold the
 * compiler's data.  Clobbers: R12-R15, RCX and R11 (SYSCALL), memory.
 */
static unsigned long saved[2];

static long fork_and_read(unsigned long got[NREGS])
{
	long ret;
	__asm__ volatile(
		"mov %%rbx, 0(%[saved])\n\t"
		"mov %%rbp, 8(%[saved])\n\t"
		"mov 0(%[want]), %%rbx\n\t"
		"mov 8(%[want]), %%rbp\n\t"
		"mov 16(%[want]), %%r12\n\t"
		"mov 24(%[want]), %%r13\n\t"
		"mov 32(%[want]), %%r14\n\t"
		"mov 40(%[want]), %%r15\n\t"
		"mov $57, %%eax\n\t"		/* fork */
		"syscall\n\t"
		"mov %%rbx, 0(%[got])\n\t"
		"mov %%rbp, 8(%[got])\n\t"
		"mov %%r12, 16(%[got])\n\t"
		"mov %%r13, 24(%[got])\n\t"
		"mov %%r14, 32(%[got])\n\t"
		"mov %%r15, 40(%[got])\n\t"
		"mov 0(%[saved]), %%rbx\n\t"
		"mov 8(%[saved]), %%rbp"
		: "=a"(ret)
		: [want] "S"(want), [got] "D"(got), [saved] "d"(saved)
		: "rcx", "r11", "r12", "r13", "r14", "r15", "memory");
	return ret;
}

static int all_equal(const unsigned long got[NREGS])
{
	for (int i = 0; i < NREGS; i++)
		if (got[i] != want[i])
			return 0;
	return 1;
}

int main(void)
{
	unsigned long got[NREGS];
	tap_plan(3);
	long pid = fork_and_read(got);
	if (pid == 0)
		exit(all_equal(got) ? 0 : 1);	/* the child's verdict */
	ok(pid > 0, "fork returns the child's pid to the parent");
	ok(all_equal(got), "the parent's RBX, RBP, R12-R15 survive fork");
	int status = -1;
	wait4(pid, &status, 0, NULL);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	   "the child starts with the parent's RBX, RBP, R12-R15");
	return tap_done();
}
