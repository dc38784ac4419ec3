/*
 * bench.h - what the files of the benchmark share (user/bench/).
 *
 * bench - what does a system call cost? One static Linux-ABI program that
 * runs unchanged on anvil and on Linux, timing the cheapest kernel entries.
 *
 *	bench          full run
 *	bench quick    a few iterations: only checks that every row comes out
 *	bench [quick] /bin/PROG...   also run each libc program PROG (libc.c)
 *
 * Besides the system calls, three process rows: fork + _exit + waitpid,
 * fork + execve of /bin/exit7 + waitpid (the program must be there: a
 * module on anvil, a file in the Linux initramfs), and a context switch
 * between two processes that hand the CPU back and forth with sched_yield,
 * and a pipe round trip (one byte each way) between two processes; and a
 * signal to oneself: kill, the handler, rt_sigreturn.
 * Under icount the TSC counts every instruction the guest runs, the
 * child's and the kernel's included, so a row is the whole operation.
 *
 * Each operation runs `iters` times in a loop between two reads of the time
 * stamp counter; that is repeated `reps` times, and the minimum and median
 * over the repetitions are printed, per operation, after subtracting the
 * cost of the same loop calling an empty function. Under QEMU's
 * `-icount shift=0` one TSC tick is one guest instruction, so the figures
 * are instructions per operation and repeat exactly.
 *
 * Output, one line each, for tools/bench.py to read:
 *	bench: kernel=Linux release=6.1.0-... mode=full iters=10000 reps=9 unit=tsc rdtscp=1
 *	bench: tsc_khz=1000000
 *	bench: op=getpid_syscall min=309 median=309 unit=tsc
 *	bench: op=write_devnull min=n/a median=n/a unit=tsc note=open-failed:-2
 *	bench: done
 *
 * The files, by what they measure: measure.c (the timed loop, the empty
 * loop's baseline, the report lines), syscalls.c (the system call rows),
 * process.c (fork, exec, the context switch), pipe.c (the pipe round
 * trip), memory.c (the page fault, mmap), signal.c (the signal to oneself),
 * main.c (the run), vdso.c (clock_gettime through the vDSO's pointer),
 * libc.c (the rows from programs built with a real C library, which it
 * runs: user/bench/libc/).
 */
#ifndef ANVIL_USER_BENCH_H
#define ANVIL_USER_BENCH_H

#include "ulib.h"

#define PAGE_SIZE	4096UL
#define MAX_REPS	15

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

#define CPUID_EXT_RDTSCP_BIT	27	/* CPUID 0x80000001 EDX: RDTSCP present */

extern int have_rdtscp;

void detect_rdtscp(void);

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


/*
 * Each operation is a function called through a pointer by the same loop,
 * so the call, the loop and the timer reads cost the same for all of them
 * and cancel out when the empty operation's figure is subtracted. noinline
 * keeps each one a real call; the empty asm in op_empty stops the compiler
 * from deciding it does nothing and deleting the calls.
 */
typedef void (*op_fn)(void);

/* measure.c */
extern unsigned long iters;
extern int reps;
extern long base;
extern int quick;		/* quick_mode() was called */
void quick_mode(void);
void measure(op_fn fn, long *per_iter);
void sort(long *v, int n);
long hundredths_round(long x);
void report(const char *name, long min100, long median100);
void report_na(const char *name, const char *why, long value);
long measure_baseline(void);
void bench_baseline(void);
void row_name(const char *path, char *out, unsigned long n);
long bench_op(const char *name, op_fn fn);

/* process.c: a process row's first failure, and the wait for a child */
extern long proc_error;
extern const char *proc_error_what;
void proc_fail(const char *what, long value);
void reap(long pid, int code);
void bench_proc_op(const char *name, op_fn fn, unsigned long n);

/* The rows, each file's */
void op_sched_yield(void);
extern long yield_alone;	/* syscalls.c: the sched_yield row's median */
void bench_syscalls(long pid);
void bench_vdso(void);			/* vdso.c */
void bench_libc(char **progs, int n);	/* libc.c */
void bench_processes(void);
void bench_pipe_round_trip(void);
void bench_files(void);			/* files.c */
void bench_page_fault(void);
void bench_mmap_touch(void);		/* memory.c */
void bench_signal_self(void);	/* signal.c */

#endif
