/* The signal row (user/bench/bench.h): a signal sent to oneself. */
#include "bench.h"

/* Not in user/lib/syscall.h: only this row uses them (Linux arch/x86/
 * entry/syscalls/syscall_64.tbl). */
#define SYS_rt_sigaction	13
#define SYS_rt_sigreturn	15

/* rt_sigaction's struct as the x86-64 kernel takes it (Linux arch/x86/
 * include/uapi/asm/signal.h; a C library's own sigaction differs). */
struct kernel_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;	/* 8 bytes: rt_sigaction's sigsetsize */
};
#define SA_RESTORER	0x04000000UL

/*
 * Where the handler's `ret` goes: rt_sigreturn, which loads back every
 * register the signal frame saved. What a C library's __restore_rt is
 * (musl src/signal/x86_64/restore.s): two instructions, no stack frame of
 * its own -- RSP must still point just above the frame's pretcode when
 * the system call runs, so this cannot be a C function with a prologue.
 */
void bench_restore_rt(void);
__asm__(".text\n"
	".globl bench_restore_rt\n"
	"bench_restore_rt:\n\t"
	"mov $15, %eax\n\t"	/* SYS_rt_sigreturn */
	"syscall\n");
_Static_assert(SYS_rt_sigreturn == 15, "bench_restore_rt's number");

static volatile unsigned long handled;	/* handler runs, checked after */

static void on_usr1(int sig)
{
	(void)sig;
	handled++;
}

/*
 * kill(getpid(), SIGUSR1), the way raise() was once written: the kernel
 * queues the signal, sees it on the way back from kill, writes the
 * signal frame on the stack and enters the handler, whose return runs
 * rt_sigreturn back to here.
 */
__attribute__((noinline)) static void op_signal_self(void)
{
	syscall2(SYS_kill, syscall0(SYS_getpid), SIGUSR1);
}

void bench_signal_self(void)
{
	struct kernel_sigaction sa = { .handler = on_usr1, .flags = SA_RESTORER,
				       .restorer = bench_restore_rt };
	long r = syscall4(SYS_rt_sigaction, SIGUSR1, (long)&sa, 0, 8);
	unsigned long want;
	long v[MAX_REPS];

	if (r != 0) {
		report_na("signal_self", "rt_sigaction-returned", r);
		return;
	}
	op_signal_self();		/* once untimed: fails early */
	if (handled != 1) {
		report_na("signal_self", "handler-runs", (long)handled);
		return;
	}
	want = handled + iters * (unsigned long)reps;
	measure(op_signal_self, v);
	if (handled != want) {
		report_na("signal_self", "handler-missed", (long)(want - handled));
		return;
	}
	report("signal_self", v[0] - base, v[reps / 2] - base);
}
