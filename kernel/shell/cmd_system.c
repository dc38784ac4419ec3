/* The shell's commands about the running kernel: memory, time, interrupts,
 * tests, and the console and power ones. */
#include "drivers/serial.h"
#include "kernel/console.h"
#include "kernel/irq.h"
#include "kernel/ktest.h"
#include "kernel/mm/mm.h"
#include "kernel/power.h"
#include "kernel/printf.h"
#include "kernel/shell/commands.h"
#include "kernel/shell/shell.h"
#include "kernel/timer.h"

int cmd_mem(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	mem_report(&console_printer);
	return 0;
}

int cmd_uptime(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	uint64_t ns = uptime_ns();
	uint64_t s = ns / 1000000000, ms = ns / 1000000 % 1000;
	kprintf_raw("up %lu.%03lu s (%lu h %lu min %lu s)\n", (unsigned long)s, (unsigned long)ms,
		    (unsigned long)(s / 3600), (unsigned long)(s / 60 % 60), (unsigned long)(s % 60));
	return 0;
}

int cmd_ticks(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	kprintf_raw("%lu ticks at %u Hz; TSC at %lu kHz +/-%u ppm\n", (unsigned long)ticks(),
		    timer_hz(), (unsigned long)(tsc_hz() / 1000), tsc_uncertainty_ppm());
	return 0;
}

int cmd_irq(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	irq_report(&console_printer);
	return 0;
}

int cmd_test(int argc, char **argv)
{
	if (argc > 2)
		return shell_usage(argv);
	const char *pattern = argc == 2 ? argv[1] : "";
	if (!ktest_count(pattern)) {
		/* A typo in the pattern must not read as a success. */
		kprintf_raw("test: no test matches '%s' (`test` alone runs them all)\n", pattern);
		return 1;
	}
	/* The same KTAP as a `test` boot, but the run goes on afterwards. */
	int failed = ktest_run(pattern, 0);
	kprintf_raw("test: %s\n", failed ? "FAILED" : "all passed");
	return failed ? 1 : 0;
}

int cmd_echo(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		kprintf_raw("%s%s", argv[i], i + 1 < argc ? " " : "");
	kprintf_raw("\n");
	return 0;
}

/* ANSI/VT100: cursor home, then erase the whole display. */
#define ANSI_CLEAR "\033[H\033[2J"

int cmd_clear(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	console_clear();	/* the screens */
	/* The terminal on the serial line understands escapes; the screen
	 * consoles do not, so this goes to serial only. */
	serial_write(ANSI_CLEAR, sizeof(ANSI_CLEAR) - 1);
	return 0;
}

int cmd_reboot(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	kprintf("reboot: resetting the machine\n");
	arch_reboot();
}

int cmd_poweroff(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	kernel_exit(0, "poweroff");
}
