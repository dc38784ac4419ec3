/* Memory management: bringing it up, and its figures (for the log and
 * for a `mem` command). */
#ifndef ANVIL_KERNEL_MM_MM_H
#define ANVIL_KERNEL_MM_MM_H

#include <stdbool.h>
#include <stdint.h>

/* Frame allocator from boot_info's memory map, then the kernel's own page
 * tables.  Call right after boot_info_init(). */
void mm_init(void);

struct mem_stats {
	uint64_t total_frames;	/* RAM the frame allocator manages */
	uint64_t free_frames;
	uint64_t heap_in_use;	/* bytes, kmalloc'd and not freed */
	uint64_t heap_mapped;	/* bytes of the small-block heap region */
	uint64_t table_pages;	/* page-table pages, every address space */
};
void mem_stats_get(struct mem_stats *out);
/* crash=KIND for memory misuse (pmm_double_free, kfree_twice,
 * heap_overrun, write_text, exec_data, unmapped, stack_guard); false if
 * KIND is not one of them. */
bool mm_deliberate_crash(const char *kind);

/* The shell's `mem` (also /proc/anvil/mem): the figures above, a line
 * each. */
struct printer;
void mem_report(struct printer *pr);

/* One log line with the figures above. */
void mem_log_stats(const char *when);

/* bench=mm: time the frame allocator's and the heap's fast paths and log
 * the figures (kernel/mm/mm_bench.c). */
void mm_bench_run(void);

#endif
