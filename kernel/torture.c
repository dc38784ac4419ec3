/*
 * The torture run (kernel/torture.h): every program that attacks the
 * kernel, many times over in one boot, through process_run() as init=
 * would run them, with the memory figures compared around each run.
 */
#include "kernel/torture.h"
#include "kernel/format.h"
#include "kernel/ktest.h"
#include "kernel/mm/mm.h"
#include "kernel/power.h"
#include "kernel/printf.h"
#include "kernel/process.h"
#include "kernel/string.h"
#include "kernel/timer.h"

static const struct torture_size {
	const char *name;
	unsigned seeds;		/* fuzzer runs, seeds 1..seeds */
	unsigned calls;		/* system calls per fuzzer run */
	unsigned rounds;	/* times through the fault programs and heap stress */
} sizes[] = {
	{ "full", 8, 125000, 5 },	/* 1,000,000 calls; make torture */
	{ "small", 3, 3000, 1 },	/* make test */
};

/* The programs that must end in a kill or a known status, with the
 * status each must end with (128 + signal; -1: either way).  /bin/crash
 * sgdt faults only under UMIP. */
static const struct {
	const char *argv[2];
	int status;
} fault_programs[] = {
	{ { "/bin/crash", "cli" }, 139 },		{ { "/bin/crash", "hlt" }, 139 },
	{ { "/bin/crash", "in" }, 139 },		{ { "/bin/crash", "out" }, 139 },
	{ { "/bin/crash", "cr3" }, 139 },		{ { "/bin/crash", "sgdt" }, -1 },
	{ { "/bin/crash", "ud" }, 128 + SIGILL },	{ { "/bin/crash", "de" }, 128 + SIGFPE },
	{ { "/bin/crash", "null_write" }, 139 },	{ { "/bin/crash", "kernel_read" }, 139 },
	{ { "/bin/crash", "kernel_write" }, 139 },	{ { "/bin/crash", "kernel_jump" }, 139 },
	{ { "/bin/crash", "stack" }, 139 },		{ { "/bin/t_entry", NULL }, 0 },
	{ { "/bin/t_entry", "sysret_rip" }, 139 },
	{ { "/bin/t_entry", "step_syscall" }, 128 + SIGTRAP },
	{ { "/bin/t_entry", "step_int80" }, 128 + SIGTRAP },
	{ { "/bin/t_entry_int80", NULL }, 139 },
};

static struct {
	bool counting;	/* false during the warm-up pass */
	unsigned runs, killed, leaks, failures;
	uint64_t calls;
} tally;

/* Frames free, or held by the kernel heap for later kmallocs: the heap
 * keeps the pages it grew into (heap_mapped), and how far it grows for
 * the same requests depends on where earlier blocks happen to lie, so a
 * page it grew into is not a leak; a frame gone from both is. */
static uint64_t frames_back(const struct mem_stats *m)
{
	return m->free_frames + m->heap_mapped / PAGE_SIZE;
}

/* Did the figures that must come back (frames, heap in use) move?  Not
 * counted during the warm-up (see torture_run). */
static bool leaked(const char *what, const struct mem_stats *before)
{
	struct mem_stats after;
	mem_stats_get(&after);
	if (!tally.counting || (frames_back(&after) == frames_back(before) &&
				after.heap_in_use == before->heap_in_use))
		return false;
	kprintf("torture: %s leaked %ld frames and %ld heap bytes\n", what,
		(long)(frames_back(before) - frames_back(&after)),
		(long)(after.heap_in_use - before->heap_in_use));
	tally.leaks++;
	return true;
}

/* Run argv[0] with its arguments; want: the status it must end with, or
 * -1 for any.  Returns whether it ended as wanted. */
static bool run_checked(int argc, const char *const *argv, int want)
{
	struct mem_stats before;
	struct process_result r;
	char what[64];

	ksnprintf(what, sizeof(what), "%s%s%s", argv[0], argc > 1 ? " " : "", argc > 1 ? argv[1] : "");
	mem_stats_get(&before);
	int err = process_run(argv[0], argc, argv, &r);
	tally.runs++;
	leaked(what, &before);
	if (err) {
		kprintf("torture: cannot run %s (error %d)\n", what, -err);
		tally.failures++;
		return false;
	}
	tally.killed += r.signal != 0;
	if (want >= 0 && r.status != want) {
		kprintf("torture: %s ended with status %d, not %d\n", what, r.status, want);
		tally.failures++;
		return false;
	}
	return true;
}

static void fuzz(unsigned seed, unsigned calls)
{
	char seed_arg[12], calls_arg[12];
	ksnprintf(seed_arg, sizeof(seed_arg), "%u", seed);
	ksnprintf(calls_arg, sizeof(calls_arg), "%u", calls);
	const char *argv[] = { "/bin/fuzz", seed_arg, calls_arg };
	if (run_checked(3, argv, 0))	/* status 0: every answer was sane */
		tally.calls += calls;
}

