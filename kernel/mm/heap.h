/*
 * The kernel heap: kmalloc / kzalloc / kfree, for any size.
 *
 * Small blocks come from a region of virtual memory (ANVIL_HEAP_BASE)
 * that grows a page at a time; large ones (HEAP_LARGE_MIN and up) are
 * runs of contiguous frames used through the direct map.  Every block has
 * a header and a footer holding canaries: kfree panics, naming the block,
 * when one was overwritten (an overrun or underrun) or the block is
 * already free.  Freed memory is filled with HEAP_POISON, so a use after
 * free reads an unmistakable pattern.
 */
#ifndef ANVIL_KERNEL_MM_HEAP_H
#define ANVIL_KERNEL_MM_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HEAP_LARGE_MIN	(64 * 1024)
#define HEAP_POISON	0x6b	/* what freed memory reads as */

/* size bytes, 16-byte aligned; NULL when out of memory. */
void *kmalloc(size_t size);
/* The same, zero-filled. */
void *kzalloc(size_t size);
/* Give a block back (NULL is ignored). */
void kfree(void *p);

struct heap_stats {
	uint64_t in_use;	/* bytes asked for by live allocations */
	uint64_t blocks;	/* live allocations */
	uint64_t mapped;	/* bytes of the heap region mapped */
	uint64_t large_pages;	/* frames held by large allocations */
};
void heap_stats(struct heap_stats *out);

/* Walk every block and free list and check their canaries, sizes and
 * links; on the first problem print it and return false. */
bool heap_check(void);

#endif
