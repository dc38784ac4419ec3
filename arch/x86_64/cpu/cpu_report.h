/*
 * What the shell's `cpu` and `regs` commands print: the CPU's identity and
 * features (present in CPUID, and switched on where a register bit turns
 * them on), and the control registers and MSRs decoded field by field.
 */
#ifndef ANVIL_ARCH_CPU_REPORT_H
#define ANVIL_ARCH_CPU_REPORT_H

#include <stdbool.h>

void cpu_report(void);

struct printer;

/* Every register in short form (name = NULL), or one register in long
 * form: each field with its bits, value and meaning, to pr (the shell's
 * `regs`: console_printer; /proc/anvil/regs: the file's buffer).  False
 * if name is not a register it knows (case does not matter). */
bool regs_report(struct printer *pr, const char *name);

/* The names regs_report knows, for usage messages. */
#define REGS_REPORT_NAMES "cr0 cr2 cr3 cr4 efer star lstar sfmask apic_base rflags"

#endif
