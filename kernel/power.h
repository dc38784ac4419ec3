/* Ending the run: the status the host sees, and halting. */
#ifndef ANVIL_KERNEL_POWER_H
#define ANVIL_KERNEL_POWER_H

#include <stdint.h>

/* Statuses for test mode (docs/design.md "Exit statuses"). */
#define EXIT_TESTS_PASSED	0
#define EXIT_TESTS_FAILED	1
/* A kernel panic under panic=exit: distinct from both test statuses. */
#define EXIT_KERNEL_PANIC	3

/* Log "anvil: exit status N (REASON)", then end the QEMU run with that
 * status; without the exit device (real hardware) halt instead. */
__attribute__((noreturn)) void kernel_exit(int status, const char *reason);

/* The arch side: write the status to the emulator's exit port (returns if
 * there is no such device), and stop the CPU for good. */
void arch_emulator_exit(uint8_t status);
__attribute__((noreturn)) void arch_halt(void);
/* Reset the machine: the keyboard controller's reset line, and a triple
 * fault if that did nothing.  (QEMU under -no-reboot exits instead.) */
__attribute__((noreturn)) void arch_reboot(void);

#endif
