/*
 * Memory-mapped device registers (the local APIC, the IOAPIC).
 *
 * A device register is not memory: reading it can change the device's
 * state and its value changes on its own, so each access must happen
 * exactly once, in program order, with the width the device expects.
 * A volatile access of the right type is all that takes on x86 (no asm
 * needed): the compiler may neither drop, merge, split nor reorder
 * volatile accesses, and the CPU keeps uncached (UC) accesses in order
 * (Intel SDM Vol. 3A §12.3 "Methods of Caching Available": UC memory is
 * strongly ordered).  The APICs' 32-bit registers must be read and
 * written as whole, aligned 32-bit accesses (SDM Vol. 3A §11.4.1).
 */
#ifndef ANVIL_ARCH_MMIO_H
#define ANVIL_ARCH_MMIO_H

#include <stdint.h>

static inline uint32_t mmio_read32(const volatile void *addr)
{
	return *(const volatile uint32_t *)addr;
}

static inline void mmio_write32(volatile void *addr, uint32_t value)
{
	*(volatile uint32_t *)addr = value;
}

#endif
