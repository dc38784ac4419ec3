/*
 * The vDSO: the code every process finds at AT_SYSINFO_EHDR, a small
 * shared object the kernel maps into it at exec (kernel/vdso.c,
 * docs/vdso.md).  unmodified glibc and musl look these functions up by
 * name and version (LINUX_2.6, vdso.lds) and call them instead of making
 * the system call: they read the clock from the vvar page the kernel
 * keeps one page below this code (arch/x86_64/vdso/vvar.h), and the TSC.
 *
 * Built -fPIC -nostdlib with its own linker script (user/vdso/vdso.mk):
 * no relocations, no data of its own, nothing but code and the ELF
 * tables a dynamic linker reads.  Linux's is arch/x86/entry/vdso/ and
 * lib/vdso/gettimeofday.c; the functions here match their behaviour.
 */
#include <stddef.h>
#include "arch/x86_64/vdso/vvar.h"
#include "arch/x86_64/vdso/vdso_syscall.h"

/* The vvar page: the linker script puts the symbol one page below the
 * image, so this is a RIP-relative address fixed at link time.  Not
 * const, although the page is read-only: the kernel changes it, and gcc
 * may assume a const object never changes, and hoist its loads out of
 * the seqlock loop whatever the barriers say. */
extern struct vvar vvar_page __attribute__((visibility("hidden")));

/* Linux include/uapi/linux/time.h and asm/unistd_64.h */
#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define CLOCK_MONOTONIC_RAW	4
#define CLOCK_REALTIME_COARSE	5
#define CLOCK_MONOTONIC_COARSE	6
#define CLOCK_BOOTTIME		7
#define NR_gettimeofday		96
#define NR_time			201
#define NR_clock_gettime	228
#define NR_clock_getres		229
#define NR_getcpu		309

struct timespec {
	long tv_sec, tv_nsec;
};
struct timeval {
	long tv_sec, tv_usec;
};
struct timezone {
	int tz_minuteswest, tz_dsttime;
};

/* The clocks read from the TSC, and those that are a base alone
 * (Linux's VDSO_HRES and VDSO_COARSE). */
#define HRES_CLOCKS	(1u << CLOCK_REALTIME | 1u << CLOCK_MONOTONIC | \
			 1u << CLOCK_MONOTONIC_RAW | 1u << CLOCK_BOOTTIME)
#define COARSE_CLOCKS	(1u << CLOCK_REALTIME_COARSE | 1u << CLOCK_MONOTONIC_COARSE)
#define REAL_CLOCKS	(1u << CLOCK_REALTIME | 1u << CLOCK_REALTIME_COARSE)

/* The clocks other than the two fast ones: CLOCK_MONOTONIC_RAW and
 * CLOCK_BOOTTIME from the TSC, the _COARSE clocks from the base alone,
 * the rest (and every TSC clock when the TSC is not trusted) by the
 * system call.  Out of line: it keeps the fast path's registers free. */
static int clock_gettime_other(int clock, struct timespec *ts) __attribute__((noinline));
static int clock_gettime_other(int clock, struct timespec *ts)
{
	const struct vvar *v = &vvar_page;
	unsigned bit = (unsigned)clock < 32 ? 1u << clock : 0;
	unsigned base = bit & REAL_CLOCKS ? VCLOCK_REAL : VCLOCK_MONO;
	struct vclock_time t;
	if ((bit & HRES_CLOCKS) && v->clock_mode == VCLOCK_TSC)
		t = vclock_read(v, base);
	else if (bit & COARSE_CLOCKS)
		t = vclock_read_coarse(v, base);
	else
		return (int)vdso_syscall3(NR_clock_gettime, clock, (long)ts, 0);
	ts->tv_sec = t.sec;
	ts->tv_nsec = (long)t.nsec;
	return 0;
}

/* Base b's time from the TSC into *ts.  b is a constant at each call, so
 * every load of the page is one RIP-relative operand: no register holds
 * the page's address or the base's. */
static inline int clock_gettime_tsc(unsigned b, struct timespec *ts)
	__attribute__((always_inline));
