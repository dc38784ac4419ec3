/*
 * The vvar page: the clock's numbers, written by the kernel and read by
 * the vDSO in every process (docs/vdso.md).  One 4 KiB frame, mapped
 * read-only just below the vDSO's code; the kernel writes it through the
 * direct map (kernel/vdso.c, kernel/timer.c).
 *
 * The clock is one straight line through the TSC (Linux's timekeeping
 * does the same, kernel/time/vsyscall.c update_vsyscall and
 * lib/vdso/gettimeofday.c do_hres):
 *
 *	time = base + (TSC - tsc_base) * mult >> shift
 *
 * with base kept as whole seconds and "shifted" nanoseconds (ns << shift,
 * the fraction of a nanosecond kept), so that moving the base to the TSC
 * of each tick (vclock_rebase) moves along the same line exactly: no
 * rounding at a tick, and a reader that took the old base and a later TSC
 * gets the same time as one that took the new base.
 *
 * A reader must never combine numbers from two updates (half old, half
 * new: a time that jumps by a tick), so the page has a sequence counter,
 * a seqlock (Linux include/vdso/helpers.h): the writer makes it odd, writes,
 * and makes it even again; a reader takes the counter, the numbers and
 * the TSC, and starts again if the counter was odd or has changed.  The
 * barriers it needs on x86 (SDM Vol. 3A §9.2.2 "Memory Ordering in P6 and
 * More Recent Processor Families": loads are not reordered with other
 * loads, stores not with other stores) are only the compiler's:
 * barrier(), which stops gcc moving the accesses across it.  The TSC read
 * is not a load, so it is fenced (rdtsc_ordered).
 */
#ifndef ANVIL_ARCH_VDSO_VVAR_H
#define ANVIL_ARCH_VDSO_VVAR_H

#include <stdbool.h>
#include <stdint.h>
#include "arch/x86_64/insn/barrier.h"
#include "arch/x86_64/insn/tsc.h"

/* vvar.clock_mode (Linux's vdso_clock_mode, include/vdso/clocksource.h) */
#define VCLOCK_NONE	0	/* the vDSO makes the system call */
#define VCLOCK_TSC	1	/* the vDSO reads the TSC */

/* vvar.getcpu_mode: how the vDSO's getcpu finds the CPU number. */
#define VGETCPU_SYSCALL	0
#define VGETCPU_RDTSCP	1	/* IA32_TSC_AUX through rdtscp */
#define VGETCPU_RDPID	2	/* IA32_TSC_AUX through rdpid */

/* The bases, numbered as their clocks, CLOCK_REALTIME (0) and
 * CLOCK_MONOTONIC (1), so that the vDSO's fast path indexes by the clock. */
#define VCLOCK_REAL	0	/* CLOCK_REALTIME, _COARSE: since 1970 */
#define VCLOCK_MONO	1	/* CLOCK_MONOTONIC, _RAW, _COARSE, BOOTTIME: since boot */
#define VCLOCK_BASES	2
#define VCLOCK_NO_CLOCK	(-1)	/* vvar.tsc_clock: no clock id is -1 */

#define VCLOCK_NSEC_PER_SEC	1000000000ULL

/* The shift is a constant, not a vvar field as Linux's: the kernel and
 * the vDSO are built from the same tree, and a shift by a variable of a
 * 128-bit product costs four instructions (shrd, shr, test, cmov) where
 * a constant 32 is one shrd.  2^32 * 10^9 / rate keeps 10 significant
 * digits for any TSC from 1 MHz up. */
#define VCLOCK_SHIFT	32

struct vclock_base {
	int64_t sec;
	uint64_t snsec;		/* nanoseconds << VCLOCK_SHIFT, < 10^9 << VCLOCK_SHIFT */
};

