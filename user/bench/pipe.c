/* The pipe round trip (user/bench/bench.h). */
#include "bench.h"

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

void bench_pipe_round_trip(void)
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
