/* The process rows: fork, exec, the context switch (user/bench/bench.h). */
#include "bench.h"

/*
 * The process rows. A failure is remembered in proc_error (the first
 * one), and the row says n/a instead of a figure.
 */
long proc_error;
const char *proc_error_what;

void proc_fail(const char *what, long value)
{
	if (!proc_error_what) {
		proc_error_what = what;
		proc_error = value;
	}
}

/* wait4 for `pid`, which must exit with `code`. */
void reap(long pid, int code)
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

/*
 * A process row: the same loop, with fewer iterations (one fork costs as
 * much as thousands of getpids), then a check that every child did what
 * it should; n/a with the first failure otherwise.
 */
void bench_proc_op(const char *name, op_fn fn, unsigned long n)
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


/* fork + exit + wait, fork + exec + wait, the context switch. */
void bench_processes(void)
{
	bench_proc_op("fork_exit_wait", op_fork_exit_wait, iters == 100 ? 4 : 100);
	bench_proc_op("fork_exec_wait", op_fork_exec_wait, iters == 100 ? 4 : 100);
	bench_context_switch();
}
