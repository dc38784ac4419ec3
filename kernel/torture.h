/*
 * torture / torture=small: one boot that runs the system call fuzzer over
 * several seeds, every fault program, the entry-path edge cases and the
 * heap stress, with timer interrupts on, and checks after every program
 * that free frames and heap in use are back where they were (no leak per
 * process run).  docs/robustness.md; `make torture`.
 *
 * torture=forkloop:N: /bin/forkloop N alone (N cycles of fork, exit and
 * wait4), the same figures compared around it.
 */
#ifndef ANVIL_KERNEL_TORTURE_H
#define ANVIL_KERNEL_TORTURE_H

/* Run it ("" or "full": at least 1,000,000 system calls; "small": the
 * short version in make test; "forkloop:N": the fork cycles), print the counts, and end the run with
 * status 0 (no leak, no failure) or 1. */
__attribute__((noreturn)) void torture_run(const char *size);

#endif
