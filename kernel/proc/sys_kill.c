/*
 * kill and tgkill: sending a signal to other processes (kernel/signal.h
 * says what happens to them).  Targets as kill(2) defines them: pid > 0
 * that process; 0 the caller's process group; -1 every process but init
 * and the caller; < -1 the group -pid.  Signal 0 sends nothing: it asks
 * whether the target exists.  All uids are 0, so every send is allowed.
 * The target's handler learns who sent it (si_pid, si_uid; SI_USER for
 * kill, SI_TKILL for tkill and tgkill, the program's own si_code for
 * rt_sigqueueinfo).
 */
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

struct kill_req {
	int pid;	/* as kill(2) takes it */
	int sig;
	int self_pid, self_pgid;
	int found;
	const struct siginfo *info;	/* what the target's handler sees */
	int err;			/* the first -EAGAIN (a full queue) */
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
	int err = k->sig ? signal_send_info(p, k->sig, k->info) : 0;
	if (err && !k->err)
		k->err = err;
}

/* The siginfo of a signal a program sends: who sent it. */
static struct siginfo sender_info(int sig, int code)
{
	struct siginfo info = { .signo = sig, .code = code };
	info.kill.pid = process_current()->pid;
	info.kill.uid = process_current()->uid;
	return info;
}

long sys_kill(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct process *self = process_current();
	struct siginfo info = sender_info((int)arg[1], SI_USER);
	struct kill_req k = { (int)arg[0], (int)arg[1], self->pid, self->pgid, 0, &info, 0 };
	if (k.sig < 0 || k.sig > NSIG)
		return -EINVAL;
	if (k.pid == -2147483647 - 1)
		return -ESRCH;
	/* pid > 0 names one process; the caller itself (raise) needs no walk
	 * of the table (Linux: find_vpid, then group_send_sig_info). */
	if (k.pid == self->pid)
		return k.sig ? signal_send_info(self, k.sig, &info) : 0;
	process_for_each(kill_one, &k);
	return !k.found ? -ESRCH : k.err;
}

/* One thread (tid) of one thread group (tgid, or any for tkill); every
 * process is one thread today, so the tid is the pid. */
static long send_to_thread(int tgid, int tid, int sig, const struct siginfo *info)
{
	if (tid <= 0 || sig < 0 || sig > NSIG)
		return -EINVAL;
	if (tgid > 0 && tid != tgid)
		return -ESRCH;
	struct kill_req k = { tid, sig, 0, 0, 0, info, 0 };
	process_for_each(kill_one, &k);
	return !k.found ? -ESRCH : k.err;
}

/* tgkill(tgid, tid, sig) */
long sys_tgkill(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	if ((int)arg[0] <= 0)
		return -EINVAL;
	struct siginfo info = sender_info((int)arg[2], SI_TKILL);
	return send_to_thread((int)arg[0], (int)arg[1], (int)arg[2], &info);
}

/* tkill(tid, sig): tgkill without the group check. */
long sys_tkill(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct siginfo info = sender_info((int)arg[1], SI_TKILL);
	return send_to_thread(0, (int)arg[0], (int)arg[1], &info);
}

/* The program's own siginfo for rt_sigqueueinfo: no one may pretend to
 * be the kernel or kill()/tgkill() to another process (si_code >= 0 or
 * SI_TKILL: EPERM), as Linux's post-2.6.39 rule. */
static long queue_info(int target, uint64_t uinfo, int sig, struct siginfo *info)
{
	if (copy_from_user(info, uinfo, sizeof(*info)))
		return -EFAULT;
	if ((info->code >= 0 || info->code == SI_TKILL) && target != process_current()->pid)
		return -EPERM;
	info->signo = sig;
	return 0;
}

/* rt_sigqueueinfo(pid, sig, info) */
long sys_rt_sigqueueinfo(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	int pid = (int)arg[0], sig = (int)arg[1];
	struct siginfo info;
	long err = queue_info(pid, arg[2], sig, &info);
	if (err)
		return err;
	if (pid <= 0)
		return -ESRCH;	/* one process only: no groups here */
	struct kill_req k = { pid, sig, 0, 0, 0, &info, 0 };
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	process_for_each(kill_one, &k);
	return !k.found ? -ESRCH : k.err;
}

/* rt_tgsigqueueinfo(tgid, tid, sig, info) */
long sys_rt_tgsigqueueinfo(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct siginfo info;
	long err = queue_info((int)arg[1], arg[3], (int)arg[2], &info);
	if (err)
		return err;
	if ((int)arg[0] <= 0)
		return -EINVAL;
	return send_to_thread((int)arg[0], (int)arg[1], (int)arg[2], &info);
}
