/*
 * Where exec puts a new program's stack, mmap base and heap, and how they
 * are randomised (address space layout randomisation, docs/mmap.md), as
 * Linux 6.1 on x86-64 does it:
 *
 *   - the stack's top: USER_STACK_TOP (Linux's STACK_TOP, the 47-bit
 *     DEFAULT_MAP_WINDOW) less a random number of pages below
 *     STACK_RND_MASK, 22 bits (mm/util.c randomize_stack_top,
 *     arch/x86/include/asm/elf.h);
 *   - mmap_base: the top of the area mmap fills top-down, a gap below
 *     USER_STACK_TOP of RLIMIT_STACK plus the stack's largest random
 *     offset plus stack_guard_gap, clamped to [128 MiB, 5/6 of the user
 *     half], less a random number of pages of 28 bits (mmap64_rnd_bits)
 *     (arch/x86/mm/mmap.c mmap_base, arch_rnd);
 *   - the heap's start: the page after the image, moved up by a random
 *     number of pages within 32 MiB (arch/x86/kernel/process.c
 *     arch_randomize_brk, mm/util.c randomize_page).
 *
 * The randomness is the kernel's CSPRNG (kernel/random.h): one 64-bit
 * word that exec draws with AT_RANDOM's bytes.  `norandmaps`
 * on the kernel command line turns all three off, as Linux's.
 */
#include "kernel/addr.h"
#include "kernel/cmdline.h"
#include "kernel/mm/vma.h"
#include "kernel/process.h"

#define STACK_RND_MASK	0x3fffffUL		/* 22 bits of pages */
#define MMAP_RND_BITS	28			/* mmap64_rnd_bits' default */
#define BRK_RND_RANGE	0x02000000UL		/* 32 MiB */
#define SIZE_128M	(128 * 1024 * 1024UL)

bool mm_randomize(void)
{
	static int on = -1;	/* the command line is read once */
	if (on < 0)
		on = !cmdline_has("norandmaps");
	return on;
}

/* arch/x86/mm/mmap.c mmap_base(): the gap below the stack, then rnd. */
static uint64_t mmap_base(uint64_t rnd, uint64_t stack_rlimit, bool randomize)
{
	const uint64_t task_size = USER_STACK_TOP;
	uint64_t gap = stack_rlimit;
	uint64_t pad = (randomize ? STACK_RND_MASK << PAGE_SHIFT : 0) + STACK_GUARD_GAP;
	if (gap + pad > gap)	/* values near RLIM_INFINITY would overflow */
		gap += pad;
	uint64_t gap_min = SIZE_128M, gap_max = task_size / 6 * 5;
	if (gap < gap_min)
		gap = gap_min;
	else if (gap > gap_max)
		gap = gap_max;
	return page_round_up(task_size - gap - rnd);
}

/* The bits of exec's random word each part takes: Linux draws a
 * get_random_long() for each and keeps these many of it. */
#define STACK_RND_SHIFT	0			/* 22 bits */
#define MMAP_RND_SHIFT	22			/* 28 bits */
#define BRK_RND_SHIFT	50			/* 13 bits: 32 MiB of pages */
_Static_assert(STACK_RND_MASK >> 22 == 0 && MMAP_RND_BITS == 28 &&
	       BRK_RND_RANGE >> PAGE_SHIFT == 1UL << 13, "the random word's fields");

void mm_layout(struct user_mm *mm, const struct process *p, uint64_t image_end,
	       uint64_t rnd_bits)
{
	bool rnd = mm_randomize();
	mm->stack_top = USER_STACK_TOP -
		(rnd ? (rnd_bits >> STACK_RND_SHIFT & STACK_RND_MASK) << PAGE_SHIFT : 0);
	uint64_t mmap_rnd = rnd ?
		(rnd_bits >> MMAP_RND_SHIFT & ((1UL << MMAP_RND_BITS) - 1)) << PAGE_SHIFT : 0;
	mm->mmap_base = mmap_base(mmap_rnd, p->rlim[RLIMIT_STACK].cur, rnd);
	uint64_t heap = page_round_up(image_end);
	if (rnd)	/* randomize_page(start, 32 MiB) */
		heap += (rnd_bits >> BRK_RND_SHIFT) % (BRK_RND_RANGE >> PAGE_SHIFT) << PAGE_SHIFT;
	mm->heap_start = mm->brk = heap;
}
