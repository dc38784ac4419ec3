#include "kernel/shell/shell.h"
#include "kernel/console.h"
#include "kernel/printf.h"
#include "kernel/shell/commands.h"
#include "kernel/shell/line_edit.h"
#include "kernel/string.h"

static const struct shell_cmd commands[] = {
	{ "help", "", "list the commands", cmd_help },
	{ "cpu", "", "vendor, model, and each CPU feature: present and switched on", cmd_cpu },
	{ "regs", "[NAME]", "CR0, CR2-CR4, EFER, STAR, LSTAR, SFMASK, APIC base, decoded", cmd_regs },
	{ "mem", "", "frames total/free, heap in use, page-table pages", cmd_mem },
	{ "uptime", "", "time since boot", cmd_uptime },
	{ "ticks", "", "timer ticks since boot", cmd_ticks },
	{ "irq", "", "interrupt counts per vector, spurious ones too", cmd_irq },
	{ "ls", "", "the programs in /bin", cmd_ls },
	{ "run", "PROG [ARGS...] [&]", "run /bin/PROG (or just type PROG [ARGS...]); & in the background", cmd_run },
	{ "ps", "", "the processes: pid, parent, state, name", cmd_ps },
	{ "test", "[PATTERN]", "the in-kernel tests (KTAP), all or suite.name globs", cmd_test },
	{ "bench", "", "the system-call benchmark, quick (/bin/bench quick)", cmd_bench },
	{ "echo", "[WORDS...]", "print the words", cmd_echo },
	{ "clear", "", "clear the screen and the terminal", cmd_clear },
	{ "reboot", "", "reset the machine (QEMU's -no-reboot makes it exit)", cmd_reboot },
	{ "poweroff", "", "end the run (QEMU exits with status 0)", cmd_poweroff },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

const struct shell_cmd *shell_find(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int shell_usage(char **argv)
{
	const struct shell_cmd *c = shell_find(argv[0]);
	const char *usage = c && *c->usage ? c->usage : "(no arguments)";
	kprintf_raw("usage: %s %s\n", argv[0], usage);
	return 2;
}

int cmd_help(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	for (size_t i = 0; i < NCOMMANDS; i++) {
		char left[32];
		ksnprintf(left, sizeof(left), "%s %s", commands[i].name, commands[i].usage);
		kprintf_raw("  %-20s %s\n", left, commands[i].help);
	}
	kprintf_raw("Keys: Backspace, ctrl-U (erase line), ctrl-C (cancel line), up/down (history).\n");
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

int shell_split(char *line, char **argv, int max)
{
	int argc = 0;
	char *p = line;
	for (;;) {
		while (is_space(*p))
			*p++ = '\0';
		if (!*p)
			return argc;
		if (argc == max)
			return -1;
		argv[argc++] = p;
		while (*p && !is_space(*p))
			p++;
	}
}

int shell_exec(char *line)
{
	char *argv[SHELL_MAX_ARGS + 1];
	int argc = shell_split(line, argv, SHELL_MAX_ARGS);
	if (argc < 0) {
		kprintf_raw("anvil: too many words (at most %d)\n", SHELL_MAX_ARGS);
		return 2;
	}
	if (argc == 0)
		return 0;
	argv[argc] = NULL;
	const struct shell_cmd *c = shell_find(argv[0]);
	if (c)
		return c->fn(argc, argv);
	/* Not a command: a program in /bin, or an error.  A last word "&"
	 * runs it in the background. */
	bool bg = argc > 1 && strcmp(argv[argc - 1], "&") == 0;
	if (bg)
		argv[--argc] = NULL;
	return shell_run_program(argc, argv, true, bg);
}

static void echo_to_console(const char *s, size_t n)
{
	console_write(s, n);
}

void shell_run(int (*getc)(void))
{
	static struct line_edit le;
	line_edit_init(&le, echo_to_console);
	kprintf_raw("\nanvil shell: type help for the commands\n");
	for (;;) {
		kprintf_raw(SHELL_PROMPT);
		enum line_event ev;
		while ((ev = line_edit_feed(&le, (char)getc())) == LINE_MORE)
			;
		if (ev == LINE_DONE) {
			char line[LINE_MAX];
			memcpy(line, le.buf, le.len + 1);
			line_edit_remember(&le, line);
			shell_exec(line);
		}
		line_edit_clear(&le);
	}
}
