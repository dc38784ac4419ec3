/*
 * Choosing the interrupt controller: the local APIC + IOAPIC when the CPU
 * has an APIC and the ACPI MADT describes an IOAPIC, else the 8259 PICs
 * (also with `noapic` on the command line, like Linux).  Either way the
 * 8259s are remapped off the exception vectors first.
 */
#ifndef ANVIL_ARCH_INTC_H
#define ANVIL_ARCH_INTC_H

#include <stdbool.h>

/* Set up the controller and hand it to kernel/irq.c; returns true when
 * it is the APIC (the local APIC timer is then available). */
bool intc_init(void);
/* Whether intc_init chose the APIC. */
bool intc_using_apic(void);

#endif
