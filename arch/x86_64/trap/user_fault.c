/*
 * CPU exceptions that come from a program (ring 3) become signals, as
 * Linux's arch/x86/kernel/traps.c and mm/fault.c make them: the signal,
 * its si_code and si_addr below.  A program with a handler for it gets
 * the signal at its return to ring 3 (kernel/proc/signal_deliver.c);
 * otherwise it ends with one log line and the exit status a shell would
 * show, 128 + the signal (signal_force_fault).  The default exception
 * handler (exception.c) calls user_fault() for every exception from
 * ring 3, and asks user_fault_in() about a kernel-mode #PF too (a copy
 * helper touching the program's heap, or writing to a copy-on-write
 * page); everything else in kernel mode is exception.c's to decide.
 */
#include "arch/x86_64/trap/user_fault.h"
#include "arch/x86_64/insn/cr.h"
#include "arch/x86_64/insn/debugreg.h"
#include "arch/x86_64/insn/fpu.h"
#include "arch/x86_64/mm/page.h"
#include "arch/x86_64/mm/paging.h"
#include "kernel/errno.h"
#include "kernel/format.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/vma.h"
#include "kernel/process.h"

/* si_addr: the faulting instruction, or 0 (the page fault's is CR2). */
enum fault_addr { ADDR_NONE, ADDR_RIP };

static const struct user_fault_kind {
	uint8_t vector;
	uint8_t signal;
	int16_t code;		/* si_code; 0: worked out from the state (fault_code) */
	uint8_t addr;		/* enum fault_addr */
	const char *what;
} user_faults[] = {
	{ X86_TRAP_DE, SIGFPE, FPE_INTDIV, ADDR_RIP, "divide error" },
	{ X86_TRAP_DB, SIGTRAP, 0, ADDR_RIP, "debug trap" },
	{ X86_TRAP_BP, SIGTRAP, SI_KERNEL, ADDR_NONE, "breakpoint (int3)" },
	{ X86_TRAP_OF, SIGSEGV, SI_KERNEL, ADDR_NONE, "overflow (into)" },
	{ X86_TRAP_BR, SIGSEGV, SI_KERNEL, ADDR_NONE, "bound range exceeded" },
	{ X86_TRAP_UD, SIGILL, ILL_ILLOPN, ADDR_RIP, "invalid opcode" },
	{ X86_TRAP_NM, SIGSEGV, SI_KERNEL, ADDR_NONE, "device not available" },
	{ X86_TRAP_TS, SIGSEGV, SI_KERNEL, ADDR_NONE, "invalid TSS" },
	{ X86_TRAP_NP, SIGBUS, SI_KERNEL, ADDR_NONE, "segment not present" },
	{ X86_TRAP_SS, SIGBUS, SI_KERNEL, ADDR_NONE, "stack-segment fault" },
	{ X86_TRAP_GP, SIGSEGV, SI_KERNEL, ADDR_NONE, "general protection fault" },
	{ X86_TRAP_PF, SIGSEGV, 0, ADDR_NONE, "page fault" },
	{ X86_TRAP_MF, SIGFPE, 0, ADDR_RIP, "x87 floating-point error" },
	{ X86_TRAP_AC, SIGBUS, BUS_ADRALN, ADDR_NONE, "alignment check" },
	{ X86_TRAP_XM, SIGFPE, 0, ADDR_RIP, "SIMD floating-point exception" },
	{ X86_TRAP_CP, SIGSEGV, SI_KERNEL, ADDR_NONE, "control protection fault" },
};

static const struct user_fault_kind *kind_of(uint64_t vector)
{
	for (unsigned i = 0; i < sizeof(user_faults) / sizeof(user_faults[0]); i++)
		if (user_faults[i].vector == vector)
			return &user_faults[i];
	return NULL;
}

/* " (write to 0x0: page not present)" and similar, for the kill line:
 * the access and its address (exception_describe_error spells out the
 * error code bit by bit for a kernel report instead). */
