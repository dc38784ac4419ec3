/*
 * wait4 and waitid: a parent collects a child that ended (kernel/process.h).
 *
 * Both scan the caller's children under the table lock for one that
 * matches and is a zombie.  None matching at all: -ECHILD.  Some, but
 * none ended: with WNOHANG, 0; otherwise sleep on the caller's
 * child_exit queue (every exit of a child wakes it) and scan again.  A
 * signal ends the sleep with -ERESTARTSYS.
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

#define CLD_EXITED	1
#define CLD_KILLED	2

/* Which children a wait is for: Linux's (type, id) pair. */
struct wait_for {
	int type;	/* P_ALL, P_PID, P_PGID */
	int id;
	unsigned options;
	bool exited;	/* ended children count (waitid without WEXITED: only stops,
			 * which come with the signals work) */
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

/* A zombie child matching w, or NULL; *any says whether any child
 * matched at all.  Table locked. */
static struct process *find_zombie(struct process *self, const struct wait_for *w, bool *any)
{
	*any = false;
	for (struct process *c = self->children; c; c = c->sibling) {
		if (!matches(c, w))
			continue;
		*any = true;
		if (c->state == PROC_ZOMBIE && w->exited)
			return c;
	}
	return NULL;
}

struct reaped {
	int pid;
	int status;		/* the wait status */
	uint64_t utime, stime;	/* its own and its children's, in ticks */
};

/* Wait as w says: 1 with *out filled in, 0 (WNOHANG, none yet), or
 * -ECHILD / -ERESTARTSYS. */
static int do_wait(const struct wait_for *w, struct reaped *out)
{
	struct process *self = process_current();
	for (;;) {
		bool any;
		uint64_t flags = process_lock();
		struct process *z = find_zombie(self, w, &any);
		if (z) {
			*out = (struct reaped){ z->pid, z->wait_status, z->utime + z->cutime,
						z->stime + z->cstime };
			if (!(w->options & WNOWAIT))
				process_reap(z);
		}
		process_unlock(flags);
		if (z)
			return 1;
		if (!any)
			return -ECHILD;
		if (w->options & WNOHANG)
			return 0;
		/* Sleep until a child of ours exits, then look again. */
		int err = wait_event_interruptible(&self->child_exit, ({
			bool again;
			uint64_t f = process_lock();
			bool ready = find_zombie(self, w, &again) != NULL || !again;
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
	struct wait_for w = { P_ALL, 0, options, true };
	if (pid > 0)
		w = (struct wait_for){ P_PID, pid, options, true };
	else if (pid == 0)
		w = (struct wait_for){ P_PGID, process_current()->pgid, options, true };
	else if (pid < -1)
		w = (struct wait_for){ P_PGID, -pid, options, true };

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

/* The siginfo_t fields waitid fills in (include/uapi/asm-generic/siginfo.h):
 * 128 bytes in all. */
struct waitid_info {
	int32_t signo, errno_, code, pad;
	int32_t pid;
	uint32_t uid;
	int32_t status, pad2;
	int64_t utime, stime;
	uint8_t rest[128 - 48];
};
_Static_assert(sizeof(struct waitid_info) == 128, "siginfo_t is 128 bytes");

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
		return -EINVAL;
	if ((type == P_PID || type == P_PGID) && id <= 0)
		return -EINVAL;

	struct wait_for w = { type, id, options, (options & WEXITED) != 0 };
	struct reaped r;
	int got = do_wait(&w, &r);
	if (got < 0)
		return got;
	struct waitid_info info = { 0 };
	if (got) {
		bool exited = (r.status & 0x7f) == 0;
		info.signo = SIGCHLD;
		info.code = exited ? CLD_EXITED : CLD_KILLED;
		info.pid = r.pid;
		info.status = exited ? (r.status >> 8) & 0xff : r.status & 0x7f;
		info.utime = (int64_t)r.utime;
		info.stime = (int64_t)r.stime;
	}
	if (arg[2] && copy_to_user(arg[2], &info, sizeof(info)))
		return -EFAULT;
	if (arg[4] && put_rusage(arg[4], got ? r.utime : 0, got ? r.stime : 0))
		return -EFAULT;
	return 0;
}
