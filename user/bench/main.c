/* The run: the header lines, then every row (user/bench/bench.h). */
#include "bench.h"

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

#define MAX_LIBC_PROGS	4

int main(int argc, char **argv)
{
	static struct utsname uts;
	static char *libc_progs[MAX_LIBC_PROGS];
	int i, n_libc = 0;
	long pid;

	/* quick, and the libc programs to run (libc.c): absolute paths. */
	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "quick") == 0)
			quick_mode();
		else if (argv[i][0] == '/' && n_libc < MAX_LIBC_PROGS)
			libc_progs[n_libc++] = argv[i];
	detect_rdtscp();
	if (syscall1(SYS_uname, (long)&uts) != 0)
		memcpy(uts.sysname, "unknown", 8);

	uprintf("bench: kernel=%s release=%s mode=%s iters=%lu reps=%d unit=tsc rdtscp=%d\n",
		uts.sysname, uts.release, quick ? "quick" : "full",
		iters, reps, have_rdtscp);
	uprintf("bench: tsc_khz=%ld\n", tsc_khz());

	bench_baseline();
	pid = syscall0(SYS_getpid);
	bench_syscalls(pid);
	bench_vdso();
	bench_libc(libc_progs, n_libc);

	/*
	 * The process rows before the page-fault row: that one grows the
	 * heap by megabytes, which every fork would then have to copy the
	 * page tables of and every exit tear down. Here the process is the
	 * bench's few pages, as small as a process gets.
	 */
	bench_processes();
	bench_pipe_round_trip();
	bench_files();

	bench_page_fault();
	bench_mmap_touch();
	/* Last: the handler it installs stays, and fork copies the actions. */
	bench_signal_self();
	uprintf("bench: done\n");

	/* As Linux's init (PID 1) there is nothing to return to: power off. */
	if (pid == 1 && is_linux(&uts))
		syscall4(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
			 LINUX_REBOOT_CMD_POWER_OFF, 0);
	return 0;
}

