#include "kernel/panic.h"
#include "kernel/printf.h"
#include "kernel/power.h"
#include "kernel/cmdline.h"
#include "kernel/string.h"
#include "arch/x86_64/insn/regs.h"
#include "arch/x86_64/insn/cr.h"
#include "arch/x86_64/insn/cpu.h"

void (*panic_extra_report)(void);

static int panicking;

void panic_at(const char *file, int line, const char *fmt, ...)
{
	struct gpr_snapshot r;
	capture_gprs(&r);
	cli();

	if (panicking++) {
		/* A panic while reporting a panic: say so and stop at once. */
		kprintf("\nanvil: nested panic at %s:%d\n", file, line);
		arch_halt();
	}

	va_list ap;
	va_start(ap, fmt);
	kprintf("\n*** KERNEL PANIC at %s:%d: ", file, line);
	kvprintf(fmt, ap);
	kprintf("\n");
	va_end(ap);

	kprintf("  called from %p\n", __builtin_return_address(0));
	kprintf("  RAX=%016lx RBX=%016lx RCX=%016lx RDX=%016lx\n", r.rax, r.rbx, r.rcx, r.rdx);
	kprintf("  RSI=%016lx RDI=%016lx RBP=%016lx RSP=%016lx\n", r.rsi, r.rdi, r.rbp, r.rsp);
	kprintf("  R8 =%016lx R9 =%016lx R10=%016lx R11=%016lx\n", r.r8, r.r9, r.r10, r.r11);
	kprintf("  R12=%016lx R13=%016lx R14=%016lx R15=%016lx\n", r.r12, r.r13, r.r14, r.r15);
	kprintf("  RFLAGS=%016lx CR0=%016lx CR2=%016lx\n", r.rflags, read_cr0(), read_cr2());
	kprintf("  CR3=%016lx CR4=%016lx\n", read_cr3(), read_cr4());
	if (panic_extra_report)
		panic_extra_report();

	const char *mode = cmdline_get("panic");
	if (mode && strcmp(mode, "exit") == 0)
		kernel_exit(EXIT_KERNEL_PANIC, "kernel panic");
	kprintf("anvil: system halted\n");
	arch_halt();
}
