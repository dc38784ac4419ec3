/*
 * sigfault - x87 floating-point exceptions as signals: each cause
 * unmasked in turn (fldcw) must give SIGFPE with the si_code Linux's
 * fpu__exception_code picks from the status bits the control word leaves
 * unmasked; the handler starts with a fresh FPU (FCW 0x37f, MXCSR
 * 0x1f80, Linux's fpu__clear_user_states) while its frame holds the
 * state that faulted; a handler that clears the cause in the frame
 * resumes the program.  Single steps and nested handlers are
 * user/diff/sigstep.c's.
 *
 * Not here: SSE exceptions (#XM) and the alignment check (#AC).  QEMU's
 * TCG (7.2) raises neither -- an unmasked SSE exception only sets its
 * MXCSR flag, a misaligned load with RFLAGS.AC set just loads -- so
 * anvil's output could not match Linux's.  Nor an x87 denormal operand
 * (DE): TCG never flags it.  Their si_code is checked in the kernel
 * (arch/x86_64/trap/user_fault_test.c).
 *
 * user/diff/diff.h says how the output is compared with Linux's.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <ucontext.h>

#include "diff.h"

/* The six exception bits, the same in the x87 status and control words
 * and in MXCSR (flags at bit 0, masks at bit 7): SDM Vol. 1 §8.1.3, §10.2.3. */
#define EX_IE	0x01	/* invalid operation */
#define EX_DE	0x02	/* denormal operand */
#define EX_ZE	0x04	/* divide by zero */
#define EX_OE	0x08	/* overflow */
#define EX_UE	0x10	/* underflow */
#define EX_PE	0x20	/* precision (inexact) */
#define EX_ALL	0x3f
#define FSW_ES	0x80	/* x87 status: an unmasked exception is pending */
#define FSW_B	0x8000	/* x87 status: busy (a copy of ES) */

/* fnclex then fldcw: clear the x87 status word's exception flags, then
 * load the control word (its low six bits mask the exceptions).  Without
 * the fnclex a flag left by an earlier masked operation would become
 * pending the moment its mask is cleared.  "m": fldcw only reads memory. */
static void set_fcw(uint16_t cw)
{
	__asm__ volatile("fnclex\n\tfldcw %0" : : "m"(cw));
}

/* fnstcw: store the x87 control word without waiting (no pending #MF). */
static uint16_t get_fcw(void)
{
	uint16_t cw;
	__asm__ volatile("fnstcw %0" : "=m"(cw));
	return cw;
}

/* ldmxcsr / stmxcsr: load and store the SSE control and status register
 * (memory operands only). */
static void set_mxcsr(uint32_t v)
{
	__asm__ volatile("ldmxcsr %0" : : "m"(v));
}

static uint32_t get_mxcsr(void)
{
	uint32_t v;
	__asm__ volatile("stmxcsr %0" : "=m"(v));
	return v;
}

static const char *fpe_name(int code)
{
	switch (code) {
	case FPE_INTDIV: return "FPE_INTDIV";
	case FPE_INTOVF: return "FPE_INTOVF";
	case FPE_FLTDIV: return "FPE_FLTDIV";
	case FPE_FLTOVF: return "FPE_FLTOVF";
	case FPE_FLTUND: return "FPE_FLTUND";
	case FPE_FLTRES: return "FPE_FLTRES";
	case FPE_FLTINV: return "FPE_FLTINV";
	case FPE_FLTSUB: return "FPE_FLTSUB";
	default: return "other";
	}
}

/* What the handler saw. */
static struct {
	int sig, code, calls;
	int addr_is_rip;		/* si_addr == the frame's RIP */
	long trapno, err;
	uint16_t fcw, frame_fsw, frame_fcw;	/* its own FCW; the frame's x87 words */
	uint32_t mxcsr, frame_mxcsr;		/* its own MXCSR; the frame's */
} seen;
static sigjmp_buf jump;
static int resume;	/* 1: fix the cause in the frame and return; 0: siglongjmp */

static void on_fpe(int sig, siginfo_t *si, void *p)
{
	ucontext_t *uc = p;
	seen.sig = sig;
	seen.code = si->si_code;
	seen.calls++;
	seen.addr_is_rip = si->si_addr == (void *)uc->uc_mcontext.gregs[REG_RIP];
	seen.trapno = uc->uc_mcontext.gregs[REG_TRAPNO];
	seen.err = uc->uc_mcontext.gregs[REG_ERR];
	seen.fcw = get_fcw();
	seen.mxcsr = get_mxcsr();
	seen.frame_fsw = uc->uc_mcontext.fpregs->swd;
	seen.frame_fcw = uc->uc_mcontext.fpregs->cwd;
	seen.frame_mxcsr = uc->uc_mcontext.fpregs->mxcsr;
	if (!resume)
		siglongjmp(jump, 1);
	/* Mask every exception and clear the flags in the saved state: the
	 * instruction runs again at rt_sigreturn and now just sets flags. */
	uc->uc_mcontext.fpregs->swd &= (uint16_t)~(EX_ALL | FSW_ES | FSW_B);
	uc->uc_mcontext.fpregs->cwd |= EX_ALL;
	uc->uc_mcontext.fpregs->mxcsr = (uc->uc_mcontext.fpregs->mxcsr & ~EX_ALL) | (EX_ALL << 7);
}

