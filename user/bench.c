/*
 * bench - what does a system call cost? One static Linux-ABI program that
 * runs unchanged on anvil and on Linux, timing the cheapest kernel entries.
 *
 *	bench          full run
 *	bench quick    a few iterations: only checks that every row comes out
 *
 * Besides the system calls, three process rows: fork + _exit + waitpid,
 * fork + execve of /bin/exit7 + waitpid (the program must be there: a
 * module on anvil, a file in the Linux initramfs), and a context switch
 * between two processes that hand the CPU back and forth with sched_yield,
 * and a pipe round trip (one byte each way) between two processes.
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
 */
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

static int have_rdtscp;

static void detect_rdtscp(void)
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

/* ---- The operations ------------------------------------------------- */

/*
 * Each operation is a function called through a pointer by the same loop,
 * so the call, the loop and the timer reads cost the same for all of them
 * and cancel out when the empty operation's figure is subtracted. noinline
 * keeps each one a real call; the empty asm in op_empty stops the compiler
 * from deciding it does nothing and deleting the calls.
 */
typedef void (*op_fn)(void);

static int null_fd = -1;
static struct timespec ts;
static const char one_byte = 'x';

__attribute__((noinline)) static void op_empty(void)
{
	__asm__ volatile ("" ::: "memory");
}

__attribute__((noinline)) static void op_getpid_syscall(void)
{
	syscall0(SYS_getpid);
}

__attribute__((noinline)) static void op_getpid_int80(void)
{
	int80_syscall0(SYS32_getpid);
}

__attribute__((noinline)) static void op_sched_yield(void)
{
	syscall0(SYS_sched_yield);
}

__attribute__((noinline)) static void op_clock_gettime(void)
{
	syscall2(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts);
}

__attribute__((noinline)) static void op_write_null(void)
{
	syscall3(SYS_write, null_fd, (long)&one_byte, 1);
}

__attribute__((noinline)) static void op_brk0(void)
{
	syscall1(SYS_brk, 0);
}

/*
 * The process rows. A failure is remembered in proc_error (the first
 * one), and the row says n/a instead of a figure.
 */
static long proc_error;
static const char *proc_error_what;

static void proc_fail(const char *what, long value)
{
	if (!proc_error_what) {
		proc_error_what = what;
		proc_error = value;
	}
}

/* wait4 for `pid`, which must exit with `code`. */
static void reap(long pid, int code)
{
	int status = -1;
	long r;

	if (pid < 0) {
		proc_fail("fork-returned", pid);
		return;
	}
	r = syscall4(SYS_wait4, pid, (long)&status, 0, 0);
	if (r != pid)
		proc_fail("wait4-returned", r);
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != code)
		proc_fail("child-status", status);
}

/* fork, the child _exit(0)s at once, the parent waits for it. */
__attribute__((noinline)) static void op_fork_exit_wait(void)
{
	long pid = syscall0(SYS_fork);

	if (pid == 0)
		exit_group(0);
	reap(pid, 0);
}

/* The tiny program both kernels run: it exits with status 7. */
#define EXEC_PROGRAM	"/bin/exit7"
#define EXEC_STATUS	7
#define EXEC_FAILED	127

static char exec_path[] = EXEC_PROGRAM;
static char *exec_argv[] = { exec_path, 0 };
static char *exec_envp[] = { 0 };

/* fork, the child execve()s /bin/exit7, the parent waits for its 7. */
__attribute__((noinline)) static void op_fork_exec_wait(void)
{
	long pid = syscall0(SYS_fork);

	if (pid == 0) {
		syscall3(SYS_execve, (long)exec_path, (long)exec_argv,
			 (long)exec_envp);
		exit_group(EXEC_FAILED);
	}
	reap(pid, EXEC_STATUS);
}

/* ---- Measuring ------------------------------------------------------ */

static unsigned long iters = 10000;
static int reps = 9;
static long base;	/* empty loop's minimum, ticks x 100 per iteration */

__attribute__((noinline)) static unsigned long time_loop(op_fn fn)
{
	unsigned long t0, i;

	t0 = tsc_begin();
	for (i = 0; i < iters; i++)
		fn();
	return tsc_end() - t0;
}

static void sort(long *v, int n)
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
static void measure(op_fn fn, long *per_iter)
{
	int r;

	for (r = 0; r < reps; r++)
		per_iter[r] = (long)(time_loop(fn) * 100 / iters);
	sort(per_iter, reps);
}

/* x / 100 rounded to the nearest integer, for either sign. */
static long hundredths_round(long x)
{
	return x >= 0 ? (x + 50) / 100 : -((-x + 50) / 100);
}

static void report(const char *name, long min100, long median100)
{
	uprintf("bench: op=%s min=%ld median=%ld unit=tsc\n", name,
		hundredths_round(min100), hundredths_round(median100));
}

