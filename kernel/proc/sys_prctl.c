/*
 * prctl(2): the per-process settings programs ask for by option number
 * (Linux include/uapi/linux/prctl.h, kernel/sys.c's prctl switch).
 * anvil answers the ones Debian's busybox and bash, glibc and musl use:
 * the name (the "comm" that ps and /proc show), the signal sent when the
 * parent dies, the dumpable flag and no_new_privs.  Every other option is
 * -EINVAL, which is Linux's answer to an option it does not know.
 */
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

#define PR_SET_PDEATHSIG	1
#define PR_GET_PDEATHSIG	2
#define PR_GET_DUMPABLE		3
#define PR_SET_DUMPABLE		4
#define PR_SET_NAME		15
#define PR_GET_NAME		16
#define PR_SET_NO_NEW_PRIVS	38
#define PR_GET_NO_NEW_PRIVS	39

/* PR_SET_NAME: at most 15 bytes of the program's string, cut there
 * without an error (Linux: strncpy_from_user of sizeof(comm) - 1). */
static long set_name(struct process *p, uint64_t uname)
{
	char comm[PROCESS_NAME_LEN];
	long n = strncpy_from_user(comm, uname, sizeof(comm) - 1);
	if (n == -EFAULT)
		return -EFAULT;
	comm[n < 0 ? (long)sizeof(comm) - 1 : n] = '\0';	/* -ENAMETOOLONG: cut */
	memcpy(p->name, comm, sizeof(comm));
	return 0;
}

static long get_name(const struct process *p, uint64_t uname)
{
	char comm[PROCESS_NAME_LEN] = { 0 };
	memcpy(comm, p->name, sizeof(comm) - 1);
	return copy_to_user(uname, comm, sizeof(comm)) ? -EFAULT : 0;
}

static long set_pdeath_signal(struct process *p, uint64_t sig)
{
	if (sig > NSIG)		/* Linux: !valid_signal(arg2) */
		return -EINVAL;
	p->pdeath_signal = (int)sig;
	return 0;
}

static long get_pdeath_signal(const struct process *p, uint64_t usig)
{
	int sig = p->pdeath_signal;
	return copy_to_user(usig, &sig, sizeof(sig)) ? -EFAULT : 0;
}

/* PR_SET_DUMPABLE takes 0 or 1 (SUID_DUMP_ROOT, 2, is refused). */
static long set_dumpable(struct process *p, uint64_t on)
{
	if (on > 1)
		return -EINVAL;
	p->not_dumpable = !on;
	return 0;
}

/* The no_new_privs pair insists on zero unused arguments. */
static long no_new_privs(struct process *p, int option, const uint64_t arg[SYSCALL_MAX_ARGS])
{
	if (option == PR_GET_NO_NEW_PRIVS) {
		if (arg[1] || arg[2] || arg[3] || arg[4])
			return -EINVAL;
		return p->no_new_privs;
	}
	if (arg[1] != 1 || arg[2] || arg[3] || arg[4])
		return -EINVAL;
	p->no_new_privs = true;	/* it can never be turned off */
	return 0;
}

long sys_prctl(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct process *p = process_current();
	int option = (int)arg[0];
	switch (option) {
	case PR_SET_PDEATHSIG:	return set_pdeath_signal(p, arg[1]);
	case PR_GET_PDEATHSIG:	return get_pdeath_signal(p, arg[1]);
	case PR_GET_DUMPABLE:	return !p->not_dumpable;
	case PR_SET_DUMPABLE:	return set_dumpable(p, arg[1]);
	case PR_SET_NAME:	return set_name(p, arg[1]);
	case PR_GET_NAME:	return get_name(p, arg[1]);
	case PR_SET_NO_NEW_PRIVS:
	case PR_GET_NO_NEW_PRIVS:
		return no_new_privs(p, option, arg);
	default:		return -EINVAL;
	}
}

/* As Linux's forget_original_parent: the signal a child asked for with
 * PR_SET_PDEATHSIG, sent as if by the dying parent (SI_USER, its pid). */
void prctl_parent_exit(struct process *c, const struct process *p)
{
	if (!c->pdeath_signal || c->state == PROC_ZOMBIE)
		return;
	struct siginfo info = { .signo = c->pdeath_signal, .code = SI_USER };
	info.kill.pid = p->pid;
	info.kill.uid = p->uid;
	signal_send_info(c, c->pdeath_signal, &info);
}
