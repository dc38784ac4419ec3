/*
 * bench=mm: the frame allocator's and the heap's fast paths, measured.
 *
 * Each figure is TSC ticks per operation: a batch of BATCH operations is
 * timed with the fenced tsc_start()/tsc_stop() pair (arch/x86_64/insn/tsc.h),
 * the batch is repeated ROUNDS times, and the minimum and median batch are
 * reported divided by BATCH.  Under `qemu -icount shift=0` one tick is one
 * guest instruction, so the figures repeat exactly; under plain TCG they
 * follow the host's clock and are noisy.  These are benchmark figures,
 * never test assertions (tests/groups/memory.py only checks they appear).
 */
#include "kernel/mm/mm.h"
#include "arch/x86_64/insn/tsc.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/pmm.h"
#include "kernel/panic.h"
#include "kernel/printf.h"

#define BATCH	256
#define ROUNDS	33

static uint64_t frames[BATCH];
static void *blocks[BATCH];

/* Sort a few numbers (insertion sort: ROUNDS is small). */
static void sort(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

static void report(const char *op, uint64_t *ticks)
{
	sort(ticks, ROUNDS);
	kprintf("bench: op=%s min=%lu median=%lu unit=tsc per=op batch=%d rounds=%d\n", op,
		(unsigned long)(ticks[0] / BATCH), (unsigned long)(ticks[ROUNDS / 2] / BATCH),
		BATCH, ROUNDS);
}

void mm_bench_run(void)
{
	uint64_t alloc_t[ROUNDS], free_t[ROUNDS], kmalloc_t[ROUNDS], kfree_t[ROUNDS];

	for (int r = 0; r < ROUNDS; r++) {
		uint64_t t0 = tsc_start();
		for (int i = 0; i < BATCH; i++)
			frames[i] = pmm_alloc();
		uint64_t t1 = tsc_stop();
		for (int i = 0; i < BATCH; i++)
			if (!frames[i])
				panic("bench=mm: out of frames");
		uint64_t t2 = tsc_start();
		for (int i = 0; i < BATCH; i++)
			pmm_free(frames[i]);
		uint64_t t3 = tsc_stop();
		alloc_t[r] = t1 - t0;
		free_t[r] = t3 - t2;
	}
	for (int r = 0; r < ROUNDS; r++) {
		uint64_t t0 = tsc_start();
		for (int i = 0; i < BATCH; i++)
			blocks[i] = kmalloc(64);
		uint64_t t1 = tsc_stop();
		for (int i = 0; i < BATCH; i++)
			if (!blocks[i])
				panic("bench=mm: out of heap");
		uint64_t t2 = tsc_start();
		for (int i = 0; i < BATCH; i++)
			kfree(blocks[i]);
		uint64_t t3 = tsc_stop();
		kmalloc_t[r] = t1 - t0;
		kfree_t[r] = t3 - t2;
	}
	report("pmm_alloc", alloc_t);
	report("pmm_free", free_t);
	report("kmalloc_64", kmalloc_t);
	report("kfree_64", kfree_t);
}
