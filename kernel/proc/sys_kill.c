/*
 * kill and tgkill: sending a signal to other processes (kernel/signal.h
 * says what happens to them).  Targets as kill(2) defines them: pid > 0
 * that process; 0 the caller's process group; -1 every process but init
 * and the caller; < -1 the group -pid.  Signal 0 sends nothing: it asks
 * whether the target exists.  All uids are 0, so every send is allowed.
 */
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"

struct kill_req {
	int pid;	/* as kill(2) takes it */
	int sig;
	int self_pid, self_pgid;
	int found;
};

static bool is_target(const struct process *p, const struct kill_req *k)
{
	if (p->state == PROC_ZOMBIE && k->pid <= 0)
		return false;
	if (k->pid > 0)
		return p->pid == k->pid;
	if (k->pid == 0)
		return p->pgid == k->self_pgid;
	if (k->pid == -1)
		return p->pid != 1 && p->pid != k->self_pid;
	return p->pgid == -k->pid;
}

static void kill_one(struct process *p, void *arg)
{
	struct kill_req *k = arg;
	if (!is_target(p, k))
		return;
	k->found++;
	if (k->sig)
		signal_send(p, k->sig);
}

long sys_kill(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct process *self = process_current();
	struct kill_req k = { (int)arg[0], (int)arg[1], self->pid, self->pgid, 0 };
	if (k.sig < 0 || k.sig > NSIG)
		return -EINVAL;
	if (k.pid == -2147483647 - 1)
		return -ESRCH;
	process_for_each(kill_one, &k);
	return k.found ? 0 : -ESRCH;
}

/* tgkill(tgid, tid, sig): one thread of one thread group; every process
 * is one thread today, so tid must equal tgid. */
long sys_tgkill(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	int tgid = (int)arg[0], tid = (int)arg[1], sig = (int)arg[2];
	if (tgid <= 0 || tid <= 0 || sig < 0 || sig > NSIG)
		return -EINVAL;
	if (tid != tgid)
		return -ESRCH;
	struct kill_req k = { tid, sig, 0, 0, 0 };
	process_for_each(kill_one, &k);
	return k.found ? 0 : -ESRCH;
}
