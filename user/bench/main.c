/*
 * bench - what does a system call cost? One static Linux-ABI program that
 * runs unchanged on anvil and on Linux, timing the cheapest kernel entries.
 *
 *	bench          full run
 *	bench quick    a few iterations: only checks that every row comes out
 *
 * Besides the system calls, three process rows: fork + _exit + waitpid,
 * fork + execve of /bin/exit7 + waitpid (the program must be there: a
 * file in anvil's root, a file in the Linux initramfs), and a context switch
 * between two processes that hand the CPU back and forth with sched_yield;
 * three file rows: open + close, stat and a 4 KiB pread of a /tmp file.
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
#include "bench.h"

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
	long pid;
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
	bench_syscalls(pid);
	bench_processes();
	bench_files();
	bench_page_fault();
	uprintf("bench: done\n");

	/* As Linux's init (PID 1) there is nothing to return to: power off. */
	if (pid == 1 && is_linux(&uts))
		syscall4(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
			 LINUX_REBOOT_CMD_POWER_OFF, 0);
	return 0;
}
