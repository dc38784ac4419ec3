/*
 * Exception reports: what happened, in words, with every register and a
 * backtrace, so the report alone is enough to start debugging.  And what
 * an exception does by default: the one handler exception_init registers
 * on vectors 0-31 (at the end of this file).
 */
#include "arch/x86_64/trap/exception.h"
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/insn/cr.h"
#include "arch/x86_64/cpu/gdt.h"
#include "arch/x86_64/insn/msr.h"
#include "arch/x86_64/cpu/regbits.h"
#include "arch/x86_64/mm/page.h"
#include "arch/x86_64/mm/paging.h"
#include "arch/x86_64/trap/extable.h"
#include "arch/x86_64/trap/user_fault.h"
#include "kernel/backtrace.h"
#include "kernel/ksym.h"
#include "kernel/panic.h"
#include "kernel/printf.h"

/* Intel SDM Vol. 3A §6.3.1, Table 6-1; AMD APM Vol. 2 §8.2 for 28-30. */
static const struct {
	const char *mnemonic, *name;
} exceptions[X86_TRAP_EXCEPTIONS] = {
	[0] = { "#DE", "Divide Error" },
	[1] = { "#DB", "Debug" },
	[2] = { "NMI", "Non-Maskable Interrupt" },
	[3] = { "#BP", "Breakpoint" },
	[4] = { "#OF", "Overflow" },
	[5] = { "#BR", "BOUND Range Exceeded" },
	[6] = { "#UD", "Invalid Opcode" },
	[7] = { "#NM", "Device Not Available" },
	[8] = { "#DF", "Double Fault" },
	[9] = { "#CSO", "Coprocessor Segment Overrun" },
	[10] = { "#TS", "Invalid TSS" },
	[11] = { "#NP", "Segment Not Present" },
	[12] = { "#SS", "Stack-Segment Fault" },
	[13] = { "#GP", "General Protection" },
	[14] = { "#PF", "Page Fault" },
	[16] = { "#MF", "x87 Floating-Point Error" },
	[17] = { "#AC", "Alignment Check" },
	[18] = { "#MC", "Machine Check" },
	[19] = { "#XM", "SIMD Floating-Point Exception" },
	[20] = { "#VE", "Virtualization Exception" },
	[21] = { "#CP", "Control Protection" },
	[28] = { "#HV", "Hypervisor Injection" },
	[29] = { "#VC", "VMM Communication" },
	[30] = { "#SX", "Security Exception" },
};

const char *exception_mnemonic(unsigned vector)
{
	if (vector < X86_TRAP_EXCEPTIONS && exceptions[vector].mnemonic)
		return exceptions[vector].mnemonic;
	return "";
}

const char *exception_name(unsigned vector)
{
	if (vector < X86_TRAP_EXCEPTIONS && exceptions[vector].name)
		return exceptions[vector].name;
	return vector < X86_TRAP_EXCEPTIONS ? "reserved" : "interrupt";
}

static void describe_page_fault(struct strbuf *t, uint64_t err)
{
	strbuf_add(t, "%s, %s, %s mode, %s", err & X86_PF_ERR_PRESENT ? "protection violation" : "page not present",
	    err & X86_PF_ERR_WRITE ? "write" : "read", err & X86_PF_ERR_USER ? "user" : "supervisor",
	    err & X86_PF_ERR_FETCH ? "instruction fetch" : "data access");
	if (err & X86_PF_ERR_RSVD)
		strbuf_add(t, ", reserved bit set in a paging entry");
	if (err & X86_PF_ERR_PK)
		strbuf_add(t, ", protection key");
	if (err & X86_PF_ERR_SS)
		strbuf_add(t, ", shadow stack");
}

static void describe_selector(struct strbuf *t, uint64_t err)
{
	if (err == 0) {
		strbuf_add(t, "no selector involved");
		return;
	}
	const char *table = err & X86_SEL_ERR_IDT ? "IDT vector" :
			    err & X86_SEL_ERR_TI  ? "LDT selector" : "GDT selector";
	uint64_t index = (err & 0xffff) >> X86_SEL_ERR_INDEX_SHIFT;
	if (err & X86_SEL_ERR_IDT)
		strbuf_add(t, "%s %lu", table, (unsigned long)index);
	else
		strbuf_add(t, "%s 0x%lx (index %lu)", table, (unsigned long)(err & 0xfff8), (unsigned long)index);
	if (err & X86_SEL_ERR_EXT)
		strbuf_add(t, ", during delivery of an external event");
}

void exception_describe_error(unsigned vector, uint64_t err, char *buf, size_t size)
{
	struct strbuf t = STRBUF_INIT(buf, size);
	buf[0] = '\0';
	if (!trap_has_error_code(vector)) {
		strbuf_add(&t, "none");
		return;
	}
	switch (vector) {
	case X86_TRAP_PF:
		describe_page_fault(&t, err);
		break;
	case X86_TRAP_TS:
	case X86_TRAP_NP:
	case X86_TRAP_SS:
	case X86_TRAP_GP:
		describe_selector(&t, err);
		break;
	case X86_TRAP_DF:
	case X86_TRAP_AC:
		strbuf_add(&t, "always 0 for %s", exception_mnemonic(vector));
		break;
	default:
		strbuf_add(&t, "0x%lx", (unsigned long)err);
	}
}

void exception_describe_rflags(uint64_t rflags, char *buf, size_t size)
{
	reg_describe_set(&reg_rflags, rflags, buf, size);
}

