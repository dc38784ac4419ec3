/*
 * The local APIC: each CPU's own interrupt controller (Intel SDM Vol. 3A
 * Chapter 11 "Advanced Programmable Interrupt Controller (APIC)").  It
 * receives interrupts from the IOAPIC and from its local sources (its
 * timer, the LINT0/LINT1 pins), hands them to the CPU by priority, and
 * must be told when a handler is done (EOI).  anvil drives it through its
 * 4 KiB of memory-mapped registers (xAPIC mode).
 */
#ifndef ANVIL_ARCH_LAPIC_H
#define ANVIL_ARCH_LAPIC_H

#include <stdbool.h>
#include <stdint.h>
#include "drivers/acpi/tables.h"

/* Vectors of the local sources.  The spurious vector's low 4 bits should
 * be all ones (older APICs force them to 1, SDM Vol. 3A §11.9). */
#define LAPIC_TIMER_VECTOR	0xf0
#define LAPIC_SPURIOUS_VECTOR	0xff

/* Enable the local APIC at its base (from IA32_APIC_BASE): global enable
 * bit, spurious-vector register with the software enable bit, task
 * priority 0, LINT0 masked (the 8259s stay out of the picture), LINT1 and
 * any pins the MADT names as NMI, timer masked.  madt may be NULL. */
void lapic_init(const struct acpi_madt *madt);
uint8_t lapic_id(void);
/* Signal end of interrupt to the local APIC (and through it, for level-
 * triggered interrupts, to the IOAPIC). */
void lapic_eoi(void);

/* The timer (SDM Vol. 3A §11.5.4): a 32-bit counter that counts down
 * from the initial count at the bus/core crystal clock divided by
 * LAPIC_TIMER_DIVIDE.  Calibration runs it once, masked, and reads how
 * far it got; then it runs periodic on LAPIC_TIMER_VECTOR. */
#define LAPIC_TIMER_DIVIDE	16
void lapic_timer_oneshot_masked(uint32_t count);
uint32_t lapic_timer_current(void);
void lapic_timer_periodic(uint32_t count);

#endif
