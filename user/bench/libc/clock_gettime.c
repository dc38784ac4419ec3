/*
 * clock_gettime(CLOCK_MONOTONIC) through a real C library: a static
 * program built with musl (clock_gettime.musl) and with glibc
 * (clock_gettime.glibc) by user/bench/libc.mk, which the bench runs
 * (user/bench/libc.c) on anvil and on Linux.  The call is the library's
 * own clock_gettime: musl's loads its vDSO pointer and calls it, glibc's
 * calls GLRO(dl_vdso_clock_gettime64); either checks the result and
 * falls back to the system call.  So this row is the vDSO row (the bare
 * call through the pointer, user/bench/vdso.c) plus the wrapper.
 *
 * The timing is the bench's own: measure.c is compiled into this program
 * (the same loop, the same empty-loop subtraction); its one line goes to
 * the bench's output, named after this program's file ("row_name").
 * No header lines: those are the bench's.
 */
#include <string.h>
#include <time.h>
#include "bench.h"

static struct timespec ts;

__attribute__((noinline)) static void op_clock_gettime(void)
{
	clock_gettime(CLOCK_MONOTONIC, &ts);
}

int main(int argc, char **argv)
{
	char name[64];
	int r;

	row_name(argv[0], name, sizeof(name));
	if (argc > 1 && strcmp(argv[1], "quick") == 0)
		quick_mode();
	detect_rdtscp();
	measure_baseline();
	r = clock_gettime(CLOCK_MONOTONIC, &ts);
	if (r == 0)
		bench_op(name, op_clock_gettime);
	else
		report_na(name, "returned", r);
	return 0;
}
