/*
 * CPU exceptions that come from a program (ring 3) end that program, not
 * the kernel: one log line, and the exit status a shell would show,
 * 128 + the signal Linux sends for that exception (arch/x86/kernel/
 * traps.c).  The same handlers also catch the two kernel-mode faults that
 * are not bugs: a page fault in the heap (demand paging) and a fault in
 * an instruction listed in the exception table (the user-copy helpers,
 * the SYSCALL exit's iretq), which resumes at its fix-up.
 * Everything else in kernel mode stays a panic (exception_fatal).
 */
#include "arch/x86_64/trap/user_fault.h"
#include "arch/x86_64/insn/cr.h"
#include "arch/x86_64/trap/exception.h"
#include "arch/x86_64/trap/extable.h"
#include "arch/x86_64/mm/paging.h"
#include "kernel/format.h"
#include "kernel/mm/pmm.h"
#include "kernel/process.h"
#include "kernel/uaccess.h"

static const struct {
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
#define NFAULTS (sizeof(user_faults) / sizeof(user_faults[0]))

/* What handled each vector in kernel mode before (the #BP logger). */
static trap_handler kernel_handler[NFAULTS];

static unsigned fault_index(uint8_t vector)
{
	unsigned i = 0;
	while (user_faults[i].vector != vector)
		i++;
	return i;
}

/* " (write to 0x0: page not present)" and similar, for the kill line. */
static void describe_page_fault(char *buf, size_t size, uint64_t addr, uint64_t err)
{
	const char *access = err & X86_PF_ERR_FETCH ? "instruction fetch at" :
			     err & X86_PF_ERR_WRITE ? "write to" : "read from";
	const char *why = !(err & X86_PF_ERR_PRESENT) ? "page not present" :
			  addr >= USER_END ? "kernel page" : "protection violation";
	uint64_t stack_bottom = USER_STACK_TOP - USER_STACK_SIZE;
	if (!(err & X86_PF_ERR_PRESENT) && addr < stack_bottom && addr >= stack_bottom - PAGE_SIZE)
		why = "stack overflow";
	ksnprintf(buf, size, " (%s 0x%lx: %s)", access, (unsigned long)addr, why);
}

static void kill_for(struct trap_frame *f, uint64_t cr2)
{
	unsigned i = fault_index(f->vector);
	char detail[80] = "", what[128];
	if (f->vector == X86_TRAP_PF)
		describe_page_fault(detail, sizeof(detail), cr2, f->error_code);
	ksnprintf(what, sizeof(what), "%s at rip 0x%lx%s", user_faults[i].what,
		  (unsigned long)f->rip, detail);
	process_kill(user_faults[i].signal, what);
}

static void exception_from_anywhere(struct trap_frame *f)
{
	if (trap_from_user(f) && process_current())
		kill_for(f, 0);
	if (f->vector == X86_TRAP_GP && extable_fixup(f))
		return;
	trap_handler previous = kernel_handler[fault_index(f->vector)];
	if (previous) {
		previous(f);
		return;
	}
	exception_fatal(f);
}

static void page_fault(struct trap_frame *f)
{
	uint64_t addr = read_cr2();
	/* A page of the heap touched for the first time, by the program or
	 * by a copy helper on its behalf: map it and run the access again. */
	if (addr < USER_END && !(f->error_code & X86_PF_ERR_PRESENT) && process_fault_in(addr))
		return;
	if (trap_from_user(f) && process_current())
		kill_for(f, addr);
	if (extable_fixup(f))
		return;
	exception_fatal(f);
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

void user_fault_init(void)
{
	for (unsigned i = 0; i < NFAULTS; i++) {
		kernel_handler[i] = trap_handler_for(user_faults[i].vector);
		trap_register(user_faults[i].vector,
			      user_faults[i].vector == X86_TRAP_PF ? page_fault : exception_from_anywhere);
	}
}
