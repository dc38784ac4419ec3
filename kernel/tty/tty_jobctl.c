/*
 * Job control: sessions, process groups and the controlling terminal,
 * as Linux 6.1 has them (drivers/tty/tty_jobctrl.c: __tty_check_change,
 * __proc_set_tty, tiocsctty, tiocspgrp, disassociate_ctty; kernel/exit.c:
 * will_become_orphaned_pgrp, kill_orphaned_pgrp).
 *
 * There is one terminal, so "p's controlling terminal is t" is "t
 * controls p's session": t->session == p->sid.  The pids of sessions and
 * groups are the pids of their leaders (kernel/proc/sys_ids.c).
 */
#include "kernel/tty/tty.h"
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/signal.h"

/* ---- groups, table locked ---- */

static void signal_pgrp_locked(int pgrp, int sig)
{
	for (unsigned i = 0; i < PROCESS_MAX; i++) {
		struct process *p = process_find_slot(i);
		if (!p)
			break;
		if (p->pgid == pgrp && p->state != PROC_ZOMBIE)
			signal_send(p, sig);
	}
}

void tty_signal_pgrp(int pgrp, int sig)
{
	uint64_t flags = process_lock();
	signal_pgrp_locked(pgrp, sig);
	process_unlock(flags);
}

/* Linux's will_become_orphaned_pgrp: no member (but ignored, the one
 * exiting) has a parent in another group of the same session -- the
 * shell that could continue it.  Members whose parent is exiting are
 * about to be init's children, and init never counts. */
static bool orphaned(int pgrp, const struct process *exiting)
{
	for (unsigned i = 0; i < PROCESS_MAX; i++) {
		struct process *p = process_find_slot(i);
		if (!p)
			break;
		if (p->pgid != pgrp || p == exiting || p->state == PROC_ZOMBIE)
			continue;
		struct process *parent = p->parent;
		if (!parent || parent == exiting || process_is_init(parent))
			continue;
		if (parent->pgid != pgrp && parent->sid == p->sid)
			return false;
	}
	return true;
}

static bool has_stopped(int pgrp)
{
	for (unsigned i = 0; i < PROCESS_MAX; i++) {
		struct process *p = process_find_slot(i);
		if (!p)
			break;
		if (p->pgid == pgrp && (p->state == PROC_STOPPED || p->sig.stopped))
			return true;
	}
	return false;
}

/* kill_orphaned_pgrp: a group left orphaned with stopped members would
 * stay stopped for ever: SIGHUP, then SIGCONT. */
static void hup_if_orphaned(int pgrp, const struct process *exiting)
{
	if (orphaned(pgrp, exiting) && has_stopped(pgrp)) {
		signal_pgrp_locked(pgrp, SIGHUP);
		signal_pgrp_locked(pgrp, SIGCONT);
	}
}

/* The session loses its terminal: the foreground group is hung up. */
static void disassociate_locked(struct tty *t)
{
	if (t->pgrp) {
		signal_pgrp_locked(t->pgrp, SIGHUP);
		signal_pgrp_locked(t->pgrp, SIGCONT);
	}
	t->session = t->pgrp = 0;
}

void tty_exit_notify(struct process *p)
{
	struct tty *t = tty_console();
	if (p->pid == p->sid && t->session == p->sid)
		disassociate_locked(t);	/* do_exit's disassociate_ctty(1) */
	/* exit_notify: p's own group, then each child's (forget_original_parent) */
	if (p->parent && p->parent->pgid != p->pgid && p->parent->sid == p->sid)
		hup_if_orphaned(p->pgid, p);
	for (struct process *c = p->children; c; c = c->sibling)
		if (c->pgid != p->pgid && c->sid == p->sid && c->state != PROC_ZOMBIE)
			hup_if_orphaned(c->pgid, p);
}

/* ---- the caller and its terminal ---- */

bool tty_is_ctty(const struct tty *t)
{
	return t->session && process_current()->sid == t->session;
}

static bool is_ignored(const struct process *p, int sig)
{
	return (p->sig.blocked & SIG_BIT(sig)) || p->sig.hand->action[sig - 1].handler == SIG_IGN;
}

int tty_check_change(struct tty *t, int sig)
{
	struct process *self = process_current();
	if (!tty_is_ctty(t) || !t->pgrp || self->pgid == t->pgrp)
		return 0;	/* not ours, or we are in the foreground */
	if (is_ignored(self, sig))
		return sig == SIGTTIN ? -EIO : 0;
	uint64_t flags = process_lock();
	bool orphan = orphaned(self->pgid, NULL);
	if (!orphan)
		signal_pgrp_locked(self->pgid, sig);
	process_unlock(flags);
	return orphan ? -EIO : -ERESTARTSYS;
}

static bool session_leader(const struct process *p)
{
	return p->pid == p->sid;
}

void tty_open_ctty(struct tty *t)
{
	struct process *self = process_current();
	if (session_leader(self) && !t->session) {
		t->session = self->sid;
		t->pgrp = self->pgid;
	}
}

/* TIOCSCTTY: a session leader without a terminal takes t; if another
 * session has it, only with arg 1 and root's rights (it steals it). */
int tty_set_ctty(struct tty *t, uint64_t arg)
{
	struct process *self = process_current();
	if (session_leader(self) && t->session == self->sid)
		return 0;
	if (!session_leader(self))
		return -EPERM;
	if (t->session && !(arg == 1 && self->euid == 0))
		return -EPERM;
	t->session = self->sid;
	t->pgrp = self->pgid;
	return 0;
}

/* TIOCNOTTY: a session leader gives its terminal up and hangs up the
 * foreground group (disassociate_ctty(0)).  Another member cannot drop
 * it alone: the terminal is its session's (docs/tty.md). */
int tty_drop_ctty(struct tty *t)
{
	struct process *self = process_current();
	if (!tty_is_ctty(t))
		return -ENOTTY;
	if (session_leader(self)) {
		uint64_t flags = process_lock();
		disassociate_locked(t);
		process_unlock(flags);
	}
	return 0;
}

int tty_set_pgrp(struct tty *t, int pgrp)
{
	struct process *self = process_current();
	if (!tty_is_ctty(t))
		return -ENOTTY;
	if (pgrp < 0)
		return -EINVAL;
	uint64_t flags = process_lock();
	int err = -ESRCH;
	for (unsigned i = 0; i < PROCESS_MAX; i++) {
		struct process *p = process_find_slot(i);
		if (!p)
			break;
		if (p->pgid == pgrp && p->state != PROC_ZOMBIE) {
			err = p->sid == self->sid ? 0 : -EPERM;
			break;
		}
	}
	if (!err)
		t->pgrp = pgrp;
	process_unlock(flags);
	return err;
}
