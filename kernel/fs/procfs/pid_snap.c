/*
 * Copying a process's figures out of the table (pid_snap.h), and its
 * exe and cwd paths.
 */
#include "kernel/errno.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/procfs/internal.h"
#include "kernel/fs/procfs/pid_snap.h"
#include "kernel/string.h"

static void copy_out(const struct process *p, struct proc_snap *s)
{
	*s = (struct proc_snap){
		.pid = p->pid,
		.ppid = p->parent ? p->parent->pid : 0,
		.pgid = p->pgid,
		.sid = p->sid,
		.state = p->state,
		.uid = p->uid, .euid = p->euid, .gid = p->gid, .egid = p->egid,
		.umask = p->umask,
		.utime = p->utime, .stime = p->stime,
		.cutime = p->cutime, .cstime = p->cstime,
		.start_ticks = p->start_ticks,
		.sig_pending = p->sig.pending,
		.rlim_rss = p->rlim[RLIMIT_RSS].cur,
		.rlim_sigpending = p->rlim[RLIMIT_SIGPENDING].cur,
		.fd_size = p->files ? p->files->cap : 0,
		.wait_status = p->wait_status,
	};
	memcpy(s->vdso_calls, p->vdso_calls, sizeof(s->vdso_calls));
	memcpy(s->name, p->name, sizeof(s->name));
	s->name[sizeof(s->name) - 1] = '\0';
	if (p->mm && p->mm->as) {
		s->has_mm = true;
		s->heap_start = p->mm->heap_start;
		s->brk = p->mm->brk;
		s->arg_start = p->mm->arg_start;
		s->arg_end = p->mm->arg_end;
		proc_snap_vm(p, s);
	}
}

int proc_snap_get(int pid, struct proc_snap *s)
{
	uint64_t flags = process_lock();
	struct process *p = pid > 0 ? process_find(pid) : NULL;
	if (p)
		copy_out(p, s);
	process_unlock(flags);
	return p ? 0 : -ESRCH;
}

int proc_pid_path(int pid, int which, struct path *out)
{
	int err = -ESRCH;
	uint64_t flags = process_lock();
	struct process *p = pid > 0 ? process_find(pid) : NULL;
	if (p) {
		struct path path = which == 1 ? p->cwd :
				   p->mm ? p->mm->exe : (struct path){ NULL, NULL };
		err = -ENOENT;
		if (path.inode && path.mnt) {
			*out = path_get(path);
			err = 0;
		}
	}
	process_unlock(flags);
	return err;
}
