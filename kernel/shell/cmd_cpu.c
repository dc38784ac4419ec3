/* `cpu` and `regs`: the reports themselves are x86 code, in
 * arch/x86_64/cpu/cpu_report.c. */
#include "arch/x86_64/cpu/cpu_report.h"
#include "kernel/printf.h"
#include "kernel/shell/commands.h"
#include "kernel/shell/shell.h"

int cmd_cpu(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	cpu_report();
	return 0;
}

int cmd_regs(int argc, char **argv)
{
	if (argc > 2)
		return shell_usage(argv);
	if (!regs_report(&console_printer, argc == 2 ? argv[1] : NULL)) {
		kprintf_raw("regs: no register '%s' (one of: %s)\n", argv[1], REGS_REPORT_NAMES);
		return 2;
	}
	return 0;
}
