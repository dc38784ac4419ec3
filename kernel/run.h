/* Running the programs the kernel command line names (kernel/run.c). */
#ifndef ANVIL_KERNEL_RUN_H
#define ANVIL_KERNEL_RUN_H

/* init=/bin/NAME [-- args]: run it; when it exits, end the run with its
 * status ("anvil: exit status N (init exited)" or "(init killed by
 * signal S)", then kernel_exit). */
__attribute__((noreturn)) void run_init(const char *path);

/* run=/bin/A:arg:arg,/bin/B: run each program in turn, each with its
 * arguments (split at ':'), logging "run: PATH: status N"; then end the
 * run with the last status.  For tests: one boot, several programs, the
 * kernel must carry on after each. */
__attribute__((noreturn)) void run_list(const char *list);

/* The path the kernel runs as init when the command line names none
 * (Linux's first choice too); the userland archive has it
 * (docs/userland.md). */
#define RUN_DEFAULT_INIT	"/sbin/init"

/* With no init=, run= or kshell on the command line: run
 * RUN_DEFAULT_INIT as run_init() does, if the root has it; return only
 * when it does not (the kernel's shell comes next). */
void run_default_init(void);

#endif
