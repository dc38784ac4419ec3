/*
 * bench.h - what the benchmark's files share (user/bench/: main.c runs the
 * groups in order; measure.c has the loop and the output lines; one file
 * per group of rows: syscalls.c, process.c, memory.c, files.c).
 */
#ifndef ANVIL_USER_BENCH_H
#define ANVIL_USER_BENCH_H

#include "ulib.h"

#define PAGE_SIZE	4096UL
#define MAX_REPS	15

extern int have_rdtscp;	/* measure.c: detect_rdtscp() sets it */

/* ---- Reading the time stamp counter --------------------------------- */

/*
 * CPUID: leaf in EAX (and sub-leaf in ECX, 0 here); the CPU answers in
 * EAX, EBX, ECX and EDX, hence four outputs. No clobbers: it changes no
 * other register and no memory. `volatile` because the answer depends on
 * the machine, not only on the inputs the compiler sees.
 */
static inline void cpuid(unsigned leaf, unsigned *a, unsigned *b,
			 unsigned *c, unsigned *d)
{
	__asm__ volatile ("cpuid"
		: "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
		: "a"(leaf), "c"(0));
}

static inline unsigned long tsc_begin(void)
{
	unsigned lo, hi;

	__asm__ volatile ("lfence\n\trdtsc\n\tlfence"
		: "=a"(lo), "=d"(hi)
		:
		: "memory");
	return ((unsigned long)hi << 32) | lo;
}

/*
 * End of a timed interval: `rdtscp; lfence`. RDTSCP waits for all earlier
 * instructions to execute before it reads the counter; it also loads
 * IA32_TSC_AUX into ECX, which we do not want, so RCX is a clobber. The
 * LFENCE keeps later instructions from starting early (Intel SDM Vol. 2B,
 * RDTSCP). Without RDTSCP (QEMU's default qemu64 CPU), the fenced RDTSC.
 */
static inline unsigned long tsc_end(void)
{
	unsigned lo, hi;

	if (!have_rdtscp)
		return tsc_begin();
	__asm__ volatile ("rdtscp\n\tlfence"
		: "=a"(lo), "=d"(hi)
		:
		: "rcx", "memory");
	return ((unsigned long)hi << 32) | lo;
}

/* ---- The measuring loop (measure.c) --------------------------------- */

typedef void (*op_fn)(void);

extern unsigned long iters;	/* per repetition: 10000, or 100 in quick mode */
extern int reps;
extern long base;		/* empty loop's minimum, ticks x 100 per iteration */
extern long yield_alone;	/* the sched_yield row's median, ticks x 100 */

void detect_rdtscp(void);
void op_empty(void);
void op_sched_yield(void);	/* syscalls.c; the context switch times it too */
void sort(long *v, int n);
void measure(op_fn fn, long *per_iter);
long hundredths_round(long x);
void report(const char *name, long min100, long median100);
void report_na(const char *name, const char *why, long value);
void bench_baseline(void);
void bench_op(const char *name, op_fn fn);

/* ---- The groups of rows, in the order main runs them ---------------- */

void bench_syscalls(long pid);		/* syscalls.c */
void bench_processes(void);		/* process.c */
void bench_page_fault(void);		/* memory.c */
void bench_files(void);			/* files.c */

#endif
