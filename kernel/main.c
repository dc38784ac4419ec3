/*
 * kmain: where C begins.  boot/entry64.asm calls it in 64-bit mode on the
 * boot stack, with the physical address of the multiboot2 information.
 * Each step below is one subsystem's init; docs/boot.md walks through them.
 */
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/cpu/cpu_protect.h"
#include "arch/x86_64/cpu/cpufeatures.h"
#include "arch/x86_64/cpu/early.h"
#include "arch/x86_64/trap/exception.h"
#include "arch/x86_64/cpu/gdt.h"
#include "arch/x86_64/irq/intc.h"
#include "arch/x86_64/cpu/simd.h"
#include "arch/x86_64/entry/stack.h"
#include "arch/x86_64/syscall/syscall.h"
#include "drivers/acpi/acpi.h"
#include "drivers/ps2kbd.h"
#include "drivers/screen.h"
#include "drivers/serial.h"
#include "kernel/boot.h"
#include "kernel/cmdline.h"
#include "kernel/console_input.h"
#include "kernel/crash.h"
#include "kernel/echo_input.h"
#include "kernel/irq.h"
#include "kernel/ktest.h"
#include "kernel/mm/kstack.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vma.h"
#include "kernel/panic.h"
#include "kernel/power.h"
#include "kernel/printf.h"
#include "kernel/fs/vfs.h"
#include "kernel/shell/shell.h"
#include "kernel/process.h"
#include "kernel/random.h"
#include "kernel/sched.h"
#include "kernel/run.h"
#include "kernel/torture.h"
#include "kernel/string.h"
#include "kernel/timer.h"
#include "kernel/vdso.h"
#include "kernel/version.h"

__attribute__((noreturn)) void kmain(uint64_t mbi_phys);
__attribute__((noreturn)) static void kmain_on_kstack(void);
static void *stack;	/* the boot task's kernel stack (its top) */

void kmain(uint64_t mbi_phys)
{
	arch_drop_identity_map();
	serial_init();
	kprintf("anvil %s: an x86-64 teaching kernel\n", ANVIL_VERSION);
	/* CPU tables first: from here on a fault is reported, not a reset. */
	gdt_init();
	idt_init();
	exception_init();			/* faults in ring 3 end the program */

	boot_info_init(mbi_phys);
	screen_console_init(&boot_info.fb);	/* replays the log so far */
	cpu_features_init();			/* paging asks about NX, 1 GiB pages */
	mm_init();
	cpu_protect_init();			/* SMEP, SMAP, UMIP */
	syscall_arch_init();			/* SYSCALL/SYSRET, int 0x80 */
	random_init();

	/* Leave the boot stack (in .bss, nothing below it but data) for a
	 * kernel stack with a guard page: an overflow now faults. */
	stack = kstack_alloc();
	if (!stack)
		panic("no memory for the kernel's first stack");
	run_on_stack(stack, kmain_on_kstack);
}

/* The rest of kmain, on the kernel stack. */
static void kmain_on_kstack(void)
{
	if (!cmdline_parse(boot_info.cmdline))
		kprintf("cmdline: too long or too many words; the rest was dropped\n");
	cmdline_log_unknown();

	simd_init();
	process_init();
	sched_init(process_boot_task(), stack);	/* kmain is now a task */

	/* Interrupts: find the controllers in the ACPI tables, set one up,
	 * start the tick, connect the input devices, and only then let
	 * interrupts in. */
	acpi_init();
	intc_init();
	timer_init();
	vdso_init();	/* every process's clock_gettime (kernel/vdso.h) */
	ps2kbd_init();
	serial_input_init();
	sti();
	kprintf("irq: interrupts enabled (%s)\n", irq_chip_name());
	vfs_init();	/* the root from the initramfs and the modules */
	mmap_init();	/* shared anonymous memory's tmpfs */

	const char *crash = cmdline_get("crash");
	if (crash)
		deliberate_crash(crash);

	if (cmdline_has("echo_input"))
		echo_input_run();

	const char *bench = cmdline_get("bench");
	if (bench && strcmp(bench, "mm") == 0) {
		mm_bench_run();
		kernel_exit(0, "bench done");
	}

	const char *pattern = cmdline_get("test");
	if (pattern) {
		int failed = ktest_run(pattern, cmdline_get_u64("test_skip", 0));
		if (failed)
			kernel_exit(EXIT_TESTS_FAILED, "tests failed");
		kernel_exit(EXIT_TESTS_PASSED, "tests passed");
	}

	const char *torture = cmdline_get("torture");
	if (torture)
		torture_run(torture);	/* ends the run: 0 no leak and no failure */

	if (cmdline_get("init"))
		run_init(cmdline_get("init"));	/* ends the run with its status */
	if (cmdline_get("run"))
		run_list(cmdline_get("run"));	/* likewise, after the last one */
	run_default_init();	/* /sbin/init if the root has it, unless kshell */

	process_demo();

	/* Nothing else asked for: the interactive shell. */
	kprintf("anvil: boot complete\n");
	shell_run(console_getc_wait);	/* keyboard and serial, one queue */
}
