/*
 * /proc/PID/stat, status, statm, comm and cmdline (Linux 6.1 fs/proc/
 * array.c do_task_stat, proc_pid_status, proc_pid_statm; base.c
 * proc_pid_cmdline_read).  Fields anvil does not have are 0, as Linux
 * prints them for a task without that state.
 */
#include "kernel/addr.h"
#include "kernel/errno.h"
#include "kernel/fs/procfs/internal.h"
#include "kernel/fs/procfs/pid_snap.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/vm.h"
#include "kernel/string.h"

static struct proc_snap *snap_of(uint64_t key, int *err)
{
	struct proc_snap *s = kmalloc(sizeof(*s));
	*err = s ? proc_snap_get(key_pid(key), s) : -ENOMEM;
	if (*err) {
		kfree(s);
		return NULL;
	}
	return s;
}

/* Linux's task_state_array: the letter, and status's words. */
static const char *state_name(enum process_state st)
{
	switch (st) {
	case PROC_RUNNING:
	case PROC_RUNNABLE:
		return "R (running)";
	case PROC_SLEEPING:
		return "S (sleeping)";
	case PROC_SLEEPING_UNINT:
		return "D (disk sleep)";
	case PROC_STOPPED:
		return "T (stopped)";
	case PROC_ZOMBIE:
		return "Z (zombie)";
	}
	return "X (dead)";
}

/* The 52 fields of stat(5), in order. */
int proc_show_pid_stat(struct seq *s, uint64_t key)
{
	int err;
	struct proc_snap *p = snap_of(key, &err);
	if (!p)
		return err;
	seq_printf(s, "%d (%s) %c %d %d %d 0 -1 0 0 0 0 0 ", p->pid, p->name,
		   state_name(p->state)[0], p->ppid, p->pgid, p->sid);
	seq_printf(s, "%lu %lu %lu %lu 20 0 1 0 %lu ", (unsigned long)proc_ticks_to_clock(p->utime),
		   (unsigned long)proc_ticks_to_clock(p->stime),
		   (unsigned long)proc_ticks_to_clock(p->cutime),
		   (unsigned long)proc_ticks_to_clock(p->cstime),
		   (unsigned long)proc_ticks_to_clock(p->start_ticks));
	/* vsize rss rsslim startcode endcode startstack kstkesp kstkeip */
	seq_printf(s, "%lu %lu %lu %lu %lu 0 0 0 ", (unsigned long)p->vm_size,
		   (unsigned long)p->rss_pages, (unsigned long)p->rlim_rss,
		   (unsigned long)p->code_start, (unsigned long)p->code_end);
	/* signal blocked sigignore sigcatch wchan nswap cnswap exit_signal
	 * processor rt_priority policy delayacct_blkio_ticks guest_time
	 * cguest_time */
	seq_printf(s, "%lu 0 0 0 0 0 0 17 0 0 0 0 0 0 ", (unsigned long)p->sig_pending);
	/* start_data end_data start_brk arg_start arg_end env_start env_end
	 * exit_code */
	seq_printf(s, "%lu %lu %lu %lu %lu 0 0 %d\n", (unsigned long)p->data_start,
		   (unsigned long)p->data_end, (unsigned long)p->heap_start,
		   (unsigned long)p->arg_start, (unsigned long)p->arg_end,
		   p->state == PROC_ZOMBIE ? p->wait_status : 0);
	kfree(p);
	return 0;
}

/* "size resident shared text lib data dt", in pages. */
int proc_show_pid_statm(struct seq *s, uint64_t key)
{
	int err;
	struct proc_snap *p = snap_of(key, &err);
	if (!p)
		return err;
	seq_printf(s, "%lu %lu 0 %lu 0 %lu 0\n", (unsigned long)(p->vm_size / PAGE_SIZE),
		   (unsigned long)p->rss_pages, (unsigned long)(p->vm_exe / PAGE_SIZE),
		   (unsigned long)((p->vm_data + p->vm_stack) / PAGE_SIZE));
	kfree(p);
	return 0;
}

static void vm_line(struct seq *s, const char *label, uint64_t bytes)
{
	seq_printf(s, "%s:\t%8lu kB\n", label, (unsigned long)(bytes >> 10));
}

static void status_memory(struct seq *s, const struct proc_snap *p)
{
	uint64_t rss = p->rss_pages * PAGE_SIZE;
	vm_line(s, "VmPeak", p->vm_size);	/* no history kept: now is the peak */
	vm_line(s, "VmSize", p->vm_size);
	vm_line(s, "VmLck", 0);
	vm_line(s, "VmPin", 0);
	vm_line(s, "VmHWM", rss);
	vm_line(s, "VmRSS", rss);
	vm_line(s, "RssAnon", rss);
	vm_line(s, "RssFile", 0);
	vm_line(s, "RssShmem", 0);
	vm_line(s, "VmData", p->vm_data);
	vm_line(s, "VmStk", p->vm_stack);
	vm_line(s, "VmExe", p->vm_exe);
	vm_line(s, "VmLib", 0);
	vm_line(s, "VmPTE", 0);
	vm_line(s, "VmSwap", 0);
	vm_line(s, "HugetlbPages", 0);
}

