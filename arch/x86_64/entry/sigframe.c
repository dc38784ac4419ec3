/*
 * Building a handler's frame on the user stack, and rt_sigreturn
 * (sigframe.h has the layout; kernel/proc/signal_deliver.c decides when).
 * Both follow Linux's arch/x86/kernel/signal.c for a 64-bit program:
 * get_sigframe, x64_setup_rt_frame, setup_sigcontext, and on the way
 * back sys_rt_sigreturn and restore_sigcontext.
 */
#include "arch/x86_64/entry/sigframe.h"
#include "arch/x86_64/cpu/fpu_sigframe.h"
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/mm/paging.h"
#include "arch/x86_64/trap/trap.h"
#include "kernel/errno.h"
#include "kernel/format.h"
#include "kernel/process.h"
#include "kernel/uaccess.h"

/*
 * The flags rt_sigreturn takes from the frame (Linux's FIX_EFLAGS): the
 * arithmetic ones, DF, TF (a program may single-step itself), AC and RF.
 * Everything else -- IF, IOPL, NT, VM, VIF, VIP, ID and the reserved
 * bits -- stays what the kernel had: a program cannot give itself I/O
 * privilege or turn interrupts off through a forged frame.
 */
#define FIX_EFLAGS (X86_RFLAGS_CF | X86_RFLAGS_PF | X86_RFLAGS_AF | X86_RFLAGS_ZF | \
		    X86_RFLAGS_SF | X86_RFLAGS_TF | X86_RFLAGS_DF | X86_RFLAGS_OF | \
		    X86_RFLAGS_AC | X86_RFLAGS_RF)

/* Linux's on_sig_stack: sp lies in the alternate stack (which grows
 * down from sp + size, so sp == alt.sp is already below it). */
static bool on_alt_stack(const struct signal_state *s, uint64_t sp)
{
	if (s->alt.flags & SS_AUTODISARM)
		return false;
	return sp > s->alt.sp && sp - s->alt.sp <= s->alt.size;
}

/* Where the frame goes (Linux's get_sigframe): below the red zone, or at
 * the top of the alternate stack for an SA_ONSTACK handler not on it
 * yet; the FPU area 64-byte aligned, the frame under it with RSP + 8 a
 * multiple of 16 (as on entry to a function).  0 when a frame on the
 * alternate stack would overflow it. */
static uint64_t frame_address(const struct signal_state *s, const struct k_sigaction *ka,
			      uint64_t sp, uint64_t *fpu)
{
	bool was_on_alt = on_alt_stack(s, sp);
	sp -= SIGFRAME_RED_ZONE;
	if ((ka->flags & SA_ONSTACK) && s->alt.size && !was_on_alt)
		sp = s->alt.sp + s->alt.size;
	*fpu = (sp - fpu_sigframe_size()) & ~63UL;
	uint64_t frame = ((*fpu - sizeof(struct rt_sigframe)) & ~15UL) - 8;
	if (was_on_alt && !on_alt_stack(s, frame))
		return 0;
	return frame;
}

static void save_regs(struct sigcontext *sc, const struct trap_frame *f)
{
	*sc = (struct sigcontext){
		.r8 = f->r8, .r9 = f->r9, .r10 = f->r10, .r11 = f->r11,
		.r12 = f->r12, .r13 = f->r13, .r14 = f->r14, .r15 = f->r15,
		.rdi = f->rdi, .rsi = f->rsi, .rbp = f->rbp, .rbx = f->rbx,
		.rdx = f->rdx, .rax = f->rax, .rcx = f->rcx, .rsp = f->rsp,
		.rip = f->rip, .eflags = f->rflags,
		.cs = (uint16_t)f->cs, .ss = (uint16_t)f->ss,
	};
}

int arch_signal_frame(struct trap_frame *f, int sig, const struct siginfo *info,
		      const struct k_sigaction *ka, sigset_t saved)
{
	struct signal_state *s = &process_current()->sig;
	uint64_t fpu, addr = frame_address(s, ka, f->rsp, &fpu);
	/* x86-64 has no fallback restorer (Linux: -EFAULT without
	 * SA_RESTORER), and a handler must be somewhere ring 3 can run. */
	if (!addr || !(ka->flags & SA_RESTORER) || !user_range_ok(ka->handler, 1))
		return -EFAULT;

	struct rt_sigframe frame = {
		.pretcode = ka->restorer,
		.uc = { .flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS |
				 (fpu_sigframe_xstate() ? UC_FP_XSTATE : 0),
			.stack = s->alt, .sigmask = saved },
		.info = *info,
	};
	save_regs(&frame.uc.mcontext, f);
	frame.uc.mcontext.err = s->error_code;
	frame.uc.mcontext.trapno = s->trap_nr;
	frame.uc.mcontext.cr2 = s->cr2;
	frame.uc.mcontext.oldmask = saved;
	frame.uc.mcontext.fpstate = fpu;
	if (fpu_sigframe_save(fpu) || copy_to_user(addr, &frame, sizeof(frame)))
		return -EFAULT;
	fpu_sigframe_clear();			/* the handler starts with a fresh FPU */
	if (s->alt.flags & SS_AUTODISARM)	/* until rt_sigreturn puts it back */
		s->alt = (struct sigaltstack){ .flags = SS_DISABLE };

	/* The handler's call: handler(sig, &info, &uc), as if called from the
	 * restorer.  DF clear for the C ABI; TF and RF too (a program that
	 * single-steps gets its TF back from the frame at rt_sigreturn). */
	f->rdi = (uint64_t)sig;
	f->rsi = addr + offsetof(struct rt_sigframe, info);
	f->rdx = addr + offsetof(struct rt_sigframe, uc);
	f->rax = 0;
	f->rsp = addr;
	f->rip = ka->handler;
	f->rflags &= ~(X86_RFLAGS_DF | X86_RFLAGS_RF | X86_RFLAGS_TF);
	f->cs = ANVIL_USER_CS;
	f->ss = ANVIL_USER_DS;
	return 0;
}