static inline int clock_gettime_tsc(unsigned b, struct timespec *ts)
{
	struct vclock_time t = vclock_read(&vvar_page, b);
	ts->tv_sec = t.sec;
	ts->tv_nsec = (long)t.nsec;
	return 0;
}

int __vdso_clock_gettime(int clock, struct timespec *ts)
{
	/* The common cases first, each with its own copy of the reader:
	 * CLOCK_MONOTONIC, then CLOCK_REALTIME.  vvar.tsc_clock holds their
	 * numbers when the TSC is to be read, else no clock's: one compare
	 * tests the clock and the mode (vvar.h). */
	if (clock == vvar_page.tsc_clock[VCLOCK_MONO])
		return clock_gettime_tsc(VCLOCK_MONO, ts);
	if (clock == vvar_page.tsc_clock[VCLOCK_REAL])
		return clock_gettime_tsc(VCLOCK_REAL, ts);
	return clock_gettime_other(clock, ts);
}

int __vdso_gettimeofday(struct timeval *tv, struct timezone *tz)
{
	if (tv) {
		if (vvar_page.clock_mode != VCLOCK_TSC)
			return (int)vdso_syscall3(NR_gettimeofday, (long)tv, (long)tz, 0);
		struct vclock_time t = vclock_read(&vvar_page, VCLOCK_REAL);
		tv->tv_sec = t.sec;
		tv->tv_usec = (long)(t.nsec / 1000);
	}
	if (tz) {		/* Linux's sys_tz, never set here: UTC */
		tz->tz_minuteswest = 0;
		tz->tz_dsttime = 0;
	}
	return 0;
}

/* The seconds of the last tick, one load, no seqlock: an aligned 64-bit
 * load is atomic (SDM Vol. 3A §9.1.1), as Linux's __cvdso_time. */
long __vdso_time(long *t)
{
	long secs = *(const volatile int64_t *)&vvar_page.base[VCLOCK_REAL].sec;
	if (t)
		*t = secs;
	return secs;
}

int __vdso_clock_getres(int clock, struct timespec *res)
{
	unsigned bit = (unsigned)clock < 32 ? 1u << clock : 0;
	long ns;
	if (bit & HRES_CLOCKS)
		ns = 1;		/* Linux's hrtimer_resolution */
	else if (bit & COARSE_CLOCKS)
		ns = vvar_page.coarse_res_ns;	/* a tick: LOW_RES_NSEC */
	else
		return (int)vdso_syscall3(NR_clock_getres, clock, (long)res, 0);
	if (res) {
		res->tv_sec = 0;
		res->tv_nsec = ns;
	}
	return 0;
}

/* getcpu(cpu, node, cache): IA32_TSC_AUX holds node << 12 | cpu, as
 * Linux sets it (arch/x86/kernel/cpu/common.c setup_getcpu). */
int __vdso_getcpu(unsigned *cpu, unsigned *node, void *cache)
{
	uint32_t aux;
	switch (vvar_page.getcpu_mode) {
	case VGETCPU_RDPID:
		aux = (uint32_t)rdpid();
		break;
	case VGETCPU_RDTSCP:
		rdtscp(&aux);
		break;
	default:
		return (int)vdso_syscall3(NR_getcpu, (long)cpu, (long)node, (long)cache);
	}
	if (cpu)
		*cpu = aux & 0xfff;
	if (node)
		*node = aux >> 12;
	return 0;
}

/* The names without __vdso_, as Linux's vDSO exports them too. */
int clock_gettime(int, struct timespec *) __attribute__((weak, alias("__vdso_clock_gettime")));
int gettimeofday(struct timeval *, struct timezone *)
	__attribute__((weak, alias("__vdso_gettimeofday")));
long time(long *) __attribute__((weak, alias("__vdso_time")));
int clock_getres(int, struct timespec *) __attribute__((weak, alias("__vdso_clock_getres")));
int getcpu(unsigned *, unsigned *, void *) __attribute__((weak, alias("__vdso_getcpu")));
