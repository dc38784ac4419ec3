/*
 * wait4 and waitid: a parent collects a child that ended, stopped or
 * continued (kernel/process.h; Linux 6.1 kernel/exit.c, do_wait).
 *
 * Both scan the caller's children under the table lock for one that
 * matches and has something to report that the options ask for: an exit
 * (WEXITED; wait4 always), a stop not reported yet (WUNTRACED, alias
 * WSTOPPED) or a continue not reported yet (WCONTINUED).  A stop or a
 * continue is reported once (not with WNOWAIT).  None matching at all:
 * -ECHILD; a child that exited with no zombie left (its parent ignores
 * SIGCHLD or has SA_NOCLDWAIT) counts as gone, as Linux's EXIT_DEAD.
 * Some, but none with news: with WNOHANG, 0; otherwise sleep on the
 * caller's child_exit queue (every exit, stop and continue of a child
 * wakes it) and scan again.  A signal ends the sleep with -ERESTARTSYS.
 */
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/syscall.h"
#include "kernel/timer.h"
#include "kernel/uaccess.h"

/* Options (include/uapi/linux/wait.h). */
#define WNOHANG		0x00000001
#define WUNTRACED	0x00000002	/* = WSTOPPED */
#define WEXITED		0x00000004
#define WCONTINUED	0x00000008
#define WNOWAIT		0x01000000
#define __WNOTHREAD	0x20000000
#define __WALL		0x40000000
#define __WCLONE	0x80000000

#define P_ALL		0
#define P_PID		1
#define P_PGID		2

/* Which children a wait is for: Linux's (type, id) pair. */
struct wait_for {
	int type;	/* P_ALL, P_PID, P_PGID */
	int id;
	unsigned options;	/* wait4's include WEXITED */
};

static bool matches(const struct process *c, const struct wait_for *w)
{
	switch (w->type) {
	case P_PID:
		return c->pid == w->id;
	case P_PGID:
		return c->pgid == w->id;
	default:
		return true;
	}
}

/* What a child has to report: waitid's si_code, or 0. */
static int news(const struct process *c, unsigned options)
{
	if (c->state == PROC_ZOMBIE)
		return (options & WEXITED) ? CLD_EXITED : 0;
	if ((options & WUNTRACED) && c->sig.stopped && c->sig.report_stop)
		return CLD_STOPPED;
	if ((options & WCONTINUED) && c->sig.report_cont)
		return CLD_CONTINUED;
	return 0;
}

/* A child matching w with news (*code), or NULL; *any says whether any
 * child matched at all.  Table locked. */
static struct process *find_news(struct process *self, const struct wait_for *w, bool *any,
				 int *code)
{
	*any = false;
	for (struct process *c = self->children; c; c = c->sibling) {
		if (!matches(c, w) || (c->state == PROC_ZOMBIE && c->autoreap))
			continue;	/* autoreaped: gone already, for wait */
		*any = true;
		if ((*code = news(c, w->options)) != 0)
			return c;
	}
	return NULL;
}

struct reaped {
	int pid;
	uint32_t uid;
	int status;		/* the wait status */
	int code;		/* waitid's CLD_* */
	int si_status;		/* waitid's si_status */
	uint64_t utime, stime;	/* its own and its children's, in ticks */
};

/* The report of c's news, and what reporting it changes (a stop or a
 * continue is told once; an exit reaps).  Table locked. */
static struct reaped report(struct process *c, int code, unsigned options)
{
	struct reaped r = { c->pid, c->uid, c->wait_status, code, 0, c->utime + c->cutime,
			    c->stime + c->cstime };
	bool keep = options & WNOWAIT;
	if (code == CLD_STOPPED) {
		r.status = (c->sig.stop_sig << 8) | 0x7f;	/* WIFSTOPPED, WSTOPSIG */
		r.si_status = c->sig.stop_sig;
		c->sig.report_stop = keep;
	} else if (code == CLD_CONTINUED) {
		r.status = 0xffff;				/* WIFCONTINUED */
		r.si_status = SIGCONT;
		c->sig.report_cont = keep;
	} else {
		int termsig = r.status & 0x7f;
		r.code = !termsig ? CLD_EXITED : (r.status & 0x80) ? CLD_DUMPED : CLD_KILLED;
		r.si_status = termsig ? termsig : (r.status >> 8) & 0xff;
		if (!keep)
			process_reap(c);
	}
	return r;
}

/* Wait as w says: 1 with *out filled in, 0 (WNOHANG, none yet), or
 * -ECHILD / -ERESTARTSYS. */
