/*
 * Who a process is: user and group ids (all 0 until there are users),
 * process groups and sessions (stored now; the TTY work uses them for
 * job control).  The rules are setpgid(2)'s and setsid(2)'s.
 */
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/syscall.h"

long sys_getuid(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	(void)arg;
	return process_current()->uid;
}

long sys_geteuid(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	(void)arg;
	return process_current()->euid;
}

long sys_getgid(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	(void)arg;
	return process_current()->gid;
}

long sys_getegid(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	(void)arg;
	return process_current()->egid;
}

/* getgroups(size, list): the supplementary groups.  anvil keeps none (no
 * process has been through login's initgroups), so the list is empty, as
 * for a Linux process started by init without a login: 0, and a negative
 * size is -EINVAL as on Linux.  setgroups is not there (-ENOSYS): a list
 * it was given would not be kept. */
long sys_getgroups(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return (int)arg[0] < 0 ? -EINVAL : 0;
}

/* The process pid names (0: the caller), table locked; NULL if none. */
static struct process *lookup(int pid)
{
	struct process *self = process_current();
	if (pid == 0 || pid == self->pid)
		return self;
	struct process *p = process_find(pid);
	return p && p->state != PROC_ZOMBIE ? p : NULL;
}

long sys_getpgid(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	uint64_t flags = process_lock();
	struct process *p = (int)arg[0] < 0 ? NULL : lookup((int)arg[0]);
	long ret = p ? p->pgid : -ESRCH;
	process_unlock(flags);
	return ret;
}

/* getpgrp(2): getpgid(0). */
long sys_getpgrp(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	(void)arg;
	return process_current()->pgid;
}

long sys_getsid(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	uint64_t flags = process_lock();
	struct process *p = (int)arg[0] < 0 ? NULL : lookup((int)arg[0]);
	long ret = p ? p->sid : -ESRCH;
	process_unlock(flags);
	return ret;
}

/* Is there a group pgid in session sid?  Table locked. */
struct group_probe {
	int pgid, sid;
	bool found;
};

static void probe_group(struct process *p, void *arg)
{
	struct group_probe *g = arg;
	if (p->pgid == g->pgid && p->sid == g->sid)
		g->found = true;
}

/* setpgid(pid, pgid): the caller or one of its children (not yet
 * exec'd: anvil does not track that, so any child), into a group of the
 * same session; a session leader cannot move. */
long sys_setpgid(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	int pid = (int)arg[0], pgid = (int)arg[1];
	if (pgid < 0)
		return -EINVAL;
	struct process *self = process_current();
	uint64_t flags = process_lock();
	long ret = 0;
	struct process *p = pid == 0 ? self : process_find(pid);
	if (!p || (p != self && p->parent != self) || p->state == PROC_ZOMBIE) {
		ret = -ESRCH;
		goto out;
	}
	if (p->sid != self->sid) {
		ret = -EPERM;
		goto out;
	}
	if (p->pid == p->sid) {
		ret = -EPERM;	/* a session leader */
		goto out;
	}
	if (pgid == 0)
		pgid = p->pid;
	if (pgid != p->pid) {
		struct group_probe g = { pgid, self->sid, false };
		for (unsigned i = 0; i < PROCESS_MAX && !g.found; i++) {
			struct process *q = process_find_slot(i);
			if (q)
				probe_group(q, &g);
		}
		if (!g.found) {
			ret = -EPERM;
			goto out;
		}
	}
	p->pgid = pgid;
out:
	process_unlock(flags);
	return ret;
}

/* setsid(): a new session and group led by the caller, unless it leads
 * a group already (-EPERM). */
long sys_setsid(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	(void)arg;
	struct process *self = process_current();
	uint64_t flags = process_lock();
	long ret = -EPERM;
	bool leader = false;
	for (unsigned i = 0; i < PROCESS_MAX; i++) {
		struct process *q = process_find_slot(i);
		if (q && q != self && q->pgid == self->pid)
			leader = true;
	}
	if (self->pgid != self->pid && !leader) {
		self->sid = self->pgid = self->pid;
		ret = self->pid;
	}
	process_unlock(flags);
	return ret;
}