static void describe_access(char *buf, size_t size, uint64_t addr, uint64_t err)
{
	const char *access = err & X86_PF_ERR_FETCH ? "instruction fetch at" :
			     err & X86_PF_ERR_WRITE ? "write to" : "read from";
	const char *why = !(err & X86_PF_ERR_PRESENT) ? "page not present" :
			  addr >= USER_END ? "kernel page" : "protection violation";
	uint64_t stack_bottom = process_stack_floor(process_current());
	if (!(err & X86_PF_ERR_PRESENT) && addr < stack_bottom && addr >= stack_bottom - PAGE_SIZE)
		why = "stack overflow";
	ksnprintf(buf, size, " (%s 0x%lx: %s)", access, (unsigned long)addr, why);
}

/* What the faulting access wanted, as mmap's PROT_ bits. */
static unsigned access_of(uint64_t err)
{
	return err & X86_PF_ERR_FETCH ? PROT_EXEC : err & X86_PF_ERR_WRITE ? PROT_WRITE : PROT_READ;
}

/* A #PF in the user half that is not the program's fault: a first touch
 * of a page of an mmap area (kernel/mm/mmap.c vma_fault) or of the heap
 * or stack (demand paging), or a write to a page shared since a fork
 * (copy-on-write, kernel/mm/vm_cow.c).  0 when the access can be
 * retried, -ENOMEM when there was no frame for it, -EIO past the end of
 * a mapped file (SIGBUS), -EFAULT otherwise. */
static int fault_in(uint64_t addr, uint64_t err)
{
	if (addr >= USER_END)
		return -EFAULT;
	if (!(err & X86_PF_ERR_PRESENT)) {
		struct process *p = process_current();
		int in = p && p->mm ? vma_fault(p->mm, addr, access_of(err)) : -ENOENT;
		if (in != -ENOENT)
			return in;
		return process_fault_in(addr) ? 0 : -EFAULT;
	}
	if ((err & (X86_PF_ERR_WRITE | X86_PF_ERR_RSVD | X86_PF_ERR_PK)) == X86_PF_ERR_WRITE)
		return vm_cow_fault(as_current(), addr);
	return -EFAULT;
}

bool user_fault_in(uint64_t addr, uint64_t err)
{
	return fault_in(addr, err) == 0;
}

int user_fault_fpe_code(uint64_t vector, uint16_t fsw, uint16_t fcw, uint32_t mxcsr)
{
	unsigned err = vector == X86_TRAP_MF ? (unsigned)(fsw & ~fcw) : mxcsr & ~(mxcsr >> 7);
	if (err & 0x01)
		return FPE_FLTINV;
	if (err & 0x04)
		return FPE_FLTDIV;
	if (err & 0x08)
		return FPE_FLTOVF;
	if (err & 0x12)
		return FPE_FLTUND;
	if (err & 0x20)
		return FPE_FLTRES;
	return 0;
}

/* The cause of a #MF or #XM, read from the registers: they still hold
 * the program's state (eager switching, fpu_state.h; Linux saves them
 * first, fpu_sync_fpstate, to read the same words).  fnstsw and fnstcw
 * do not wait, so the pending x87 exception is not raised again here;
 * and, as in Linux's math_error, nothing is cleared: the frame shows the
 * program its state as it faulted, and the handler starts from the
 * initial state (fpu_sigframe_clear). */
static int fpu_code(uint64_t vector)
{
	if (vector == X86_TRAP_MF)
		return user_fault_fpe_code(vector, fnstsw(), fnstcw(), 0);
	return user_fault_fpe_code(vector, 0, 0, stmxcsr());
}

