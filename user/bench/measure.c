/* The timed loop and the report lines (user/bench/bench.h). */
#include "bench.h"

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

__attribute__((noinline)) static void op_empty(void)
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

/* `bench quick` (and the libc programs' `quick`): a few iterations. */
int quick;

void quick_mode(void)
{
	quick = 1;
	iters = 100;
	reps = 3;
}

/*
 * The empty loop. Its minimum is the loop's real overhead (anything more
 * was an interruption), so that is what is subtracted from both the
 * minimum and the median of every operation. Returns the median.
 */
long measure_baseline(void)
{
	long v[MAX_REPS];

	measure(op_empty, v);
	base = v[0];
	return v[reps / 2];
}

/* The empty loop, printed as a row of its own. */
void bench_baseline(void)
{
	long median = measure_baseline();

	uprintf("bench: op=empty_loop min=%ld median=%ld unit=tsc\n",
		hundredths_round(base), hundredths_round(median));
}

/* A libc program's row name: its file name, '.' made '_'
 * ("/bin/clock_gettime.musl" -> "clock_gettime_musl"), cut to n - 1. */
void row_name(const char *path, char *out, unsigned long n)
{
	const char *p, *name = path;
	unsigned long i;

	for (p = path; *p; p++)
		if (*p == '/')
			name = p + 1;
	for (i = 0; name[i] && i + 1 < n; i++)
		out[i] = name[i] == '.' ? '_' : name[i];
	out[i] = 0;
}

/* One row: its median, ticks x 100 per iteration. */
long bench_op(const char *name, op_fn fn)
{
	long v[MAX_REPS];

	measure(fn, v);
	report(name, v[0] - base, v[reps / 2] - base);
	return v[reps / 2] - base;
}