static void heap_stress(void)
{
	struct mem_stats before;
	mem_stats_get(&before);
	if (ktest_run("heap.stress_random_sizes", 0)) {
		kprintf("torture: the heap stress failed\n");
		tally.failures++;
	}
	leaked("the heap stress", &before);
}

/* The memory figures around a run, the verdict, and the end of the run:
 * passed only with no leak, no failure, and frames and heap in use back
 * exactly where they were. */
__attribute__((noreturn)) static void report_and_exit(const struct mem_stats *start,
						     const struct mem_stats *end)
{
	kprintf("torture: frames free or kept by the heap %lu -> %lu, heap in use %lu -> %lu bytes; "
		"%u leaks, %u failures\n",
		(unsigned long)frames_back(start), (unsigned long)frames_back(end),
		(unsigned long)start->heap_in_use, (unsigned long)end->heap_in_use,
		tally.leaks, tally.failures);
	bool ok = !tally.leaks && !tally.failures && frames_back(start) == frames_back(end) &&
		  start->heap_in_use == end->heap_in_use;
	kernel_exit(ok ? 0 : 1, ok ? "torture passed" : "torture failed");
}

/*
 * torture=forkloop:N: /bin/forkloop N, N cycles of fork, exit and wait4,
 * with free frames and heap in use compared around it.  A warm-up run of
 * 100 cycles first, uncounted, for the reason torture_run gives; after it
 * one child at a time needs nothing the first cycles did not, so the
 * figures must come back exactly.
 */
static void forkloop_run(const char *count)
{
	const char *warm[] = { "/bin/forkloop", "100" };
	const char *argv[] = { "/bin/forkloop", count };
	struct mem_stats start, end;

	kprintf("torture: forkloop: %s fork/exit/wait cycles\n", count);
	run_checked(2, warm, 0);
	tally = (typeof(tally)){ .counting = true };
	mem_stats_get(&start);
	uint64_t t0 = uptime_ns();
	run_checked(2, argv, 0);
	uint64_t ms = (uptime_ns() - t0) / 1000000;
	mem_stats_get(&end);

	kprintf("torture: forkloop %s: %lu.%03lu s\n", count, (unsigned long)(ms / 1000),
		(unsigned long)(ms % 1000));
	report_and_exit(&start, &end);
}

void torture_run(const char *size)
{
	if (strncmp(size, "forkloop:", 9) == 0)
		forkloop_run(size + 9);	/* ends the run */

	const struct torture_size *s = &sizes[0];
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (strcmp(size, sizes[i].name) == 0)
			s = &sizes[i];
	kprintf("torture: %s: %u fuzzer seeds x %u calls, %u rounds of fault programs\n", s->name,
		s->seeds, s->calls, s->rounds);

	/*
	 * The warm-up: everything once, uncounted.  Some memory the first
	 * pass takes stays taken on purpose: the kernel heap keeps the pages
	 * it grew into (heap_mapped) for later kmallocs, and the page tables
	 * of the kernel half (kernel stacks) are made once and shared by
	 * every address space.  After it both are at their high-water mark,
	 * so from here on any frame that does not come back is a leak.
	 */
	struct mem_stats start, end, boot;
	mem_stats_get(&boot);
	uint64_t t0 = uptime_ns();
	for (unsigned round = 0; round <= s->rounds; round++) {
		if (round == 1) {
			mem_stats_get(&start);
			kprintf("torture: warm-up done: heap %lu KiB mapped (was %lu), "
				"%lu page-table pages (was %lu)\n",
				(unsigned long)(start.heap_mapped / 1024),
				(unsigned long)(boot.heap_mapped / 1024),
				(unsigned long)start.table_pages, (unsigned long)boot.table_pages);
			tally = (typeof(tally)){ .counting = true };
		}
		for (size_t i = 0; i < sizeof(fault_programs) / sizeof(fault_programs[0]); i++)
			run_checked(fault_programs[i].argv[1] ? 2 : 1, fault_programs[i].argv,
				    fault_programs[i].status);
		heap_stress();
		if (round == 0)
			fuzz(1, 1000);
	}
	for (unsigned seed = 1; seed <= s->seeds; seed++)
		fuzz(seed, s->calls);
	uint64_t ms = (uptime_ns() - t0) / 1000000;
	mem_stats_get(&end);

	kprintf("torture: %lu system calls fuzzed without a kernel fault, %u programs run "
		"(%u killed), heap stress %u times, %lu.%03lu s\n",
		(unsigned long)tally.calls, tally.runs, tally.killed, s->rounds,
		(unsigned long)(ms / 1000), (unsigned long)(ms % 1000));
	report_and_exit(&start, &end);
}
