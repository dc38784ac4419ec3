/* The page-fault row (user/bench/bench.h). */
#include "bench.h"

static long mmap_error;	/* the first failed mmap's -errno */

/*
 * A first touch of a fresh heap page: the kernel takes a page fault, finds
 * the address inside the heap (grown by brk), maps a zeroed page and
 * returns to the store. Touching the same pages a second time costs only
 * the loop and the stores; that is this row's empty-loop figure.
 */
__attribute__((noinline)) static unsigned long touch_pages(char *p,
							    unsigned long n)
{
	unsigned long t0 = tsc_begin(), i;

	for (i = 0; i < n; i++)
		((volatile char *)p)[i * PAGE_SIZE] = 1;
	return tsc_end() - t0;
}

void bench_page_fault(void)
{
	unsigned long pages = iters < 128 ? 8 : 128;
	long first[MAX_REPS], again[MAX_REPS];
	int r;

	for (r = 0; r < reps; r++) {
		/* Grow the heap by `pages` whole pages, never shrinking it,
		 * so every repetition touches pages never mapped before. */
		long cur = syscall1(SYS_brk, 0);
		unsigned long start = ((unsigned long)cur + PAGE_SIZE - 1) &
				      ~(PAGE_SIZE - 1);
		long want = (long)(start + pages * PAGE_SIZE);
		long got = syscall1(SYS_brk, want);

		if (cur <= 0 || got < want) {
			report_na("page_fault", "brk-failed", got);
			return;
		}
		first[r] = (long)(touch_pages((char *)start, pages) * 100 / pages);
		again[r] = (long)(touch_pages((char *)start, pages) * 100 / pages);
	}
	sort(first, reps);
	sort(again, reps);
	report("page_fault", first[0] - again[0],
	       first[reps / 2] - again[reps / 2]);
}

/*
 * mmap of one private anonymous page, a store to it (the fault that maps
 * a zeroed frame), munmap: an area made, filled and taken apart again.
 * Raw system calls, so the C library adds nothing on either kernel.
 */
__attribute__((noinline)) static void op_mmap_touch_munmap(void)
{
	long p = syscall6(SYS_mmap, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p < 0 && p > -4096) {
		mmap_error = p;
		return;
	}
	*(volatile char *)p = 1;
	syscall2(SYS_munmap, p, PAGE_SIZE);
}

void bench_mmap_touch(void)
{
	mmap_error = 0;
	op_mmap_touch_munmap();		/* once untimed: fails early */
	if (mmap_error) {
		report_na("mmap_touch_munmap", "mmap-failed", mmap_error);
		return;
	}
	bench_op("mmap_touch_munmap", op_mmap_touch_munmap);
}
