#include "kernel/ktest.h"
#include "kernel/shell/shell.h"
#include "kernel/string.h"

KTEST(shell, split_words)
{
	char line[] = "  run  hello\tworld  ";
	char *argv[4];
	KASSERT_EQ(shell_split(line, argv, 4), 3);
	KEXPECT_STREQ(argv[0], "run");
	KEXPECT_STREQ(argv[1], "hello");
	KEXPECT_STREQ(argv[2], "world");
}

KTEST(shell, split_empty_and_too_many)
{
	char blank[] = " \t ";
	char *argv[2];
	KEXPECT_EQ(shell_split(blank, argv, 2), 0);
	char many[] = "a b c";
	KEXPECT_EQ(shell_split(many, argv, 2), -1);
}

KTEST(shell, every_command_is_found_with_help)
{
	static const char *const names[] = {
		"help", "cpu", "regs", "mem", "uptime", "ticks", "irq", "ls", "run",
		"test", "bench", "echo", "clear", "reboot", "poweroff",
	};
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct shell_cmd *c = shell_find(names[i]);
		if (!KEXPECT_TRUE(c != NULL))
			continue;
		KEXPECT_STREQ(c->name, names[i]);
		KEXPECT_TRUE(c->help && *c->help);
	}
	KEXPECT_TRUE(shell_find("nosuch") == NULL);
	KEXPECT_TRUE(shell_find("") == NULL);
}

KTEST(shell, exec_reports_errors_by_status)
{
	char empty[] = "   ";
	KEXPECT_EQ(shell_exec(empty), 0);
	char echo[] = "echo shell-test";
	KEXPECT_EQ(shell_exec(echo), 0);
	char unknown[] = "no-such-command-or-program";
	KEXPECT_EQ(shell_exec(unknown), 127);
	char missing[] = "run no-such-program";
	KEXPECT_EQ(shell_exec(missing), 127);
	char bad_args[] = "help me";
	KEXPECT_EQ(shell_exec(bad_args), 2);
	char bad_reg[] = "regs cr9";
	KEXPECT_EQ(shell_exec(bad_reg), 2);
}
