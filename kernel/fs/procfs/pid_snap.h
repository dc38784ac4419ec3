/*
 * What /proc/PID's files show of a process, copied out of the process
 * table under process_lock (pid_snap.c) so the text is formatted with
 * the lock dropped: the lock keeps interrupts off, and printing may
 * allocate.
 */
#ifndef ANVIL_KERNEL_FS_PROCFS_PID_SNAP_H
#define ANVIL_KERNEL_FS_PROCFS_PID_SNAP_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/fs/vfs.h"
#include "kernel/process.h"

#define SNAP_RANGES	16

/* One mapped stretch of the user half, as /proc/PID/maps shows it. */
struct vm_range {
	uint64_t start, end;
	bool write, exec;
	enum { RANGE_IMAGE, RANGE_HEAP, RANGE_STACK, RANGE_VVAR, RANGE_VDSO } kind;
};

struct proc_snap {
	int pid, ppid, pgid, sid;
	enum process_state state;
	char name[PROCESS_NAME_LEN];
	uint32_t uid, euid, gid, egid, umask;
	uint64_t utime, stime, cutime, cstime, start_ticks;
	uint64_t sig_pending;
	uint64_t rlim_rss, rlim_sigpending;
	unsigned fd_size;
	int wait_status;
	uint64_t vdso_calls[VDSO_CALLS];
	bool has_mm;
	uint64_t heap_start, brk, arg_start, arg_end;
	/* The address space, walked under the lock (pid_maps.c). */
	struct vm_range ranges[SNAP_RANGES];
	unsigned nranges;
	uint64_t vm_size, rss_pages, vm_data, vm_stack, vm_exe;
	uint64_t code_start, code_end, data_start, data_end;
};

/* Fill *s from the process with this pid: 0, or -ESRCH. */
int proc_snap_get(int pid, struct proc_snap *s);

/* The ranges of p's address space into s (process_lock held). */
void proc_snap_vm(const struct process *p, struct proc_snap *s);

/* The process's exe or cwd (which: 0 exe, 1 cwd) as a referenced path:
 * 0, or -ESRCH / -ENOENT. */
int proc_pid_path(int pid, int which, struct path *out);

#endif
