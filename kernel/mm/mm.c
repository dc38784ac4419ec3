#include "kernel/mm/mm.h"
#include "kernel/boot.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"
#include "kernel/printf.h"

void mm_init(void)
{
	pmm_init(&boot_info);
	vm_init();
	mem_log_stats("boot");
}

void mem_stats_get(struct mem_stats *out)
{
	struct heap_stats h;
	heap_stats(&h);
	*out = (struct mem_stats){
		.total_frames = pmm_total_frames(),
		.free_frames = pmm_free_frames(),
		.heap_in_use = h.in_use,
		.heap_mapped = h.mapped,
		.table_pages = vm_table_pages(),
	};
}

void mem_log_stats(const char *when)
{
	struct mem_stats s;
	mem_stats_get(&s);
	kprintf("mem (%s): frames %lu total, %lu free (%lu KiB); heap %lu bytes in use, "
		"%lu KiB mapped; page tables %lu pages\n", when,
		(unsigned long)s.total_frames, (unsigned long)s.free_frames,
		(unsigned long)(s.free_frames * PAGE_SIZE >> 10), (unsigned long)s.heap_in_use,
		(unsigned long)(s.heap_mapped >> 10), (unsigned long)s.table_pages);
}

void mem_report(struct printer *pr)
{
	struct mem_stats s;
	mem_stats_get(&s);
	pr_printf(pr, "frames       %lu total, %lu free (%lu KiB free of %lu KiB)\n",
		      (unsigned long)s.total_frames, (unsigned long)s.free_frames,
		      (unsigned long)(s.free_frames * PAGE_SIZE >> 10),
		      (unsigned long)(s.total_frames * PAGE_SIZE >> 10));
	pr_printf(pr, "heap         %lu bytes in use, %lu KiB mapped\n",
		      (unsigned long)s.heap_in_use, (unsigned long)(s.heap_mapped >> 10));
	pr_printf(pr, "page tables  %lu pages\n", (unsigned long)s.table_pages);
}