/* The operands: in memory, so every operation happens at run time. */
static volatile long double ld_zero = 0.0L, ld_one = 1.0L, ld_three = 3.0L,
			    ld_big = 1e4000L, ld_tiny = 1e-4000L;
static volatile long double ld_out;

/*
 * fldt b; fldt a; st(0) = a OP b; fwait; fstpt out; pop b.  With the
 * operation's exception unmasked the CPU only flags it (FSW.ES) at the
 * arithmetic and raises #MF at the next waiting x87 instruction (SDM
 * Vol. 1 §8.7 "Handling x87 FPU Exceptions in Software"): on a CPU that
 * is the fwait.  QEMU's TCG raises the pending #MF at fwait only, so the
 * explicit fwait right after the arithmetic makes both fault at the same
 * instruction.  "st", "st(1)": the two registers pushed and popped.
 */
#define X87_BINARY(name, insn, a, b)						\
	static void name(void)							\
	{									\
		__asm__ volatile("fldt %2\n\tfldt %1\n\t" insn " %%st(1), %%st\n\t"	\
				 "fwait\n\tfstpt %0\n\tfstp %%st(0)"			\
				 : "=m"(ld_out) : "m"(a), "m"(b) : "st", "st(1)", "memory");	\
	}
X87_BINARY(x87_div, "fdiv", ld_one, ld_zero)
X87_BINARY(x87_inv, "fdiv", ld_zero, ld_zero)
X87_BINARY(x87_ovf, "fmul", ld_big, ld_big)
X87_BINARY(x87_und, "fmul", ld_tiny, ld_tiny)
X87_BINARY(x87_res, "fdiv", ld_one, ld_three)

static const struct fpe_case {
	const char *what;
	unsigned unmask;	/* the one exception left unmasked */
	void (*op)(void);
} cases[] = {
	{ "1/0, ZE unmasked", EX_ZE, x87_div },
	{ "0/0, IE unmasked", EX_IE, x87_inv },
	{ "big*big, OE unmasked", EX_OE, x87_ovf },
	{ "tiny*tiny, UE unmasked", EX_UE, x87_und },
	{ "1/3, PE unmasked", EX_PE, x87_res },
	{ "1/0, only PE unmasked", EX_PE, x87_div },
	/* two flagged and unmasked: overflow (underflow) wins over precision */
	{ "big*big, OE and PE unmasked", EX_OE | EX_PE, x87_ovf },
	{ "tiny*tiny, UE and PE unmasked", EX_UE | EX_PE, x87_und },
};

static void install(void)
{
	struct sigaction sa = { .sa_sigaction = on_fpe, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGFPE, &sa, NULL);
}

/* MXCSR while the x87 case runs: round toward zero, every exception
 * masked; the handler must start with 0x1f80 all the same. */
#define MXCSR_PROGRAM 0x7f80

static void run_case(const struct fpe_case *c)
{
	memset(&seen, 0, sizeof(seen));
	resume = 0;
	if (sigsetjmp(jump, 1) == 0) {
		set_mxcsr(MXCSR_PROGRAM);
		set_fcw((uint16_t)(0x37f & ~c->unmask));
		c->op();
	}
	if (!seen.sig)
		say("x87 %s: no signal", c->what);
	else
		say("x87 %s: signal %d %s, si_addr is rip %s, trapno %ld err %ld, frame FSW flags 0x%x "
		    "FCW 0x%x MXCSR 0x%x", c->what, seen.sig, fpe_name(seen.code),
		    yesno(seen.addr_is_rip), seen.trapno, seen.err, seen.frame_fsw & (EX_ALL | FSW_ES),
		    seen.frame_fcw, seen.frame_mxcsr);
	if (seen.sig)
		say("x87 %s: handler ran with FCW 0x%x MXCSR 0x%x; after siglongjmp FCW 0x%x MXCSR 0x%x",
		    c->what, seen.fcw, seen.mxcsr, get_fcw(), get_mxcsr());
	set_fcw(0x37f);
	set_mxcsr(0x1f80);
}

static void fpe_causes(void)
{
	install();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
	signal(SIGFPE, SIG_DFL);
}

/* The handler fixes the saved state and returns: the fwait that faulted
 * runs again and the program goes on with the frame's control word.
 * (Not the result: a CPU leaves st(0) alone when the exception is
 * unmasked, QEMU's TCG stores the quotient.) */
static void fpe_resume(void)
{
	install();
	memset(&seen, 0, sizeof(seen));
	resume = 1;
	set_fcw(0x37f & ~EX_ZE);
	x87_div();
	say("x87 resumed: handler calls %d, FCW now 0x%x", seen.calls, get_fcw());
	set_fcw(0x37f);
	signal(SIGFPE, SIG_DFL);
}

/* A SIGFPE nobody handles: the default action, seen by the parent. */
static void fpe_default(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		set_fcw(0x37f & ~EX_ZE);
		x87_div();
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	say("unhandled x87 divide by zero: %s %d", WIFSIGNALED(status) ? "killed by" : "exited",
	    WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
}

int main(void)
{
	diff_start("sigfault");
	fpe_causes();
	fpe_resume();
	fpe_default();
	say("done");
	return 0;
}