static void report_na(const char *name, const char *why, long value)
{
	uprintf("bench: op=%s min=n/a median=n/a unit=tsc note=%s:%ld\n",
		name, why, value);
}

/*
 * The empty loop, printed as a row of its own. Its minimum is the loop's
 * real overhead (anything more was an interruption), so that is what is
 * subtracted from both the minimum and the median of every operation.
 */
static void bench_baseline(void)
{
	long v[MAX_REPS];

	measure(op_empty, v);
	base = v[0];
	uprintf("bench: op=empty_loop min=%ld median=%ld unit=tsc\n",
		hundredths_round(v[0]), hundredths_round(v[reps / 2]));
}

static long yield_alone;	/* the sched_yield row's median, ticks x 100 */

static void bench_op(const char *name, op_fn fn)
{
	long v[MAX_REPS];

	measure(fn, v);
	report(name, v[0] - base, v[reps / 2] - base);
	if (fn == op_sched_yield)
		yield_alone = v[reps / 2] - base;
}

/*
 * A process row: the same loop, with fewer iterations (one fork costs as
 * much as thousands of getpids), then a check that every child did what
 * it should; n/a with the first failure otherwise.
 */
static void bench_proc_op(const char *name, op_fn fn, unsigned long n)
{
	unsigned long saved = iters;
	long v[MAX_REPS];

	fn();				/* once untimed: fails early, warms up */
	if (!proc_error_what) {
		iters = n;
		measure(fn, v);
		iters = saved;
	}
	if (proc_error_what) {
		report_na(name, proc_error_what, proc_error);
		proc_error_what = 0;
		return;
	}
	report(name, v[0] - base, v[reps / 2] - base);
}

/*
 * The context switch. A child yields in a loop for ever; the parent times
 * `iters` of its own sched_yield calls. With two runnable processes on one
 * CPU each yield hands the CPU to the other one, so every parent iteration
 * is two switches: the parent's yield to the child, the child's back. The
 * row is the time per switch: one sched_yield entry, the scheduler, the
 * switch and the other process's return to ring 3 (and half of each
 * process's loop). With the other process not there, sched_yield returns
 * at once: the sched_yield row above. A yield that switches does all of
 * that and more, so a figure per switch below that row's means the yields
 * did not switch, and the row says n/a.
 *
 * Before the timing, YIELD_WARMUP untimed yields. Linux's CFS places a
 * new child a time slice behind (START_DEBIT: its virtual run time starts
 * ahead), and sched_yield switches to it only once the parent's own has
 * caught up: for the first few milliseconds of guest time the parent's
 * yields return to the parent (in quick mode that was the whole row).
 * 20000 yields are some 16 ms of guest time on Linux, ~4 on anvil, whose
 * round robin switches from the first yield. The child is killed and
 * reaped at the end.
 */
#define YIELD_WARMUP	20000
static void bench_context_switch(void)
{
	long v[MAX_REPS], pid, r, i;
	int status = 0;

	pid = syscall0(SYS_fork);
	if (pid == 0)
		for (;;)
			syscall0(SYS_sched_yield);
	if (pid < 0) {
		report_na("context_switch", "fork-returned", pid);
		return;
	}
	for (i = 0; i < YIELD_WARMUP; i++)
		syscall0(SYS_sched_yield);
	measure(op_sched_yield, v);
	syscall2(SYS_kill, pid, SIGKILL);
	r = syscall4(SYS_wait4, pid, (long)&status, 0, 0);
	if (r != pid || !WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL) {
		report_na("context_switch", "wait4-after-kill", r != pid ? r : status);
		return;
	}
	/* Per switch: half an iteration; the empty loop's minimum goes too. */
	if ((v[reps / 2] - base) / 2 < yield_alone) {
		report_na("context_switch", "yields-did-not-switch",
			  hundredths_round((v[reps / 2] - base) / 2));
		return;
	}
	report("context_switch", (v[0] - base) / 2, (v[reps / 2] - base) / 2);
}

/*
 * The pipe round trip: one byte to a child through one pipe, one byte
 * back through another. The child loops on read and write until its read
 * sees end of file; the parent's op writes a byte and reads the answer,
 * so one iteration is two writes, two reads, two wake-ups and two
 * switches (Linux 6.1: 10,314 instructions). Closing the parent's write
 * end ends the child, which is reaped and must exit 0.
 */
#define SYS_pipe	22
static int ping[2] = { -1, -1 }, pong[2] = { -1, -1 };

__attribute__((noinline)) static void op_pipe_round_trip(void)
{
	char c = 'p';
	long r = syscall3(SYS_write, ping[1], (long)&c, 1);
	if (r != 1)
		proc_fail("pipe-write", r);
	else if ((r = syscall3(SYS_read, pong[0], (long)&c, 1)) != 1)
		proc_fail("pipe-read", r);
}

