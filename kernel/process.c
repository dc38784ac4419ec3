/*
 * The process table and a process's life and death (kernel/process.h).
 *
 * Every process is in `table` under its pid from the moment it exists
 * until its parent reaps it.  One lock, process_table_lock, protects the
 * table and every family link (parent, children, sibling), so that exit
 * (reparenting), wait4 (reaping) and fork (linking) never see a family
 * half changed.  Lock order: the table lock, then a wait queue's, then
 * the scheduler's.  How a process ends is kernel/proc/exit.c.
 */
#include "kernel/process.h"
#include "arch/x86_64/cpu/fpu_state.h"
#include "arch/x86_64/cpu/percpu.h"
#include "kernel/errno.h"
#include "kernel/format.h"
#include "kernel/fs/fdtable.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/kstack.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/timer.h"

static struct spinlock process_table_lock = SPINLOCK_INIT("process table");
static struct process *table[PROCESS_MAX];	/* [0, nprocs) in use, no gaps */
static unsigned nprocs;
static int last_pid;
static struct process boot_task;	/* pid 0: kmain, the shell, init=/run= */
static struct process *init_proc;	/* PID 1 when init= started one */
static bool next_is_init;

uint64_t process_lock(void)
{
	return spin_lock_irqsave(&process_table_lock);
}

void process_unlock(uint64_t flags)
{
	spin_unlock_irqrestore(&process_table_lock, flags);
}

struct process *process_current(void)
{
	return this_cpu()->current;
}

struct process *process_find(int pid)
{
	for (unsigned i = 0; i < nprocs; i++)
		if (table[i]->pid == pid)
			return table[i];
	return NULL;
}

struct process *process_find_slot(unsigned i)
{
	return i < nprocs ? table[i] : NULL;
}

void process_for_each(void (*fn)(struct process *p, void *arg), void *arg)
{
	uint64_t flags = process_lock();
	for (unsigned i = 0; i < nprocs; i++)
		fn(table[i], arg);
	process_unlock(flags);
}

unsigned process_count(void)
{
	return nprocs;
}

/* Linux's defaults for the first process (include/asm-generic/resource.h
 * INIT_RLIMITS), with anvil's own sizes where it has fixed ones. */
static void default_limits(struct rlimit *rl)
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		rl[i] = (struct rlimit){ RLIM_INFINITY, RLIM_INFINITY };
	rl[RLIMIT_STACK].cur = 8 * 1024 * 1024;			/* _STK_LIM */
	rl[RLIMIT_CORE].cur = 0;
	rl[RLIMIT_NPROC] = (struct rlimit){ PROCESS_MAX, PROCESS_MAX };
	rl[RLIMIT_NOFILE] = (struct rlimit){ 1024, 4096 };	/* INR_OPEN_CUR, INR_OPEN_MAX */
	rl[RLIMIT_MEMLOCK] = (struct rlimit){ 8 * 1024 * 1024, 8 * 1024 * 1024 };
	rl[RLIMIT_SIGPENDING] = (struct rlimit){ PROCESS_MAX, PROCESS_MAX };
	rl[RLIMIT_MSGQUEUE] = (struct rlimit){ 819200, 819200 };	/* MQ_BYTES_MAX */
	rl[RLIMIT_NICE] = (struct rlimit){ 0, 0 };
	rl[RLIMIT_RTPRIO] = (struct rlimit){ 0, 0 };
}

void process_init(void)
{
	struct process *b = &boot_task;
	ksnprintf(b->name, sizeof(b->name), "kernel");
	wait_queue_init(&b->child_exit, "kernel's children");
	wait_queue_init(&b->vfork_done, "vfork");
	default_limits(b->rlim);
	b->umask = 022;
	/* Its descriptors (the console) come with the root: process_boot_files. */
	b->files = fdtable_new();
	BUG_ON(!b->files);
	/* Every action SIG_DFL; its children copy them (signal_fork). */
	static struct sighand boot_hand = { .refs = 1 };
	b->sig.hand = &boot_hand;
	b->sig.alt.flags = SS_DISABLE;
}

struct process *process_boot_task(void)
{
	return &boot_task;
}

void process_set_names(struct process *p, const char *path)
{
	const char *base = path;
	for (const char *s = path; *s; s++)
		if (*s == '/')
			base = s + 1;
	ksnprintf(p->path, sizeof(p->path), "%s", path);
	ksnprintf(p->name, sizeof(p->name), "%s", base);
}

/* The next free pid after last_pid, wrapping round below PID_MAX (pid 1
 * is taken again only by an init).  Table locked. */
static int alloc_pid(void)
{
	for (int tries = 0; tries < PID_MAX; tries++) {
		int pid = last_pid + 1 >= PID_MAX ? 2 : last_pid + 1;
		last_pid = pid;
		if (!process_find(pid))
			return pid;
	}
	return -EAGAIN;
}

