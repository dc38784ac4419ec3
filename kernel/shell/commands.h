/* The shell's commands, one function each (argv[0] is the command). */
#ifndef ANVIL_KERNEL_SHELL_COMMANDS_H
#define ANVIL_KERNEL_SHELL_COMMANDS_H

#include <stdbool.h>

int cmd_help(int argc, char **argv);

/* cmd_cpu.c */
int cmd_cpu(int argc, char **argv);
int cmd_regs(int argc, char **argv);

/* cmd_system.c */
int cmd_mem(int argc, char **argv);
int cmd_uptime(int argc, char **argv);
int cmd_ticks(int argc, char **argv);
int cmd_irq(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_echo(int argc, char **argv);
int cmd_clear(int argc, char **argv);
int cmd_reboot(int argc, char **argv);
int cmd_poweroff(int argc, char **argv);

/* cmd_programs.c */
int cmd_ls(int argc, char **argv);
int cmd_ps(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_bench(int argc, char **argv);
/* Run /bin/argv[0] with its arguments and print how it ended.  When
 * there is no such program: "unknown command" if the word was typed as a
 * command, "no program" if it came through `run`. */
int shell_run_program(int argc, char **argv, bool typed_as_command, bool background);

#endif