/* si_code for the kinds whose code depends on the state. */
static int fault_code(const struct trap_frame *f, uint64_t cr2)
{
	switch (f->vector) {
	case X86_TRAP_PF: {
		/* ACCERR: something is mapped there, or an area says what may
		 * be (PROT_NONE); MAPERR: nothing (kernel addresses too). */
		struct process *p = process_current();
		bool mapped = cr2 < USER_END && ((f->error_code & X86_PF_ERR_PRESENT) ||
						 (p->mm && vma_find(p->mm, cr2)));
		return mapped ? SEGV_ACCERR : SEGV_MAPERR;
	}
	case X86_TRAP_DB: {
		uint64_t dr6 = read_dr6();
		write_dr6(DR6_RESERVED);	/* the CPU never clears it */
		/* Linux's get_si_code (arch/x86/kernel/traps.c) */
		return dr6 & DR6_BS ? TRAP_TRACE : dr6 & DR6_B0_B3 ? TRAP_HWBKPT : TRAP_BRKPT;
	}
	default:
		return fpu_code(f->vector);
	}
}

/* A fault the program caused: its signal, or its end. */
static bool program_fault(struct trap_frame *f, const struct user_fault_kind *kind, uint64_t cr2)
{
	int code = kind->code ? kind->code : fault_code(f, cr2);
	if (!code)
		return true;	/* a spurious FPU exception: go on */
	uint64_t addr = f->vector == X86_TRAP_PF ? cr2 : kind->addr == ADDR_RIP ? f->rip : 0;
	char detail[80] = "", what[128];
	if (f->vector == X86_TRAP_PF)
		describe_access(detail, sizeof(detail), cr2, f->error_code);
	ksnprintf(what, sizeof(what), "%s at rip 0x%lx%s", kind->what, (unsigned long)f->rip,
		  detail);
	signal_force_fault(kind->signal, code, addr, f->vector, f->error_code, cr2, what);
	return true;	/* a handler will run */
}

bool user_fault(struct trap_frame *f)
{
	uint64_t cr2 = f->vector == X86_TRAP_PF ? read_cr2() : 0;
	int in = f->vector == X86_TRAP_PF ? fault_in(cr2, f->error_code) : -EFAULT;
	if (in == 0)
		return true;
	if (in == -ENOMEM && process_current()->pid) {
		char what[128];
		bool cow = f->error_code & X86_PF_ERR_PRESENT;	/* else a page of an area */
		ksnprintf(what, sizeof(what), "out of memory for a %s page (%s 0x%lx at rip 0x%lx)",
			  cow ? "copy-on-write" : "mapped", cow ? "write to" : "access to",
			  (unsigned long)cr2, (unsigned long)f->rip);
		process_kill(SIGKILL, what);
	}
	if (in == -EIO && process_current()->pid) {
		char what[128];
		ksnprintf(what, sizeof(what), "bus error at rip 0x%lx (access to 0x%lx: past the end of a mapped file)",
			  (unsigned long)f->rip, (unsigned long)cr2);
		signal_force_fault(SIGBUS, BUS_ADRERR, cr2, f->vector, f->error_code, cr2, what);
		return true;
	}
	const struct user_fault_kind *kind = kind_of(f->vector);
	if (!kind || process_current()->pid == 0)	/* a kernel task: not ours */
		return false;
	return program_fault(f, kind, cr2);
}

/*
 * A program reaches a non-canonical return address with an interrupt
 * that comes right after the last instruction of the user half: the
 * address after it is 0x800000000000.  On Intel CPUs iretq to it raises
 * #GP in ring 0, after the stub's swapgs has already put the program's GS
 * back -- and trap_entry.asm has no fix-up for that (AMD CPUs and QEMU
 * load the address and fault in ring 3).  So the program ends here, on
 * the kernel's stack with the kernel's GS, the same on every CPU.  The
 * two system call entries, which a program can aim at that address on
 * purpose (t_entry sysret_rip, t_entry_int80), have checks and fix-ups
 * of their own (syscall_entry.asm, int80_entry.asm).
 */
void user_return_check(const struct trap_frame *f)
{
	if (trap_from_user(f) && !x86_canonical(f->rip))
		process_bad_return();
}
