/*
 * The I/O APIC (Intel 82093AA I/O APIC data sheet, order no. 290566):
 * the chipset's router from device interrupt pins to local APICs.  Each
 * pin has a 64-bit redirection entry: vector, polarity, trigger mode,
 * mask, destination CPU.  The MADT lists every IOAPIC with the global
 * system interrupt (GSI) number of its pin 0.
 */
#ifndef ANVIL_ARCH_IOAPIC_H
#define ANVIL_ARCH_IOAPIC_H

#include <stdbool.h>
#include <stdint.h>
#include "drivers/acpi/tables.h"

/* Find the IOAPICs in the MADT and mask every pin.  False if there is
 * none to use. */
bool ioapic_init(const struct acpi_madt *madt);
/* Program the pin of gsi to deliver `vector` to the local APIC `dest`
 * with the given polarity and trigger mode, masked or not.  False if no
 * IOAPIC has that GSI. */
bool ioapic_route(uint32_t gsi, uint8_t vector, bool active_low, bool level, uint8_t dest,
		  bool masked);

#endif
