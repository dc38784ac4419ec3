/* Converting between physical and virtual addresses (see docs and
 * arch/x86_64/mm/layout.h for the layout). */
#ifndef ANVIL_KERNEL_ADDR_H
#define ANVIL_KERNEL_ADDR_H

#include <stdint.h>
#include "arch/x86_64/mm/layout.h"

/* Physical address -> its alias in the direct map. */
static inline void *phys_to_virt(uint64_t phys)
{
	return (void *)(phys + ANVIL_DIRECT_MAP);
}

/* A direct-map or kernel-image address -> physical. */
static inline uint64_t virt_to_phys(const void *virt)
{
	uint64_t v = (uint64_t)virt;
	if (v >= ANVIL_KERNEL_VMA)
		return v - ANVIL_KERNEL_VMA;
	return v - ANVIL_DIRECT_MAP;
}

/* Linker-script symbols: the kernel image, in virtual addresses. */
extern char __kernel_start[], __kernel_end[];
extern char __text_start[], __text_end[];
extern char __rodata_start[], __rodata_end[];
extern char __data_start[], __bss_start[], __bss_end[];
/* Physical addresses (paging was off where these are linked): the image
 * from its first byte (the .boot code at 1 MiB) to the end of .boot.bss. */
extern char __boot_start_phys[], __boot_end_phys[];

#endif
