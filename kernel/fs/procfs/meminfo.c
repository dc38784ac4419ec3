/*
 * /proc/meminfo, in Linux 6.1's order and widths (fs/proc/meminfo.c:
 * show_val_kb is "%-16s%8lu kB").  anvil has no page cache, swap, huge
 * pages or slab of that kind yet: those lines are 0.  The figures are the
 * frame allocator's (kernel/mm/pmm.h) and the heap's (kernel/mm/mm.h).
 */
#include "kernel/fs/procfs/internal.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/pmm.h"

static void kb(struct seq *s, const char *label, uint64_t kib)
{
	seq_printf(s, "%s%8lu kB\n", label, (unsigned long)kib);
}

int proc_show_meminfo(struct seq *s, uint64_t key)
{
	(void)key;
	struct mem_stats m;
	mem_stats_get(&m);
	uint64_t total = m.total_frames * (PAGE_SIZE / 1024);
	uint64_t free = m.free_frames * (PAGE_SIZE / 1024);
	uint64_t heap = m.heap_mapped / 1024;

	kb(s, "MemTotal:       ", total);
	kb(s, "MemFree:        ", free);
	kb(s, "MemAvailable:   ", free);	/* nothing to reclaim */
	kb(s, "Buffers:        ", 0);
	kb(s, "Cached:         ", 0);
	kb(s, "SwapCached:     ", 0);
	kb(s, "Active:         ", 0);
	kb(s, "Inactive:       ", 0);
	kb(s, "Active(anon):   ", 0);
	kb(s, "Inactive(anon): ", 0);
	kb(s, "Active(file):   ", 0);
	kb(s, "Inactive(file): ", 0);
	kb(s, "Unevictable:    ", 0);
	kb(s, "Mlocked:        ", 0);
	kb(s, "SwapTotal:      ", 0);
	kb(s, "SwapFree:       ", 0);
	kb(s, "Dirty:          ", 0);
	kb(s, "Writeback:      ", 0);
	kb(s, "AnonPages:      ", 0);
	kb(s, "Mapped:         ", 0);
	kb(s, "Shmem:          ", 0);
	kb(s, "KReclaimable:   ", 0);
	kb(s, "Slab:           ", heap);	/* the kernel heap's region */
	kb(s, "SReclaimable:   ", 0);
	kb(s, "SUnreclaim:     ", heap);
	kb(s, "KernelStack:    ", 0);
	kb(s, "PageTables:     ", m.table_pages * (PAGE_SIZE / 1024));
	kb(s, "SecPageTables:  ", 0);
	kb(s, "NFS_Unstable:   ", 0);
	kb(s, "Bounce:         ", 0);
	kb(s, "WritebackTmp:   ", 0);
	kb(s, "CommitLimit:    ", total);
	kb(s, "Committed_AS:   ", total - free);
	kb(s, "VmallocTotal:   ", 34359738367UL);	/* x86-64's VMALLOC_TOTAL, as Linux */
	kb(s, "VmallocUsed:    ", 0);
	kb(s, "VmallocChunk:   ", 0);
	kb(s, "Percpu:         ", 0);
	seq_printf(s, "HugePages_Total:   %5u\nHugePages_Free:    %5u\n", 0u, 0u);
	seq_printf(s, "HugePages_Rsvd:    %5u\nHugePages_Surp:    %5u\n", 0u, 0u);
	kb(s, "Hugepagesize:   ", 2048);
	kb(s, "Hugetlb:        ", 0);
	return 0;
}
