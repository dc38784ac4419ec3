/*
 * CPU exceptions that come from a program (ring 3) end that program, not
 * the kernel: one log line, and the exit status a shell would show,
 * 128 + the signal Linux sends for that exception (arch/x86/kernel/
 * traps.c).  The default exception handler (exception.c) calls
 * user_fault() for every exception from ring 3, and asks user_fault_in()
 * about a kernel-mode #PF too (a copy helper touching the program's
 * heap, or writing to a copy-on-write page); everything else in kernel
 * mode is exception.c's to decide.
 */
#include "arch/x86_64/trap/user_fault.h"
#include "arch/x86_64/insn/cr.h"
#include "arch/x86_64/mm/page.h"
#include "arch/x86_64/mm/paging.h"
#include "kernel/errno.h"
#include "kernel/format.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/vma.h"
#include "kernel/process.h"

static const struct user_fault_kind {
	uint8_t vector;
	uint8_t signal;
	const char *what;
} user_faults[] = {
	{ X86_TRAP_DE, SIGFPE, "divide error" },
	{ X86_TRAP_DB, SIGTRAP, "debug trap" },
	{ X86_TRAP_BP, SIGTRAP, "breakpoint (int3)" },
	{ X86_TRAP_OF, SIGSEGV, "overflow (into)" },
	{ X86_TRAP_BR, SIGSEGV, "bound range exceeded" },
	{ X86_TRAP_UD, SIGILL, "invalid opcode" },
	{ X86_TRAP_NM, SIGSEGV, "device not available" },
	{ X86_TRAP_TS, SIGSEGV, "invalid TSS" },
	{ X86_TRAP_NP, SIGBUS, "segment not present" },
	{ X86_TRAP_SS, SIGBUS, "stack-segment fault" },
	{ X86_TRAP_GP, SIGSEGV, "general protection fault" },
	{ X86_TRAP_PF, SIGSEGV, "page fault" },
	{ X86_TRAP_MF, SIGFPE, "x87 floating-point error" },
	{ X86_TRAP_AC, SIGBUS, "alignment check" },
	{ X86_TRAP_XM, SIGFPE, "SIMD floating-point exception" },
	{ X86_TRAP_CP, SIGSEGV, "control protection fault" },
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
		process_kill(SIGBUS, what);
	}
	const struct user_fault_kind *kind = kind_of(f->vector);
	if (!kind || process_current()->pid == 0)	/* a kernel task: not ours */
		return false;

	char detail[80] = "", what[128];
	if (f->vector == X86_TRAP_PF)
		describe_access(detail, sizeof(detail), cr2, f->error_code);
	ksnprintf(what, sizeof(what), "%s at rip 0x%lx%s", kind->what, (unsigned long)f->rip,
		  detail);
	process_kill(kind->signal, what);
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
