/* The boot's cost in TSC ticks (kernel/boot_cost.h). */
#include "kernel/boot_cost.h"
#include <stdbool.h>
#include "arch/x86_64/insn/tsc.h"
#include "kernel/printf.h"
#include "kernel/timer.h"

void boot_cost_ring3(void)
{
	static bool done;

	if (done)
		return;
	uint64_t ticks = rdtsc() - boot_tsc_start;
	done = true;
	/* The print itself comes after the reading: it is not counted. */
	uint64_t hz = tsc_hz();
	uint64_t us = hz ? ticks * 1000000 / hz : 0;
	kprintf("boot: %lu TSC ticks from the first instruction to ring 3 (%lu.%03lu ms at %lu kHz)\n",
		(unsigned long)ticks, (unsigned long)(us / 1000), (unsigned long)(us % 1000),
		(unsigned long)(hz / 1000));
}
