/*
 * A process's death (kernel/process.h).
 *
 * Exit, in order: let go of the futex words and the files; release a
 * vfork parent; leave the address space (CR3 goes to the kernel's own,
 * then the user half is freed); free the FPU area; tell the terminal
 * (hang-up, orphaned groups); hand the children to the reaper; become a
 * zombie holding only its wait status, its times, its kernel stack and
 * its struct; wake the parent; switch away for good.  The parent's
 * wait4 frees the rest (process_reap), or the kernel does at once for a
 * child nobody will wait for.
 */
#include "kernel/process.h"
#include "arch/x86_64/cpu/fpu_state.h"
#include "kernel/format.h"
#include "kernel/futex.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/vma.h"
#include "kernel/panic.h"
#include "kernel/printf.h"
#include "kernel/sched.h"
#include "kernel/tty/tty.h"

/* Reap a zombie nobody waits for, with the line a shell prints for a
 * finished background job.  Table locked. */
static void reap_unwaited(struct process *z)
{
	int ws = z->wait_status;
	struct process *parent = z->parent;
	if (parent == process_boot_task() && (ws & 0x7f) == 0)
		kprintf("[%d] %s: exited with status %d\n", z->pid, z->name, (ws >> 8) & 0xff);
	else if (parent == process_boot_task())
		kprintf("[%d] %s: killed by signal %d\n", z->pid, z->name, ws & 0x7f);
	process_reap(z);
	/* A parent that ignores SIGCHLD may wait in wait4 for the last child
	 * to go (then ECHILD). */
	if (parent != process_boot_task())
		wake_up(&parent->child_exit);
}

void process_release(struct process *z)
{
	uint64_t flags = process_lock();
	reap_unwaited(z);
	process_unlock(flags);
}

void user_mm_put(struct user_mm *mm)
{
	if (!mm || --mm->refs)
		return;		/* a vfork parent still uses it */
	if (mm->as)
		as_destroy(mm->as);
	vma_free_all(mm);
	if (mm->exe.inode)
		path_put(mm->exe);
	kfree(mm);
}

void process_drop_mm(struct process *p)
{
	struct user_mm *mm = p->mm;
	p->mm = NULL;
	user_mm_put(mm);
}

void process_vfork_release(struct process *p)
{
	if (p->vfork_child) {	/* a vfork parent that dies first */
		p->vfork_child->vfork_parent = NULL;
		p->vfork_child = NULL;
	}
	struct process *parent = p->vfork_parent;
	if (!parent)
		return;
	p->vfork_parent = NULL;
	parent->vfork_child = NULL;
	wake_up(&parent->vfork_done);
}

/* Hand p's children to the reaper.  Table locked. */
static void reparent_children(struct process *p)
{
	struct process *r = process_reaper(p);
	while (p->children) {
		struct process *c = p->children;
		p->children = c->sibling;
		c->parent = r;
		prctl_parent_exit(c, p);
		c->sibling = r->children;
		r->children = c;
		if (r == process_boot_task()) {
			c->autoreap = true;
			if (c->state == PROC_ZOMBIE)
				reap_unwaited(c);	/* it is off the CPU: free it now */
		} else if (c->state == PROC_ZOMBIE) {
			wake_up(&r->child_exit);
		}
	}
}

__attribute__((noreturn)) static void do_exit(int wait_status)
{
	struct process *p = process_current();
	BUG_ON(p->pid == 0);	/* kernel tasks do not exit */
	futex_mm_release(p);	/* robust list, clear_child_tid: the memory is still there */
	process_drop_files(p);	/* a pipe's other end sees EOF or EPIPE now */
	cli();			/* from here to the switch, nothing else runs */

	process_vfork_release(p);
	if (p->mm) {
		as_switch(&kernel_as);
		process_drop_mm(p);
	}
	fpu_state_free(p->arch.fpu);
	p->arch.fpu = NULL;

	uint64_t flags = process_lock();
	tty_exit_notify(p);	/* hang-up, orphaned groups (Linux's exit_notify) */
	reparent_children(p);
	p->wait_status = wait_status;
	if (signal_notify_parent_exit(p, wait_status))
		p->autoreap = true;	/* the parent ignores SIGCHLD: no zombie */
	p->state = PROC_ZOMBIE;
	process_init_exited(p);
	if (!p->autoreap)
		wake_up(&p->parent->child_exit);
	process_unlock(flags);
	schedule();		/* never comes back: nothing queues a zombie */
	panic("pid %d: a zombie was scheduled", p->pid);
}

void process_exit(int status)
{
	do_exit((status & 0xff) << 8);	/* WIFEXITED, WEXITSTATUS */
}

void process_exit_signal(int signal)
{
	/* WIFSIGNALED, WTERMSIG; and WCOREDUMP (0x80) for the signals whose
	 * default action dumps core -- anvil writes no core file, but the
	 * status says what Linux's would with a core limit. */
	int core = signal_default_action(signal) == SIG_ACT_CORE ? 0x80 : 0;
	do_exit((signal & 0x7f) | core);
}

void process_kill(int signal, const char *what)
{
	struct process *p = process_current();
	kprintf("pid %d (%s): %s, killed\n", p->pid, p->name, what);
	ksnprintf(p->reason, sizeof(p->reason), "%s", what);
	process_exit_signal(signal);
}

void process_bad_return(void)
{
	process_kill(SIGSEGV, "return to a non-canonical address");
}
