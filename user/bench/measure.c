/*
 * The measuring loop, shared by every group of rows: the TSC, the empty
 * loop subtracted from each figure, min and median over the repetitions,
 * and the `bench: op=...` lines (bench.h).
 */
#include "bench.h"

#define CPUID_EXT_RDTSCP_BIT	27	/* CPUID 0x80000001 EDX: RDTSCP present */

int have_rdtscp;

void detect_rdtscp(void)
{
	unsigned a, b, c, d;

	cpuid(0x80000000, &a, &b, &c, &d);	/* highest extended leaf */
	if (a < 0x80000001)
		return;
	cpuid(0x80000001, &a, &b, &c, &d);
	have_rdtscp = (d >> CPUID_EXT_RDTSCP_BIT) & 1;
}

/*
 * Start of a timed interval: `lfence; rdtsc; lfence`.
 * RDTSC puts the counter's low half in EAX and high half in EDX ("=a",
 * "=d"; never "A", which on x86-64 means RAX or RDX, not the pair). It is
 * not ordered with other instructions, so LFENCE before it waits for all
 * earlier instructions to finish, and LFENCE after it keeps later ones from
 * starting before the counter is read (Intel SDM Vol. 2B, RDTSC).
 * "memory": the compiler must not move loads or stores (the page touches)
 * across the read.
 */

/* ---- The operations ------------------------------------------------- */

/*
 * Each operation is a function called through a pointer by the same loop,
 * so the call, the loop and the timer reads cost the same for all of them
 * and cancel out when the empty operation's figure is subtracted. noinline
 * keeps each one a real call; the empty asm in op_empty stops the compiler
 * from deciding it does nothing and deleting the calls.
 */

__attribute__((noinline)) void op_empty(void)
{
	__asm__ volatile ("" ::: "memory");
}

/* ---- Measuring ------------------------------------------------------ */

unsigned long iters = 10000;
int reps = 9;
long base;	/* empty loop's minimum, ticks x 100 per iteration */

__attribute__((noinline)) static unsigned long time_loop(op_fn fn)
{
	unsigned long t0, i;

	t0 = tsc_begin();
	for (i = 0; i < iters; i++)
		fn();
	return tsc_end() - t0;
}

void sort(long *v, int n)
{
	int i, j;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && v[j - 1] > v[j]; j--) {
			long t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

/* Ticks x 100 per iteration for each repetition; sorted, so [0] is min. */
void measure(op_fn fn, long *per_iter)
{
	int r;

	for (r = 0; r < reps; r++)
		per_iter[r] = (long)(time_loop(fn) * 100 / iters);
	sort(per_iter, reps);
}

/* x / 100 rounded to the nearest integer, for either sign. */
long hundredths_round(long x)
{
	return x >= 0 ? (x + 50) / 100 : -((-x + 50) / 100);
}

void report(const char *name, long min100, long median100)
{
	uprintf("bench: op=%s min=%ld median=%ld unit=tsc\n", name,
		hundredths_round(min100), hundredths_round(median100));
}

void report_na(const char *name, const char *why, long value)
{
	uprintf("bench: op=%s min=n/a median=n/a unit=tsc note=%s:%ld\n",
		name, why, value);
}

/*
 * The empty loop, printed as a row of its own. Its minimum is the loop's
 * real overhead (anything more was an interruption), so that is what is
 * subtracted from both the minimum and the median of every operation.
 */
void bench_baseline(void)
{
	long v[MAX_REPS];

	measure(op_empty, v);
	base = v[0];
	uprintf("bench: op=empty_loop min=%ld median=%ld unit=tsc\n",
		hundredths_round(v[0]), hundredths_round(v[reps / 2]));
}

long yield_alone;	/* the sched_yield row's median, ticks x 100 */

void bench_op(const char *name, op_fn fn)
{
	long v[MAX_REPS];

	measure(fn, v);
	report(name, v[0] - base, v[reps / 2] - base);
	if (fn == op_sched_yield)
		yield_alone = v[reps / 2] - base;
}