static void print_control_registers(void)
{
	char buf[160];
	uint64_t cr0 = read_cr0(), cr4 = read_cr4(), efer = rdmsr(MSR_EFER);

	reg_describe_set(&reg_cr0, cr0, buf, sizeof(buf));
	kprintf("  CR0  %016lx [%s]\n", (unsigned long)cr0, buf);
	kprintf("  CR2  %016lx  CR3 %016lx\n", (unsigned long)read_cr2(), (unsigned long)read_cr3());
	reg_describe_set(&reg_cr4, cr4, buf, sizeof(buf));
	kprintf("  CR4  %016lx [%s]\n", (unsigned long)cr4, buf);
	reg_describe_set(&reg_efer, efer, buf, sizeof(buf));
	kprintf("  EFER %016lx [%s]\n", (unsigned long)efer, buf);
}

void exception_report(const struct trap_frame *f)
{
	unsigned v = f->vector;
	char buf[160];

	kprintf("*** CPU EXCEPTION %s %s (vector %u) in %s mode\n", exception_mnemonic(v),
		exception_name(v), v, trap_from_user(f) ? "user" : "kernel");
	exception_describe_error(v, f->error_code, buf, sizeof(buf));
	kprintf("  error code 0x%lx: %s\n", (unsigned long)f->error_code, buf);
	if (v == X86_TRAP_PF)
		kprintf("  faulting address (CR2) %016lx\n", (unsigned long)read_cr2());

	ksym_format(f->rip, buf, sizeof(buf));
	kprintf("  RIP %04lx:%016lx  %s\n", (unsigned long)f->cs, (unsigned long)f->rip, buf);
	exception_describe_rflags(f->rflags, buf, sizeof(buf));
	kprintf("  RSP %04lx:%016lx  RFLAGS %016lx [%s]\n", (unsigned long)f->ss,
		(unsigned long)f->rsp, (unsigned long)f->rflags, buf);
	kprintf("  RAX=%016lx RBX=%016lx RCX=%016lx RDX=%016lx\n", f->rax, f->rbx, f->rcx, f->rdx);
	kprintf("  RSI=%016lx RDI=%016lx RBP=%016lx\n", f->rsi, f->rdi, f->rbp);
	kprintf("  R8 =%016lx R9 =%016lx R10=%016lx R11=%016lx\n", f->r8, f->r9, f->r10, f->r11);
	kprintf("  R12=%016lx R13=%016lx R14=%016lx R15=%016lx\n", f->r12, f->r13, f->r14, f->r15);
	print_control_registers();

	if (v == X86_TRAP_DF) {
		/* The CPU records no error details for #DF, and its saved RIP is
		 * formally undefined (SDM Vol. 3A §6.15, "Interrupt 8").  The
		 * usual cause in a kernel: the stack ran into a guard page, so
		 * the #PF could not push its frame. */
		uint64_t cr2 = read_cr2();
		if (cr2 + PAGE_SIZE >= f->rsp && cr2 <= f->rsp + PAGE_SIZE)
			kprintf("  CR2 is within a page of RSP: most likely a kernel stack overflow\n");
	}
	for (unsigned ist = IST_DOUBLE_FAULT; ist <= IST_MACHINE_CHECK; ist++) {
		uint64_t top = tss_ist_top(ist), here = (uint64_t)f;
		if (here < top && here >= top - IST_STACK_SIZE)
			kprintf("  handled on IST stack %u (TSS.IST%u), not the interrupted stack\n",
				ist, ist);
	}
	if (trap_from_user(f))
		kprintf("  (user-mode frames are not walked)\n");
	backtrace_print(f->rip, trap_from_user(f) ? 0 : f->rbp);
}

void exception_fatal(struct trap_frame *f)
{
	char where[96];
	exception_report(f);
	/* The report has the backtrace from the faulting instruction; the
	 * panic's own would only add the way through the trap code. */
	panic_extra_report = NULL;
	ksym_format(f->rip, where, sizeof(where));
	panic("%s %s in %s mode at %016lx (%s)", exception_mnemonic(f->vector),
	      exception_name(f->vector), trap_from_user(f) ? "user" : "kernel",
	      (unsigned long)f->rip, where);
}

/* int3: a breakpoint compiled into the code.  Say where, and go on: the
 * saved RIP already points after the one-byte instruction (a trap). */
static void breakpoint(struct trap_frame *f)
{
	char where[96];
	ksym_format(f->rip - 1, where, sizeof(where));
	kprintf("trap: breakpoint (int3) at %016lx (%s), resuming\n", (unsigned long)(f->rip - 1),
		where);
}

/*
 * A kernel-mode exception.  Two faults are not bugs: a #PF on a user page
 * a copy helper touched for the program (a heap page not mapped yet, or a
 * copy-on-write page it writes to: user_fault_in), and a #PF or #GP
 * in an instruction the exception table lists (the user-copy helpers, the
 * SYSCALL exit's iretq), which resumes at its fix-up.  int3 logs and
 * resumes.  Anything else is a bug: false, and the caller panics.
 */
static bool kernel_fault(struct trap_frame *f)
{
	switch (f->vector) {
	case X86_TRAP_BP:
		breakpoint(f);
		return true;
	case X86_TRAP_PF:
		return user_fault_in(read_cr2(), f->error_code) || extable_fixup(f);
	case X86_TRAP_GP:
		return extable_fixup(f);
	default:
		return false;
	}
}

/* Every exception vector's handler, unless something registered its own:
 * a fault of a program ends the program, a fault of the kernel that
 * kernel_fault cannot mend is reported and panics. */
static void exception_default(struct trap_frame *f)
{
	bool handled = trap_from_user(f) ? user_fault(f) : kernel_fault(f);
	if (!handled)
		exception_fatal(f);
}

void exception_init(void)
{
	for (unsigned v = 0; v < X86_TRAP_EXCEPTIONS; v++)
		trap_register((uint8_t)v, exception_default);
	panic_extra_report = backtrace_print_current;
}