/* Put p in the table under a new pid, as parent's youngest child.  0, or
 * -EAGAIN (table full, or parent's RLIMIT_NPROC reached: anvil has no
 * capabilities, so the limit binds uid 0 too). */
static int table_insert(struct process *p, struct process *parent)
{
	uint64_t flags = process_lock();
	int err = -EAGAIN;
	if (nprocs >= PROCESS_MAX || nprocs >= parent->rlim[RLIMIT_NPROC].cur)
		goto out;
	if (next_is_init && parent == &boot_task && !process_find(1)) {
		p->pid = 1;
		init_proc = p;
		next_is_init = false;
	} else if ((p->pid = alloc_pid()) < 0) {
		goto out;
	}
	p->slot = nprocs;
	table[nprocs++] = p;
	p->parent = parent;
	p->sibling = parent->children;
	parent->children = p;
	err = 0;
out:
	process_unlock(flags);
	return err;
}

static void table_remove(struct process *p)
{
	/* The last entry fills the gap: the table stays dense. */
	BUG_ON(table[p->slot] != p);
	table[p->slot] = table[--nprocs];
	table[p->slot]->slot = p->slot;
	table[nprocs] = NULL;
	struct process **link = &p->parent->children;
	while (*link && *link != p)
		link = &(*link)->sibling;
	if (*link)
		*link = p->sibling;
}

static void process_free(struct process *p)
{
	signal_free(p);
	if (p->arch.fpu)
		fpu_state_free(p->arch.fpu);
	if (p->kstack)
		kstack_free(p->kstack);
	kfree(p);
}

/* A new, unlinked process: struct, kernel stack, FPU area. */
static struct process *process_new(void)
{
	struct process *p = kzalloc(sizeof(*p));
	if (!p)
		return NULL;
	p->kstack = kstack_alloc();
	p->arch.fpu = fpu_state_alloc();
	if (!p->kstack || !p->arch.fpu) {
		process_free(p);
		return NULL;
	}
	p->arch.kstack_top = (uint64_t)p->kstack;
	p->state = PROC_RUNNABLE;
	wait_queue_init(&p->child_exit, "children");
	wait_queue_init(&p->vfork_done, "vfork");
	p->start_ticks = ticks();
	return p;
}

struct process *process_alloc_child(struct process *parent, int *err)
{
	struct process *p = process_new();
	if (!p) {
		*err = -ENOMEM;
		return NULL;
	}
	memcpy(p->name, parent->name, sizeof(p->name));
	memcpy(p->path, parent->path, sizeof(p->path));
	memcpy(p->rlim, parent->rlim, sizeof(p->rlim));
	p->umask = parent->umask;
	p->not_dumpable = parent->not_dumpable;	/* pdeath_signal is not inherited */
	p->no_new_privs = parent->no_new_privs;
	if (parent->cwd.inode)
		p->cwd = path_get(parent->cwd);
	if (!(p->files = fdtable_copy(parent->files))) {
		process_drop_files(p);
		process_free(p);
		*err = -ENOMEM;
		return NULL;
	}
	p->uid = parent->uid, p->euid = parent->euid;
	p->gid = parent->gid, p->egid = parent->egid;
	p->pgid = parent->pgid, p->sid = parent->sid;
	p->arch.fs_base = parent->arch.fs_base;
	p->arch.gs_base = parent->arch.gs_base;
	if ((*err = signal_fork(p, parent)) != 0 || (*err = table_insert(p, parent)) != 0) {
		process_drop_files(p);
		process_free(p);
		return NULL;
	}
	if (parent == &boot_task)	/* a session and group of its own */
		p->pgid = p->sid = p->pid;
	return p;
}

void process_discard_child(struct process *child)
{
	uint64_t flags = process_lock();
	table_remove(child);
	process_unlock(flags);
	if (child->mm)
		process_drop_mm(child);
	process_drop_files(child);
	process_free(child);
}

int process_reap(struct process *z)
{
	BUG_ON(z->state != PROC_ZOMBIE);
	z->parent->cutime += z->utime + z->cutime;
	z->parent->cstime += z->stime + z->cstime;
	int status = z->wait_status;
	table_remove(z);
	process_free(z);
	return status;
}

void process_set_init(void)
{
	next_is_init = true;
}

bool process_is_init(const struct process *p)
{
	return p && p == init_proc;
}

/* Who adopts orphans: init while it lives, else the kernel, which frees
 * them when they end (nobody would wait for them). */
struct process *process_reaper(const struct process *dying)
{
	if (init_proc && init_proc != dying && init_proc->state != PROC_ZOMBIE)
		return init_proc;
	return &boot_task;
}

void process_init_exited(const struct process *p)
{
	if (p == init_proc)
		init_proc = NULL;
}