int proc_show_pid_status(struct seq *s, uint64_t key)
{
	int err;
	struct proc_snap *p = snap_of(key, &err);
	if (!p)
		return err;
	seq_printf(s, "Name:\t%s\nUmask:\t0%u%u%u\nState:\t%s\n", p->name, p->umask >> 6 & 7,
		   p->umask >> 3 & 7, p->umask & 7, state_name(p->state));
	seq_printf(s, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n", p->pid, p->pid,
		   p->ppid);
	seq_printf(s, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n", p->uid, p->euid, p->euid,
		   p->euid, p->gid, p->egid, p->egid, p->egid);
	seq_printf(s, "FDSize:\t%u\nGroups:\t \n", p->fd_size);
	seq_printf(s, "NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n", p->pid, p->pid, p->pgid,
		   p->sid);
	if (p->has_mm)
		status_memory(s, p);
	seq_printf(s, "CoreDumping:\t0\nTHP_enabled:\t0\nThreads:\t1\n");
	unsigned queued = 0;
	for (uint64_t m = p->sig_pending; m; m &= m - 1)
		queued++;
	seq_printf(s, "SigQ:\t%u/%lu\n", queued,
		   (unsigned long)p->rlim_sigpending);
	seq_printf(s, "SigPnd:\t%016lx\nShdPnd:\t%016lx\n", (unsigned long)p->sig_pending, 0UL);
	seq_printf(s, "SigBlk:\t%016lx\nSigIgn:\t%016lx\nSigCgt:\t%016lx\n", 0UL, 0UL, 0UL);
	/* Every process is root with every capability (CAP_LAST_CAP 40). */
	uint64_t caps = p->euid == 0 ? 0x1ffffffffffUL : 0;
	seq_printf(s, "CapInh:\t%016lx\nCapPrm:\t%016lx\nCapEff:\t%016lx\n", 0UL,
		   (unsigned long)caps, (unsigned long)caps);
	seq_printf(s, "CapBnd:\t%016lx\nCapAmb:\t%016lx\n", 0x1ffffffffffUL, 0UL);
	seq_printf(s, "NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n");
	seq_printf(s, "Speculation_Store_Bypass:\tunknown\nSpeculationIndirectBranch:\tunknown\n");
	seq_printf(s, "Cpus_allowed:\t1\nCpus_allowed_list:\t0\n");
	seq_printf(s, "Mems_allowed:\t1\nMems_allowed_list:\t0\n");
	seq_printf(s, "voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n");
	/* anvil's own, not Linux's (kernel/vdso.h): the clock system calls
	 * made, in enum vdso_call's order, for the vDSO tests. */
	seq_printf(s, "VdsoSyscalls:\tclock_gettime %lu gettimeofday %lu time %lu clock_getres %lu getcpu %lu\n",
		   (unsigned long)p->vdso_calls[VDSO_CLOCK_GETTIME],
		   (unsigned long)p->vdso_calls[VDSO_GETTIMEOFDAY],
		   (unsigned long)p->vdso_calls[VDSO_TIME],
		   (unsigned long)p->vdso_calls[VDSO_CLOCK_GETRES],
		   (unsigned long)p->vdso_calls[VDSO_GETCPU]);
	kfree(p);
	return 0;
}

int proc_show_pid_comm(struct seq *s, uint64_t key)
{
	int err;
	struct proc_snap *p = snap_of(key, &err);
	if (!p)
		return err;
	seq_printf(s, "%s\n", p->name);
	kfree(p);
	return 0;
}

/* Copy [start, end) of p's user memory into buf through its page tables
 * and the direct map (process_lock held: nothing can unmap them). */
static size_t copy_user_of(const struct process *p, uint64_t start, uint64_t end, char *buf)
{
	size_t done = 0;
	while (start < end) {
		uint64_t pa, chunk = PAGE_SIZE - (start & (PAGE_SIZE - 1));
		if (chunk > end - start)
			chunk = end - start;
		if (!vm_translate(p->mm->as, start, &pa, NULL))
			break;
		memcpy(buf + done, phys_to_virt(pa), chunk);
		done += chunk;
		start += chunk;
	}
	return done;
}

/* The argument strings, NUL-separated, where exec put them on the stack
 * (mm->arg_start..arg_end): read from the process's own memory, so a
 * program that rewrites its argv shows the new text, as on Linux.  A
 * zombie or kernel task has none: an empty file. */
int proc_show_pid_cmdline(struct seq *s, uint64_t key)
{
	int pid = key_pid(key);
	uint64_t flags = process_lock();
	struct process *p = process_find(pid);
	uint64_t len = p && p->mm && p->mm->as ? p->mm->arg_end - p->mm->arg_start : 0;
	process_unlock(flags);
	if (!p)
		return -ESRCH;
	if (len == 0 || len > 128 * 1024)
		return 0;
	char *buf = kmalloc(len);
	if (!buf)
		return -ENOMEM;
	size_t got = 0;
	flags = process_lock();
	p = process_find(pid);
	if (p && p->mm && p->mm->as && p->mm->arg_end - p->mm->arg_start <= len)
		got = copy_user_of(p, p->mm->arg_start, p->mm->arg_end, buf);
	process_unlock(flags);
	seq_write(s, buf, got);
	kfree(buf);
	return 0;
}
