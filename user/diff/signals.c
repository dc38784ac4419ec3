/*
 * signals - handlers through the C library: sigaction and the handler's
 * siginfo and ucontext, masks and pending sets, faults caught with their
 * si_code and si_addr, a handler that edits the saved registers, one
 * that leaves by siglongjmp, nested signals, the FPU registers kept
 * across a handler, and a stack overflow caught on an alternate stack.
 *
 * user/diff/diff.h says how the output is compared with Linux's.  An
 * address is printed only as "the one expected" or not.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <ucontext.h>

#include "diff.h"

static volatile sig_atomic_t got, nested_depth, max_depth, calls;
static volatile int last_code;
static volatile void *last_addr;
static volatile int last_pid_is_self;
static sigjmp_buf jump;

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got = sig;
	last_code = si->si_code;
	last_pid_is_self = si->si_pid == getpid();
}

static void basic(void)
{
	struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	say("sigaction: %d", sigaction(SIGUSR1, &sa, NULL));
	got = 0;
	kill(getpid(), SIGUSR1);
	say("kill self: handler ran for %d, code %s, pid is self %s", got,
	    last_code == SI_USER ? "SI_USER" : "other", yesno(last_pid_is_self));
	got = 0;
	raise(SIGUSR1);
	say("raise: handler ran for %d, code %s", got, last_code == SI_TKILL ? "SI_TKILL" : "other");

	sigset_t set, old, pend;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	got = 0;
	kill(getpid(), SIGUSR1);
	sigpending(&pend);
	say("blocked: handler ran %s, pending %s", yesno(got), yesno(sigismember(&pend, SIGUSR1)));
	sigprocmask(SIG_SETMASK, &old, NULL);
	say("unblocked: handler ran for %d", got);

	struct sigaction cur;
	sigaction(SIGUSR1, NULL, &cur);
	say("read back: siginfo %s, restart %s", yesno(cur.sa_flags & SA_SIGINFO),
	    yesno(cur.sa_flags & SA_RESTART));
	int r = sigaction(SIGKILL, &sa, NULL);
	say("sigaction(SIGKILL): %d %s", r, errname(errno));
	r = sigaction(65, &sa, NULL);
	say("sigaction(65): %d %s", r, errname(errno));
}

/* Faults: the handler records what it saw and jumps back. */
static void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got = sig;
	last_code = si->si_code;
	last_addr = si->si_addr;
	siglongjmp(jump, 1);
}

static const char *code_name(int sig, int code)
{
	switch (sig) {
	case SIGSEGV: return code == SEGV_MAPERR ? "SEGV_MAPERR" : code == SEGV_ACCERR ? "SEGV_ACCERR" :
		      code == SI_KERNEL ? "SI_KERNEL" : "other";
	case SIGFPE: return code == FPE_INTDIV ? "FPE_INTDIV" : "other";
	case SIGILL: return code == ILL_ILLOPN ? "ILL_ILLOPN" : "other";
	case SIGTRAP: return code == SI_KERNEL ? "SI_KERNEL" : code == TRAP_TRACE ? "TRAP_TRACE" : "other";
	case SIGBUS: return code == BUS_ADRERR ? "BUS_ADRERR" : "other";
	default: return "?";
	}
}

static volatile int zero;

static void fault(const char *what, int sig, void (*fn)(void *), void *arg, const void *want_addr)
{
	struct sigaction sa = { .sa_sigaction = on_fault, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
	got = 0;
	if (sigsetjmp(jump, 1) == 0)
		fn(arg);
	say("%s: signal %d, %s, address %s", what, got, code_name(sig, last_code),
	    want_addr == (const void *)-1 ? "-" : yesno(last_addr == want_addr));
	signal(sig, SIG_DFL);
}

static void touch(void *p) { *(volatile int *)p = 1; }
static void divide(void *p)
{
	(void)p;
	int q = 7, d = zero;	/* idiv itself: gcc turns 1 / x into compares */
	__asm__ volatile("cltd\n\tidivl %1" : "+a"(q) : "r"(d) : "edx");
}
static void ud2(void *p) { (void)p; __asm__ volatile("ud2"); }
static void int3(void *p) { (void)p; __asm__ volatile("int3"); }
static void priv(void *p) { (void)p; __asm__ volatile("hlt"); }

static void faults(void)
{
	fault("NULL write", SIGSEGV, touch, NULL, NULL);
	void *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	fault("read-only write", SIGSEGV, touch, ro, ro);
	void *none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	fault("PROT_NONE write", SIGSEGV, touch, (char *)none + 8, (char *)none + 8);
	munmap(ro, 4096);
	fault("unmapped write", SIGSEGV, touch, ro, ro);
	fault("kernel address", SIGSEGV, touch, (void *)0xffffffff80000000UL,
	      (void *)0xffffffff80000000UL);
	fault("divide by zero", SIGFPE, divide, NULL, (const void *)-1);
	fault("ud2", SIGILL, ud2, NULL, (const void *)-1);
	fault("int3", SIGTRAP, int3, NULL, NULL);
	fault("hlt", SIGSEGV, priv, NULL, NULL);
	munmap(none, 4096);
}

/* A handler that moves RIP past the instruction that faulted. */
static void skip_ud2(int sig, siginfo_t *si, void *ucp)
{
	(void)si;
	ucontext_t *uc = ucp;
	got = sig;
	uc->uc_mcontext.gregs[REG_RIP] += 2;
	uc->uc_mcontext.gregs[REG_RAX] = 42;
}

static void edit_context(void)
{
	struct sigaction sa = { .sa_sigaction = skip_ud2, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGILL, &sa, NULL);
	long rax = 0;
	__asm__ volatile("xor %%eax, %%eax\n\tud2" : "=a"(rax) : : "memory");
	say("edited RIP: resumed after ud2, rax %ld", rax);
	signal(SIGILL, SIG_DFL);
}

/* Nested: SIGUSR2's handler sends SIGUSR1, which interrupts it (not in
 * its mask); with SA_NODEFER a handler may interrupt itself. */
static void on_nested(int sig)
{
	nested_depth++;
	calls++;
	if (nested_depth > max_depth)
		max_depth = nested_depth;
	if (sig == SIGUSR2)
		raise(SIGUSR1);
	else if (sig == SIGHUP && calls < 3)
		raise(SIGHUP);
	nested_depth--;
}

static void nested(void)
{
	struct sigaction sa = { .sa_handler = on_nested };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	max_depth = 0;
	raise(SIGUSR2);
	say("nested: depth %d", max_depth);
	sigaddset(&sa.sa_mask, SIGUSR1);
	sigaction(SIGUSR2, &sa, NULL);
	max_depth = 0;
	raise(SIGUSR2);
	say("nested with SIGUSR1 in sa_mask: depth %d", max_depth);
	sa.sa_flags = SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	max_depth = calls = 0;
	raise(SIGHUP);
	say("SA_NODEFER recursion: depth %d, calls %d", max_depth, calls);
	sa.sa_flags = 0;
	sigaction(SIGHUP, &sa, NULL);
	max_depth = calls = 0;
	raise(SIGHUP);
	say("without SA_NODEFER: depth %d, calls %d", max_depth, calls);
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGHUP, &sa, NULL);
	raise(SIGHUP);
	struct sigaction cur;
	sigaction(SIGHUP, NULL, &cur);
	say("SA_RESETHAND: back to default %s", yesno(cur.sa_handler == SIG_DFL));
}