/* Everything a forged frame could lie about that would make the iretq
 * fault in ring 0, or give the program what it must not have: selectors
 * other than the user ones, a RIP outside the user half. */
static const char *check_regs(const struct sigcontext *sc)
{
	if (sc->cs != ANVIL_USER_CS)
		return "code selector";
	if (sc->ss != ANVIL_USER_DS)
		return "stack selector";
	if (!x86_canonical(sc->rip) || sc->rip >= USER_END)
		return "non-canonical RIP";
	return NULL;
}

static void load_regs(struct trap_frame *f, const struct sigcontext *sc)
{
	f->r8 = sc->r8, f->r9 = sc->r9, f->r10 = sc->r10, f->r11 = sc->r11;
	f->r12 = sc->r12, f->r13 = sc->r13, f->r14 = sc->r14, f->r15 = sc->r15;
	f->rdi = sc->rdi, f->rsi = sc->rsi, f->rbp = sc->rbp, f->rbx = sc->rbx;
	f->rdx = sc->rdx, f->rax = sc->rax, f->rcx = sc->rcx, f->rsp = sc->rsp;
	f->rip = sc->rip;
	f->rflags = (f->rflags & ~FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS);
	f->cs = ANVIL_USER_CS;
	f->ss = ANVIL_USER_DS;
	f->vector = ANVIL_TRAP_VECTOR_NONE;	/* no restart of rt_sigreturn itself */
}

static void bad_frame(uint64_t frame, const char *why)
{
	struct signal_state *s = &process_current()->sig;
	char what[128];
	ksnprintf(what, sizeof(what), "rt_sigreturn: bad signal frame at 0x%lx (%s)",
		  (unsigned long)frame, why);
	signal_force_fault(SIGSEGV, SI_KERNEL, 0, s->trap_nr, s->error_code, s->cr2, what);
}

void rt_sigreturn_frame(struct trap_frame *f)
{
	struct process *p = process_current();
	uint64_t frame = f->rsp - 8;	/* the handler's ret popped pretcode */
	struct ucontext uc;
	if (copy_from_user(&uc, frame + offsetof(struct rt_sigframe, uc), sizeof(uc))) {
		bad_frame(frame, "not readable");
		return;
	}
	/* The mask first, as Linux (SIGKILL and SIGSTOP never blocked). */
	p->sig.blocked = uc.sigmask & ~SIG_UNBLOCKABLE;
	p->sig.restart.fn = NULL;	/* an interrupted restart is not resumed */
	const char *why = check_regs(&uc.mcontext);
	if (why) {
		signal_recalc(p);
		bad_frame(frame, why);
		return;
	}
	load_regs(f, &uc.mcontext);
	if (fpu_sigframe_restore(uc.mcontext.fpstate)) {
		signal_recalc(p);
		bad_frame(frame, "FPU state");
		return;
	}
	signal_restore_altstack(&uc.stack, f->rsp);
	signal_recalc(p);
}

long arch_syscall_nr(const struct trap_frame *f)
{
	if (f->vector == ANVIL_TRAP_VECTOR_SYSCALL || f->vector == X86_INT80_VECTOR)
		return (long)f->error_code;
	return -1;
}

long arch_syscall_result(const struct trap_frame *f)
{
	return (long)f->rax;
}

void arch_syscall_set_result(struct trap_frame *f, long v)
{
	f->rax = (uint64_t)v;
}

/* Both `syscall` (0f 05) and `int $0x80` (cd 80) are two bytes long. */
void arch_syscall_rewind(struct trap_frame *f, long nr)
{
	f->rax = (uint64_t)nr;
	f->rip -= 2;
}

long arch_restart_syscall_nr(const struct trap_frame *f)
{
	/* restart_syscall: 219 in the 64-bit table, 0 in the i386 one. */
	return f->vector == X86_INT80_VECTOR ? 0 : SYS_RESTART_SYSCALL;
}

uint64_t arch_user_sp(const struct trap_frame *f)
{
	return f->rsp;
}
