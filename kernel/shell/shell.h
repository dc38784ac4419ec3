/*
 * anvil's shell: a prompt on the console (serial and screen), lines typed
 * on the serial line or the keyboard, one command per line.
 *
 *	anvil> help
 *
 * kmain starts it when the command line has neither init= nor test.
 * The line editor is kernel/shell/line_edit.c; the commands are in
 * kernel/shell/cmd_*.c and listed in the table in shell.c.
 */
#ifndef ANVIL_KERNEL_SHELL_SHELL_H
#define ANVIL_KERNEL_SHELL_SHELL_H

#include <stddef.h>

#define SHELL_PROMPT	"anvil> "
#define SHELL_MAX_ARGS	16

/* Read lines with getc (which waits for a byte and returns it) and run
 * them, forever. */
__attribute__((noreturn)) void shell_run(int (*getc)(void));

/* Split line in place at spaces and tabs into at most max words; returns
 * how many, or -1 if there were more than max. */
int shell_split(char *line, char **argv, int max);

/* Run one line (split in place).  Returns the command's status: 0 when it
 * succeeded; an empty line is 0 too. */
int shell_exec(char *line);

struct shell_cmd {
	const char *name;
	const char *usage;		/* the arguments, e.g. "[PATTERN]" */
	const char *help;		/* one line */
	int (*fn)(int argc, char **argv);
};

/* The command called name, or NULL. */
const struct shell_cmd *shell_find(const char *name);

/* Print "usage: NAME USAGE" for argv[0] and return 2 (bad arguments). */
int shell_usage(char **argv);

#endif