static void bench_pipe_round_trip(void)
{
	long r = syscall1(SYS_pipe, (long)ping), pid;
	char c;

	if (r == 0)
		r = syscall1(SYS_pipe, (long)pong);
	if (r != 0) {
		report_na("pipe_round_trip", "pipe-returned", r);
		return;
	}
	pid = syscall0(SYS_fork);
	if (pid == 0) {
		close(ping[1]);
		close(pong[0]);
		while (syscall3(SYS_read, ping[0], (long)&c, 1) == 1)
			if (syscall3(SYS_write, pong[1], (long)&c, 1) != 1)
				exit(1);
		exit(0);
	}
	close(ping[0]);
	close(pong[1]);
	if (pid < 0) {
		report_na("pipe_round_trip", "fork-returned", pid);
	} else {
		bench_proc_op("pipe_round_trip", op_pipe_round_trip, iters == 100 ? 100 : 2000);
		close(ping[1]);		/* the child sees EOF and exits 0 */
		reap(pid, 0);
		if (proc_error_what) {
			report_na("pipe_round_trip_end", proc_error_what, proc_error);
			proc_error_what = 0;
		}
	}
	close(pong[0]);
}

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

static void bench_page_fault(void)
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

/* ---- Set-up and the run --------------------------------------------- */

/*
 * TSC ticks per millisecond, timed against CLOCK_MONOTONIC over ~10 ms;
 * tools/bench.py uses it to turn ticks into ns in wall-clock mode.
 * 0 if the clock fails or does not reach 10 ms within a million reads.
 */
static long tsc_khz(void)
{
	struct timespec a, b;
	unsigned long t0, t1;
	long ns = 0, tries;

	if (syscall2(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&a) != 0)
		return 0;
	t0 = tsc_begin();
	for (tries = 0; ns < 10000000L; tries++) {
		if (tries == 1000000 ||
		    syscall2(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&b) != 0)
			return 0;
		ns = (b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec);
	}
	t1 = tsc_end();
	return (long)((t1 - t0) * 1000000UL / (unsigned long)ns);
}

static int is_linux(const struct utsname *u)
{
	return strcmp(u->sysname, "Linux") == 0;
}

int main(int argc, char **argv)
{
	static struct utsname uts;
	long pid, r;
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "quick") == 0) {
			iters = 100;
			reps = 3;
		}
	detect_rdtscp();
	if (syscall1(SYS_uname, (long)&uts) != 0)
		memcpy(uts.sysname, "unknown", 8);

	uprintf("bench: kernel=%s release=%s mode=%s iters=%lu reps=%d unit=tsc rdtscp=%d\n",
		uts.sysname, uts.release, iters == 100 ? "quick" : "full",
		iters, reps, have_rdtscp);
	uprintf("bench: tsc_khz=%ld\n", tsc_khz());

	bench_baseline();
	pid = syscall0(SYS_getpid);
	bench_op("getpid_syscall", op_getpid_syscall);

	/* int $0x80 must give the same answer, or it is not getpid there. */
	r = int80_syscall0(SYS32_getpid);
	if (r == pid)
		bench_op("getpid_int80", op_getpid_int80);
	else
		report_na("getpid_int80", "int80-getpid-returned", r);

	r = syscall0(SYS_sched_yield);
	if (r == 0)
		bench_op("sched_yield", op_sched_yield);
	else
		report_na("sched_yield", "returned", r);

	r = syscall2(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts);
	if (r == 0)
		bench_op("clock_gettime", op_clock_gettime);
	else
		report_na("clock_gettime", "returned", r);

	null_fd = open("/dev/null", O_WRONLY);
	if (null_fd >= 0 && (r = syscall3(SYS_write, null_fd, (long)&one_byte, 1)) == 1)
		bench_op("write_devnull", op_write_null);
	else
		report_na("write_devnull", null_fd < 0 ? "open-failed" : "write-returned",
			  null_fd < 0 ? null_fd : r);

	r = syscall1(SYS_brk, 0);
	if (r > 0)
		bench_op("brk0", op_brk0);
	else
		report_na("brk0", "returned", r);

	/*
	 * The process rows before the page-fault row: that one grows the
	 * heap by megabytes, which every fork would then have to copy the
	 * page tables of and every exit tear down. Here the process is the
	 * bench's few pages, as small as a process gets.
	 */
	bench_proc_op("fork_exit_wait", op_fork_exit_wait, iters == 100 ? 4 : 100);
	bench_proc_op("fork_exec_wait", op_fork_exec_wait, iters == 100 ? 4 : 100);
	bench_context_switch();
	bench_pipe_round_trip();

	bench_page_fault();
	uprintf("bench: done\n");

	/* As Linux's init (PID 1) there is nothing to return to: power off. */
	if (pid == 1 && is_linux(&uts))
		syscall4(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
			 LINUX_REBOOT_CMD_POWER_OFF, 0);
	return 0;
}
