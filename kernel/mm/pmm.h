/*
 * The physical frame allocator: which 4 KiB frames of RAM are free.
 *
 * Built once from the multiboot2 memory map; one bit per frame up to the
 * highest usable address (1 = in use or not RAM).  Frames are returned by
 * physical address; 0 means "none left" (frame 0 is never handed out: the
 * first 1 MiB is excluded).
 *
 * Each frame handed out also has a reference count: how many owners share
 * it (address spaces after fork, kernel/mm/vm_cow.c).  Allocating sets it
 * to 1, pmm_ref adds one, pmm_free takes one away and frees the frame when
 * none is left.  Code that never shares a frame sees the old allocator:
 * one pmm_alloc, one pmm_free.
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

/* Drop one reference to the frame; it is free again when that was the
 * last one.  Freeing a frame that is not allocated (a double free, or a
 * frame never handed out) panics naming the frame.  pmm_free_contig is n
 * pmm_free calls, one per frame of the run. */
void pmm_free(uint64_t phys);
void pmm_free_contig(uint64_t phys, size_t n);

/* The most owners a frame can have (the count is 16 bits a frame). */
#define PMM_REF_MAX	0xffffu
/* One more owner of an allocated frame.  Panics on a frame that is not
 * allocated, or whose count is already PMM_REF_MAX: a caller that may
 * share a frame that often checks pmm_refcount first (as_fork copies the
 * page instead). */
void pmm_ref(uint64_t phys);
/* How many owners the frame has: 0 for a free frame and for memory the
 * allocator never hands out. */
unsigned pmm_refcount(uint64_t phys);

/* Frames the allocator manages, and how many of them are free now. */
uint64_t pmm_total_frames(void);
uint64_t pmm_free_frames(void);
/* One past the highest physical address of usable RAM. */
uint64_t pmm_ram_end(void);

#endif
