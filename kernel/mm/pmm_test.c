#include "kernel/mm/pmm.h"
#include "kernel/addr.h"
#include "kernel/boot.h"
#include "kernel/ktest.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/memhog.h"

/* Does the frame at phys overlap something the allocator must never hand
 * out?  Computed here from the boot information and the linker symbols,
 * not from the allocator's own list. */
static const char *forbidden(uint64_t phys)
{
	uint64_t end = phys + PAGE_SIZE;
	if (phys < 0x100000)
		return "the first 1 MiB";
	if (phys < virt_to_phys(__kernel_end) && (uint64_t)__boot_start_phys < end)
		return "the kernel image";
	if (phys < boot_info_phys + boot_info.total_size && boot_info_phys < end)
		return "the boot information";
	for (uint32_t i = 0; i < boot_info.module_count; i++)
		if (phys < boot_info.modules[i].end && boot_info.modules[i].start < end)
			return "a module";
	return NULL;
}

/* Take every free frame, check each, give them all back. */
KTEST(pmm, every_frame_round_trip)
{
	struct memhog hog;
	struct heap_stats before, after;
	uint64_t total = pmm_free_frames();
	heap_stats(&before);
	KASSERT_TRUE(memhog_take(&hog, 0));
	heap_stats(&after);
	/* Every frame: the hog's, and those of its array (a large block). */
	KEXPECT_EQ(hog.count + after.large_pages - before.large_pages, total);
	KEXPECT_EQ(pmm_free_frames(), 0);
	KEXPECT_EQ(pmm_alloc(), 0);		/* out of memory is an answer */
	KEXPECT_EQ(pmm_alloc_contig(2), 0);
	uint64_t bad = 0;
	for (size_t i = 0; i < hog.count; i++)
		if (forbidden(hog.frames[i]) && bad++ == 0)
			KEXPECT_TRUE(!forbidden(hog.frames[i]));
	KEXPECT_EQ(bad, 0);
	memhog_give_back(&hog);
	KEXPECT_EQ(pmm_free_frames(), total);
}

KTEST(pmm, single_frames_are_distinct_and_aligned)
{
	uint64_t a = pmm_alloc(), b = pmm_alloc();
	KASSERT_TRUE(a && b);
	KEXPECT_NE(a, b);
	KEXPECT_EQ(a & (PAGE_SIZE - 1), 0);
	KEXPECT_EQ(b & (PAGE_SIZE - 1), 0);
	KEXPECT_LT(a, pmm_ram_end());
	pmm_free(a);
	pmm_free(b);
}

KTEST(pmm, contiguous_run)
{
	uint64_t before = pmm_free_frames();
	uint64_t run = pmm_alloc_contig(16);
	KASSERT_NE(run, 0);
	KEXPECT_EQ(pmm_free_frames(), before - 16);
	for (uint64_t f = run; f < run + 16 * PAGE_SIZE; f += PAGE_SIZE)
		KEXPECT_TRUE(!forbidden(f));
	/* No frame of the run is handed out again while it is held. */
	uint64_t single = pmm_alloc();
	KEXPECT_TRUE(single < run || single >= run + 16 * PAGE_SIZE);
	pmm_free(single);
	pmm_free_contig(run, 16);
	KEXPECT_EQ(pmm_free_frames(), before);
	KEXPECT_EQ(pmm_alloc_contig(pmm_total_frames() + 1), 0);
}

/* A shared frame is free only when its last owner gives it back. */
KTEST(pmm, reference_counts_share_a_frame)
{
	uint64_t before = pmm_free_frames();
	uint64_t f = pmm_alloc();
	KASSERT_NE(f, 0);
	KEXPECT_EQ(pmm_refcount(f), 1);
	pmm_ref(f);
	pmm_ref(f);
	KEXPECT_EQ(pmm_refcount(f), 3);
	KEXPECT_EQ(pmm_free_frames(), before - 1);
	pmm_free(f);
	pmm_free(f);
	KEXPECT_EQ(pmm_refcount(f), 1);
	KEXPECT_EQ(pmm_free_frames(), before - 1);	/* one owner left: still in use */
	pmm_free(f);
	KEXPECT_EQ(pmm_refcount(f), 0);
	KEXPECT_EQ(pmm_free_frames(), before);
}

/* Memory the allocator never hands out has no owners to count. */
KTEST(pmm, reference_count_of_what_is_not_allocated_is_zero)
{
	KEXPECT_EQ(pmm_refcount(0), 0);				/* the first 1 MiB */
	KEXPECT_EQ(pmm_refcount(virt_to_phys(__kernel_end) - PAGE_SIZE), 0);	/* the image */
	KEXPECT_EQ(pmm_refcount(pmm_ram_end()), 0);		/* past the end */
	KEXPECT_EQ(pmm_refcount(pmm_ram_end() + (1UL << 40)), 0);
	uint64_t f = pmm_alloc();
	KASSERT_NE(f, 0);
	pmm_free(f);
	KEXPECT_EQ(pmm_refcount(f), 0);				/* free again */
}

/* pmm_free_contig drops one reference per frame: a frame of the run that
 * has a second owner stays allocated until that owner frees it too. */
KTEST(pmm, contiguous_run_with_a_shared_frame)
{
	uint64_t before = pmm_free_frames();
	uint64_t run = pmm_alloc_contig(4);
	KASSERT_NE(run, 0);
	for (unsigned i = 0; i < 4; i++)
		KEXPECT_EQ(pmm_refcount(run + i * PAGE_SIZE), 1);
	uint64_t shared = run + 2 * PAGE_SIZE;
	pmm_ref(shared);
	pmm_free_contig(run, 4);
	KEXPECT_EQ(pmm_free_frames(), before - 1);
	KEXPECT_EQ(pmm_refcount(shared), 1);
	KEXPECT_EQ(pmm_refcount(run), 0);
	pmm_free(shared);
	KEXPECT_EQ(pmm_free_frames(), before);
}

/* The count goes up to PMM_REF_MAX and back down exactly. */
KTEST(pmm, reference_count_reaches_its_maximum)
{
	uint64_t before = pmm_free_frames();
	uint64_t f = pmm_alloc();
	KASSERT_NE(f, 0);
	for (unsigned i = 1; i < PMM_REF_MAX; i++)
		pmm_ref(f);
	KEXPECT_EQ(pmm_refcount(f), PMM_REF_MAX);
	for (unsigned i = 1; i < PMM_REF_MAX; i++)
		pmm_free(f);
	KEXPECT_EQ(pmm_refcount(f), 1);
	KEXPECT_EQ(pmm_free_frames(), before - 1);
	pmm_free(f);
	KEXPECT_EQ(pmm_free_frames(), before);
}
