/*
 * sigstep - single steps and nested handlers.  A program that sets
 * RFLAGS.TF itself (pushf/popf) gets SIGTRAP with si_code TRAP_TRACE and
 * si_addr the next instruction after each one it runs; its handler runs
 * without TF and rt_sigreturn gives it back; TF survives a system call
 * (the kernel must leave by iretq, and the step after the syscall traps
 * as on Linux).  Then the order in which nested handlers begin and end:
 * a handler that raises another signal, one that raises its own with and
 * without SA_NODEFER, a fault inside a handler, and several signals
 * unblocked at once.
 *
 * Not here: int1 (icebp), which Linux reports as SIGTRAP TRAP_BRKPT;
 * QEMU's TCG (7.2) raises #UD for it.
 *
 * Each step is printed as its offset from a label in the asm, so the
 * lines hold no address.  user/diff/diff.h says how the output is
 * compared with Linux's.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <ucontext.h>

#include "diff.h"

#define MAX_STEPS 32

static volatile uintptr_t step_at[MAX_STEPS];
static volatile int steps, step_other, step_addr_bad, step_tf_in_handler;

/* pushfq; popq: the flags the handler runs with. */
static uint64_t read_flags(void)
{
	uint64_t f;
	__asm__ volatile("pushfq\n\tpopq %0" : "=r"(f));
	return f;
}

static void on_trap(int sig, siginfo_t *si, void *p)
{
	ucontext_t *uc = p;
	(void)sig;
	if (si->si_code != TRAP_TRACE) {
		step_other++;
		return;
	}
	if (si->si_addr != (void *)uc->uc_mcontext.gregs[REG_RIP])
		step_addr_bad++;
	if (read_flags() & 0x100)
		step_tf_in_handler++;
	if (steps < MAX_STEPS)
		step_at[steps++] = (uintptr_t)si->si_addr;
}

/*
 * The stepped code.  It first steps over the red zone (the 128 bytes
 * below RSP the compiler may use without moving RSP, which pushfq would
 * overwrite), sets TF with pushfq; orq; popfq, runs from label 1, and
 * clears TF the same way.  The address of label 1 comes out in base.
 */
#define TF_ON  "lea -128(%%rsp), %%rsp\n\tpushfq\n\torq $0x100, (%%rsp)\n\tpopfq\n"
#define TF_OFF "pushfq\n\tandq $-0x101, (%%rsp)\n\tpopfq\n\tlea 128(%%rsp), %%rsp\n"

static void step_nops(uintptr_t *base)
{
	__asm__ volatile("lea 1f(%%rip), %0\n\t" TF_ON
			 "1:\tnop\n\tnop\n\txchg %%ax, %%ax\n\tnop\n\t" TF_OFF
			 : "=&r"(*base) : : "cc", "memory");
}

/* getpid (39) by syscall with TF set: Linux leaves by iret when the
 * saved flags have TF, and so must anvil. */
static void step_syscall(uintptr_t *base)
{
	long ret;
	__asm__ volatile("lea 1f(%%rip), %1\n\t" TF_ON
			 "1:\tmov $39, %%eax\n\tsyscall\n\tnop\n\tnop\n\t" TF_OFF
			 : "=&a"(ret), "=&r"(*base) : : "rcx", "r11", "cc", "memory");
	(void)ret;
}

static void show_steps(const char *what, void (*fn)(uintptr_t *))
{
	struct sigaction sa = { .sa_sigaction = on_trap, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTRAP, &sa, NULL);
	steps = step_other = step_addr_bad = step_tf_in_handler = 0;
	uintptr_t base;
	fn(&base);
	char line[200] = "";
	for (int i = 0; i < steps && i < MAX_STEPS; i++)
		snprintf(line + strlen(line), sizeof(line) - strlen(line), " %ld",
			 (long)(step_at[i] - base));
	say("%s: %d TRAP_TRACE, offsets%s", what, steps, line);
	say("%s: other si_code %d, si_addr not the frame's RIP %d, TF on in the handler %d", what,
	    step_other, step_addr_bad, step_tf_in_handler);
	say("%s: TF off afterwards %s", what, yesno(!(read_flags() & 0x100)));
	signal(SIGTRAP, SIG_DFL);
}

/* The order of handlers: "<N" when one for signal N begins, ">N" when it ends. */
static char order[200];
static volatile int depth, self_calls;

static void mark(char c, int sig)
{
	/* SIGRTMIN differs between the C libraries (34, 35): "R1" is SIGRTMIN + 1 */
	int rt = sig >= SIGRTMIN;
	snprintf(order + strlen(order), sizeof(order) - strlen(order), " %c%s%d", c, rt ? "R" : "",
		 rt ? sig - SIGRTMIN : sig);
}

static void on_nested(int sig)
{
	mark('<', sig);
	if (sig == SIGUSR1)
		raise(SIGUSR2);
	else if (sig == SIGHUP && ++self_calls < 2)
		raise(SIGHUP);
	else if (sig == SIGALRM)
		__asm__ volatile("ud2");	/* SIGILL inside a handler */
	mark('>', sig);
}

static void skip_ud2(int sig, siginfo_t *si, void *p)
{
	(void)si;
	mark('<', sig);
	((ucontext_t *)p)->uc_mcontext.gregs[REG_RIP] += 2;
	mark('>', sig);
}

static void handle(int sig, int flags, int masked)
{
	struct sigaction sa = { .sa_handler = on_nested, .sa_flags = flags };
	sigemptyset(&sa.sa_mask);
	if (masked)
		sigaddset(&sa.sa_mask, masked);
	sigaction(sig, &sa, NULL);
}

static void show_order(const char *what, int sig)
{
	order[0] = 0;
	self_calls = 0;
	raise(sig);
	say("%s:%s", what, order);
}

static void nested(void)
{
	handle(SIGUSR1, 0, 0);
	handle(SIGUSR2, 0, 0);
	show_order("SIGUSR1 raises SIGUSR2", SIGUSR1);
	handle(SIGUSR1, 0, SIGUSR2);
	show_order("the same, SIGUSR2 in sa_mask", SIGUSR1);
	handle(SIGHUP, SA_NODEFER, 0);
	show_order("SIGHUP raises itself, SA_NODEFER", SIGHUP);
	handle(SIGHUP, 0, 0);
	show_order("SIGHUP raises itself, deferred", SIGHUP);

	struct sigaction sa = { .sa_sigaction = skip_ud2, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGILL, &sa, NULL);
	handle(SIGALRM, 0, 0);
	show_order("ud2 in a SIGALRM handler", SIGALRM);

	/* Four pending, unblocked at once: Linux builds one frame per signal
	 * on the way out, lowest number first, so the last one's handler
	 * runs first. */
	handle(SIGUSR1, 0, 0);
	sigset_t set, old;
	sigemptyset(&set);
	const int sigs[] = { SIGUSR2, SIGUSR1, SIGRTMIN + 1, SIGRTMIN };
	for (int i = 0; i < 4; i++) {
		sigaddset(&set, sigs[i]);
		if (sigs[i] >= SIGRTMIN)
			handle(sigs[i], 0, 0);
	}
	sigprocmask(SIG_BLOCK, &set, &old);
	order[0] = 0;
	for (int i = 0; i < 4; i++)
		raise(sigs[i]);
	sigprocmask(SIG_SETMASK, &old, NULL);
	say("four unblocked at once:%s", order);
}

int main(void)
{
	diff_start("sigstep");
	show_steps("four instructions", step_nops);
	show_steps("getpid with TF set", step_syscall);
	nested();
	say("done");
	return 0;
}
