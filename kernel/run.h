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

#endif
