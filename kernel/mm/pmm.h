/*
 * The physical frame allocator: which 4 KiB frames of RAM are free.
 *
 * Built once from the multiboot2 memory map; one bit per frame up to the
 * highest usable address (1 = in use or not RAM).  Frames are returned by
 * physical address; 0 means "none left" (frame 0 is never handed out: the
 * first 1 MiB is excluded).
 */
#ifndef ANVIL_KERNEL_MM_PMM_H
#define ANVIL_KERNEL_MM_PMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "arch/x86_64/mm/page.h"
#include "kernel/multiboot2.h"

/* Build the allocator from the memory map, leaving out the first 1 MiB,
 * the kernel image, the boot information, the modules and the bitmap. */
void pmm_init(const struct boot_info *bi);

/* One frame, or 0 when memory is exhausted. */
uint64_t pmm_alloc(void);
/* n physically contiguous frames (the first one's address), or 0. */
uint64_t pmm_alloc_contig(size_t n);

/* Give frames back.  Freeing a frame that is not allocated (a double
 * free, or a frame never handed out) panics naming the frame. */
void pmm_free(uint64_t phys);
void pmm_free_contig(uint64_t phys, size_t n);

/* Frames the allocator manages, and how many of them are free now. */
uint64_t pmm_total_frames(void);
uint64_t pmm_free_frames(void);
/* One past the highest physical address of usable RAM. */
uint64_t pmm_ram_end(void);

#endif