/* The FPU registers of the interrupted code survive a handler that
 * uses them. */
static volatile double fpu_in_handler;
static void on_fpu(int sig)
{
	(void)sig;
	volatile double x = 3.0;
	for (int i = 0; i < 10; i++)
		x = x * 1.5 + 0.25;
	fpu_in_handler = x;
}

static void fpu(void)
{
	signal(SIGUSR1, on_fpu);
	double a = 1.25;
	double r;
	__asm__ volatile("movsd %1, %%xmm7\n\t" : : "m"(a), "m"(a) : "xmm7");
	raise(SIGUSR1);
	__asm__ volatile("movsd %%xmm7, %0" : "=m"(r));
	say("xmm7 after a handler: %s, handler computed %.4f", r == 1.25 ? "kept" : "lost",
	    fpu_in_handler);
	signal(SIGUSR1, SIG_DFL);
}

/* A stack overflow, caught on the alternate stack. */
static volatile int on_alt;
static void on_overflow(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	stack_t ss;
	sigaltstack(NULL, &ss);
	on_alt = ss.ss_flags & SS_ONSTACK;
	got = sig;
	siglongjmp(jump, 1);
}

static volatile int depth_limit = 1 << 30;	/* never reached: the stack ends first */
static int recurse(int n)
{
	volatile char pad[1024];
	pad[0] = (char)n;
	if (n >= depth_limit)
		return 0;
	return recurse(n + 1) + pad[0];
}

static void overflow(void)
{
	static char altstack[64 * 1024];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	say("sigaltstack: %d", sigaltstack(&ss, NULL));
	stack_t small = { .ss_sp = altstack, .ss_size = 1024 };
	int r = sigaltstack(&small, NULL);
	say("sigaltstack too small: %d %s", r, errname(errno));
	struct sigaction sa = { .sa_sigaction = on_overflow, .sa_flags = SA_SIGINFO | SA_ONSTACK };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit { unsigned long cur, max; } rl = { 1 << 20, 1 << 20 };
		syscall(SYS_setrlimit, 3 /* RLIMIT_STACK */, &rl);
		got = 0;
		if (sigsetjmp(jump, 1) == 0)
			recurse(0);
		say("overflow: caught signal %d on the alternate stack: %s", got, yesno(on_alt));
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	say("overflow child: %s", WIFEXITED(status) ? "exited" : "killed");
	signal(SIGSEGV, SIG_DFL);
}

/* Default actions, seen by the parent. */
static void defaults(void)
{
	const int sigs[] = { SIGTERM, SIGUSR1, SIGSEGV, SIGABRT, SIGKILL, SIGRTMIN + 1 };
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		pid_t pid = fork();
		if (pid == 0) {
			raise(sigs[i]);
			_exit(0);
		}
		int status;
		waitpid(pid, &status, 0);
		/* the C libraries' SIGRTMIN differ (34, 35): print it relative */
		int term = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
		say("default action of %s%d: %s %s%d", sigs[i] >= SIGRTMIN ? "SIGRTMIN+" : "",
		    sigs[i] >= SIGRTMIN ? sigs[i] - SIGRTMIN : sigs[i],
		    WIFSIGNALED(status) ? "killed by" : "exited", term >= SIGRTMIN ? "SIGRTMIN+" : "",
		    term >= SIGRTMIN ? term - SIGRTMIN : WIFSIGNALED(status) ? term : WEXITSTATUS(status));
	}
	pid_t pid = fork();
	if (pid == 0) {
		raise(SIGCHLD);
		raise(SIGURG);
		raise(SIGWINCH);
		_exit(3);
	}
	int status;
	waitpid(pid, &status, 0);
	say("ignored by default: exited %d", WEXITSTATUS(status));
}

int main(void)
{
	diff_start("signals");
	basic();
	faults();
	edit_context();
	nested();
	fpu();
	overflow();
	defaults();
	say("done");
	return 0;
}
