/*
 * Limits and accounting: getrlimit, setrlimit, prlimit64, getrusage,
 * times, sysinfo, sched_getaffinity.  The limits honoured today:
 * RLIMIT_STACK (how far the stack may grow, process_fault_in),
 * RLIMIT_NPROC (fork's -EAGAIN) and RLIMIT_NOFILE (the lowest free
 * descriptor must lie below it).  Every uid is 0 and anvil has no
 * capabilities, so raising a hard limit is allowed, as for Linux's root
 * -- and, unlike Linux's root, RLIMIT_NPROC binds uid 0 too.
 */
#include "kernel/errno.h"
#include "kernel/mm/pmm.h"
#include "kernel/process.h"
#include "kernel/syscall.h"
#include "kernel/timer.h"
#include "kernel/uaccess.h"

#define NR_OPEN		1048576		/* Linux's fs.nr_open default: NOFILE's ceiling */
#define USER_HZ		100		/* the unit of times() (AT_CLKTCK) */

/* Read (old) and/or set (new) limit res of p, as prlimit64 does.  The
 * table lock keeps p from going away. */
static long do_prlimit(int pid, unsigned res, uint64_t unew, uint64_t uold)
{
	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	struct rlimit nl;
	if (unew) {
		if (copy_from_user(&nl, unew, sizeof(nl)))
			return -EFAULT;
		if (nl.cur > nl.max)
			return -EINVAL;
		if (res == RLIMIT_NOFILE && nl.max > NR_OPEN)
			return -EPERM;
	}
	uint64_t flags = process_lock();
	struct process *p = pid ? process_find(pid) : process_current();
	if (!p || p->state == PROC_ZOMBIE) {
		process_unlock(flags);
		return -ESRCH;
	}
	struct rlimit old = p->rlim[res];
	if (unew)
		p->rlim[res] = nl;
	process_unlock(flags);
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_prlimit64(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_prlimit((int)arg[0], (unsigned)arg[1], arg[2], arg[3]);
}

long sys_getrlimit(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_prlimit(0, (unsigned)arg[0], 0, arg[1]);
}

long sys_setrlimit(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return do_prlimit(0, (unsigned)arg[0], arg[1], 0);
}

#define RUSAGE_SELF	0
#define RUSAGE_CHILDREN	(-1)
#define RUSAGE_THREAD	1

long sys_getrusage(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct process *p = process_current();
	switch ((int)arg[0]) {
	case RUSAGE_SELF:
	case RUSAGE_THREAD:
		return put_rusage(arg[1], p->utime, p->stime);
	case RUSAGE_CHILDREN:
		return put_rusage(arg[1], p->cutime, p->cstime);
	default:
		return -EINVAL;
	}
}

static uint64_t to_user_hz(uint64_t t)
{
	return t * USER_HZ / timer_hz();
}

/* times(buf): the process's and its reaped children's times in 1/100 s;
 * the result is the ticks since boot in the same unit. */
long sys_times(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct process *p = process_current();
	uint64_t tms[4] = { to_user_hz(p->utime), to_user_hz(p->stime), to_user_hz(p->cutime),
			    to_user_hz(p->cstime) };
	if (arg[0] && copy_to_user(arg[0], tms, sizeof(tms)))
		return -EFAULT;
	return (long)to_user_hz(ticks());
}

/* struct sysinfo (include/uapi/linux/sysinfo.h), 112 bytes on x86-64. */
struct sysinfo {
	int64_t uptime;
	uint64_t loads[3];
	uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	uint16_t procs, pad;
	uint32_t pad2;
	uint64_t totalhigh, freehigh;
	uint32_t mem_unit;
	char reserved[4];
};
_Static_assert(sizeof(struct sysinfo) == 112, "struct sysinfo");

long sys_sysinfo(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct sysinfo si = {
		.uptime = (int64_t)(uptime_ns() / 1000000000ULL),
		.totalram = pmm_total_frames() * PAGE_SIZE,
		.freeram = pmm_free_frames() * PAGE_SIZE,
		.procs = (uint16_t)process_count(),
		.mem_unit = 1,
	};
	return copy_to_user(arg[0], &si, sizeof(si)) ? -EFAULT : 0;
}

/* sched_getaffinity(pid, len, mask): one CPU, so CPU 0's bit, in one
 * long; the result is the bytes written (Linux's cpumask_size()). */
long sys_sched_getaffinity(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	int pid = (int)arg[0];
	uint64_t len = arg[1];
	if (len < sizeof(uint64_t) || len % sizeof(uint64_t))
		return -EINVAL;
	uint64_t flags = process_lock();
	bool found = pid == 0 || process_find(pid) != NULL;
	process_unlock(flags);
	if (!found)
		return -ESRCH;
	uint64_t mask = 1;
	if (copy_to_user(arg[2], &mask, sizeof(mask)))
		return -EFAULT;
	return sizeof(mask);
}