static int do_wait(const struct wait_for *w, struct reaped *out)
{
	struct process *self = process_current();
	for (;;) {
		bool any;
		int code = 0;
		uint64_t flags = process_lock();
		struct process *c = find_news(self, w, &any, &code);
		if (c)
			*out = report(c, code, w->options);
		process_unlock(flags);
		if (c)
			return 1;
		if (!any)
			return -ECHILD;
		if (w->options & WNOHANG)
			return 0;
		/* Sleep until a child of ours has news, then look again. */
		int err = wait_event_interruptible(&self->child_exit, ({
			bool again;
			int k;
			uint64_t f = process_lock();
			bool ready = find_news(self, w, &again, &k) != NULL || !again;
			process_unlock(f);
			ready;
		}));
		if (err)
			return err;
	}
}

/* struct rusage (include/uapi/linux/resource.h): two timevals, 14 longs. */
struct rusage {
	int64_t utime_sec, utime_usec, stime_sec, stime_usec;
	int64_t rest[14];
};

static void ticks_to_timeval(uint64_t t, int64_t *sec, int64_t *usec)
{
	unsigned hz = timer_hz();
	*sec = (int64_t)(t / hz);
	*usec = (int64_t)(t % hz * 1000000 / hz);
}

int put_rusage(uint64_t uaddr, uint64_t utime, uint64_t stime)
{
	struct rusage ru = { 0 };
	ticks_to_timeval(utime, &ru.utime_sec, &ru.utime_usec);
	ticks_to_timeval(stime, &ru.stime_sec, &ru.stime_usec);
	return copy_to_user(uaddr, &ru, sizeof(ru)) ? -EFAULT : 0;
}

/* wait4(pid, *status, options, *rusage) */
long sys_wait4(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	int pid = (int)arg[0];
	unsigned options = (unsigned)arg[2];
	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	if (pid == -2147483647 - 1)
		return -ESRCH;	/* -INT_MIN has no group: Linux's check */
	options |= WEXITED;	/* Linux's kernel_wait4 */
	struct wait_for w = { P_ALL, 0, options };
	if (pid > 0)
		w = (struct wait_for){ P_PID, pid, options };
	else if (pid == 0)
		w = (struct wait_for){ P_PGID, process_current()->pgid, options };
	else if (pid < -1)
		w = (struct wait_for){ P_PGID, -pid, options };

	struct reaped r;
	int got = do_wait(&w, &r);
	if (got <= 0)
		return got;
	if (arg[1] && copy_to_user(arg[1], &r.status, sizeof(r.status)))
		return -EFAULT;
	if (arg[3] && put_rusage(arg[3], r.utime, r.stime))
		return -EFAULT;
	return r.pid;
}

/* The siginfo_t fields waitid writes (kernel_waitid's unsafe_put_user
 * calls): signo, errno, code, then pid, uid, status at offset 16; the
 * rest of the caller's siginfo is left as it was. */
struct waitid_head {
	int32_t signo, errno_, code;
};
struct waitid_body {
	int32_t pid;
	uint32_t uid;
	int32_t status;
};
#define WAITID_BODY_OFFSET	16

/* waitid(idtype, id, *infop, options, *rusage) */
long sys_waitid(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	int type = (int)arg[0], id = (int)arg[1];
	unsigned options = (unsigned)arg[3];
	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WUNTRACED | WCONTINUED | __WNOTHREAD |
			__WALL | __WCLONE))
		return -EINVAL;
	if (!(options & (WEXITED | WUNTRACED | WCONTINUED)))
		return -EINVAL;
	if (type == P_PGID && id == 0)
		id = process_current()->pgid;
	if (type != P_ALL && type != P_PID && type != P_PGID)
		return -EINVAL;	/* P_PIDFD (3) too: no pidfds here */
	if ((type == P_PID || type == P_PGID) && id <= 0)
		return -EINVAL;

	struct wait_for w = { type, id, options };
	struct reaped r = { 0 };
	int got = do_wait(&w, &r);
	if (got < 0)
		return got;
	if (got && arg[4] && put_rusage(arg[4], r.utime, r.stime))
		return -EFAULT;
	struct waitid_head head = { got ? SIGCHLD : 0, 0, r.code };
	struct waitid_body body = { r.pid, r.uid, r.si_status };
	if (arg[2] && (copy_to_user(arg[2], &head, sizeof(head)) ||
		       copy_to_user(arg[2] + WAITID_BODY_OFFSET, &body, sizeof(body))))
		return -EFAULT;
	return 0;
}
