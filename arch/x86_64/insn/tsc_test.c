/* The time-stamp counter wrappers. */
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/insn/msr.h"
#include "arch/x86_64/insn/tsc.h"
#include "kernel/ktest.h"

/* A loop the compiler cannot remove: the asm in pause() is volatile. */
static void busy(int n)
{
	for (int i = 0; i < n; i++)
		pause();
}

KTEST(tsc, rdtsc_strictly_increases)
{
	uint64_t prev = rdtsc();
	for (int round = 0; round < 100; round++) {
		busy(100);
		uint64_t now = rdtsc();
		if (!KEXPECT_GT(now, prev))
			return;
		prev = now;
	}
}

KTEST(tsc, rdtscp_reads_tsc_and_tsc_aux)
{
	if (!cpu_has(CPU_FEATURE_RDTSCP))
		KTEST_SKIP("CPU has no RDTSCP");
	uint64_t saved = rdmsr(MSR_TSC_AUX);
	wrmsr(MSR_TSC_AUX, 0x2a);
	uint32_t aux = 0;
	uint64_t before = rdtsc();
	uint64_t t = rdtscp(&aux);
	uint64_t after = rdtsc();
	wrmsr(MSR_TSC_AUX, saved);
	KEXPECT_EQ(aux, 0x2a);
	KEXPECT_GT(t, before);
	KEXPECT_GT(after, t);
}

/* The fenced pair brackets the work: a longer section measures longer. */
KTEST(tsc, fenced_start_stop_measure_work)
{
	uint64_t t0 = tsc_start();
	uint64_t t1 = tsc_stop();
	KEXPECT_GT(t1, t0);
	uint64_t empty = t1 - t0;

	uint64_t longest_short = 0, shortest_long = UINT64_MAX;
	for (int i = 0; i < 5; i++) {
		t0 = tsc_start();
		busy(10);
		t1 = tsc_stop();
		if (t1 - t0 > longest_short)
			longest_short = t1 - t0;
		t0 = tsc_start();
		busy(100000);
		t1 = tsc_stop();
		if (t1 - t0 < shortest_long)
			shortest_long = t1 - t0;
	}
	KEXPECT_GT(shortest_long, longest_short);
	KEXPECT_GT(shortest_long, empty);
}