struct vvar {
	uint32_t seq;		/* odd while the kernel writes */
	uint32_t clock_mode;	/* VCLOCK_* */
	uint64_t tsc_base;	/* the TSC at the last update (Linux's cycle_last) */
	uint64_t mult;		/* ns per TSC tick << VCLOCK_SHIFT */
	uint32_t getcpu_mode;	/* VGETCPU_* */
	uint32_t coarse_res_ns;	/* one tick: clock_getres of the _COARSE clocks */
	struct vclock_base base[VCLOCK_BASES];	/* at tsc_base */
	/* The clock the vDSO reads from base b and the TSC with its first
	 * test (CLOCK_REALTIME, CLOCK_MONOTONIC: b's own number) when
	 * clock_mode is VCLOCK_TSC, else VCLOCK_NO_CLOCK: one compare of
	 * the caller's clock against it is the clock's test and the mode's. */
	int32_t tsc_clock[VCLOCK_BASES];
};

struct vclock_time {
	int64_t sec;
	uint64_t nsec;
};

/* The reader's side of the seqlock: the counter, read once (volatile),
 * with its low bit cleared.  An odd counter (the kernel is writing) then
 * cannot equal the counter at vvar_read_retry, which is at least the odd
 * value: the reader goes round again instead of waiting here first, one
 * instruction (an and) where a wait costs two (Linux's raw_seqcount_begin,
 * include/linux/seqlock.h).  barrier() keeps the compiler from reading
 * the numbers before the counter. */
static inline uint32_t vvar_read_begin(const struct vvar *v)
{
	uint32_t seq = *(const volatile uint32_t *)&v->seq & ~1u;
	barrier();
	return seq;
}

/* True when the numbers just read may be torn: read them again. */
static inline bool vvar_read_retry(const struct vvar *v, uint32_t seq)
{
	barrier();
	return *(const volatile uint32_t *)&v->seq != seq;
}

/* The writer's side (interrupts off, so no reader on this CPU can run
 * until vvar_write_end). */
static inline void vvar_write_begin(struct vvar *v)
{
	*(volatile uint32_t *)&v->seq = v->seq + 1;	/* odd */
	barrier();
}

static inline void vvar_write_end(struct vvar *v)
{
	barrier();
	*(volatile uint32_t *)&v->seq = v->seq + 1;	/* even */
}

/* Base b's time now: the same code in the kernel (clock_gettime,
 * uptime_ns) and in the vDSO, so the two always agree. */
static inline struct vclock_time vclock_read(const struct vvar *v, unsigned b)
{
	uint32_t seq;
	int64_t sec;
	uint64_t ns;
	do {
		seq = vvar_read_begin(v);
		/* No clamp of a TSC below tsc_base, as Linux's x86 vDSO
		 * (vdso_calc_delta): the fenced read comes after the
		 * base's, and there is one TSC. */
		uint64_t delta = rdtsc_ordered() - v->tsc_base;
		/* delta taken here, inside the loop, not after it
		 * (value_barrier emits nothing; gcc must have delta before
		 * the counter's second read): the TSC's two halves and
		 * tsc_base then become one register at once.  Left to itself
		 * gcc keeps all three until the loop ends, and runs out of
		 * caller-saved registers (a push and a pop in the vDSO). */
		delta = value_barrier(delta);
		unsigned __int128 x = (unsigned __int128)delta * v->mult + v->base[b].snsec;
		ns = (uint64_t)(x >> VCLOCK_SHIFT);
		sec = v->base[b].sec;
	} while (vvar_read_retry(v, seq));
	/* ns is under a second plus the time since the last tick: this
	 * loop runs once, rarely twice (Linux's __iter_div_u64_rem). */
	while (ns >= VCLOCK_NSEC_PER_SEC) {
		ns -= VCLOCK_NSEC_PER_SEC;
		sec++;
	}
	return (struct vclock_time){ sec, ns };
}

/* The base itself: the time of the last tick, no TSC (the _COARSE clocks). */
static inline struct vclock_time vclock_read_coarse(const struct vvar *v, unsigned b)
{
	uint32_t seq;
	struct vclock_time t;
	do {
		seq = vvar_read_begin(v);
		t.sec = v->base[b].sec;
		t.nsec = v->base[b].snsec >> VCLOCK_SHIFT;
	} while (vvar_read_retry(v, seq));
	return t;
}

#endif
