/*
 * fork, vfork and clone: a new process that is a copy of the caller.
 *
 * The child gets a copy of the parent's table entry (limits, ids, files,
 * FS/GS bases), of its FPU registers, and of its address space -- shared
 * copy-on-write (as_fork, kernel/mm/vm.h): no page is copied until one
 * side writes to it.  Its kernel stack starts with a copy of the parent's
 * SYSCALL frame under a switch frame that leads to fork_child_entry
 * (arch/x86_64/entry/switch.c), so its first return to ring 3 is the
 * parent's own return from the same system call, with RAX = 0.
 *
 * clone flags anvil understands (include/uapi/linux/sched.h): the exit
 * signal in the low byte, CLONE_VM and CLONE_VFORK (vfork, and glibc's
 * and musl's posix_spawn: CLONE_VM | CLONE_VFORK | SIGCHLD on a new
 * stack), CLONE_SETTLS, CLONE_PARENT_SETTID, CLONE_CHILD_SETTID and
 * CLONE_CHILD_CLEARTID (glibc's fork).  Threads (CLONE_THREAD and what
 * goes with it) are the SMP work's: until then -EINVAL.
 */
#include "arch/x86_64/cpu/fpu_state.h"
#include "arch/x86_64/cpu/percpu.h"
#include "arch/x86_64/insn/cpu.h"
#include "kernel/errno.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/vma.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

#define CSIGNAL			0x000000ff
#define CLONE_VM		0x00000100
#define CLONE_FS		0x00000200
#define CLONE_FILES		0x00000400
#define CLONE_SIGHAND		0x00000800
#define CLONE_VFORK		0x00004000
#define CLONE_PARENT		0x00008000
#define CLONE_THREAD		0x00010000
#define CLONE_SYSVSEM		0x00040000
#define CLONE_SETTLS		0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_CHILD_SETTID	0x01000000

#define CLONE_SUPPORTED (CSIGNAL | CLONE_VM | CLONE_VFORK | CLONE_SETTLS | \
			 CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID)

struct clone_args {
	uint64_t flags, stack, parent_tid, child_tid, tls;
};

/* The child's user memory: the parent's, shared (CLONE_VM), or a
 * copy-on-write copy. */
static int copy_mm(struct process *child, struct user_mm *mm, bool share)
{
	if (share) {
		mm->refs++;
		child->mm = mm;
		return 0;
	}
	struct user_mm *copy = kzalloc(sizeof(*copy));
	if (!copy)
		return -ENOMEM;
	*copy = *mm;
	copy->refs = 1;
	if (vma_copy(copy, mm) != 0) {	/* the areas, with their files */
		kfree(copy);
		return -ENOMEM;
	}
	copy->as = as_fork(mm->as);
	if (!copy->as) {
		vma_free_all(copy);
		kfree(copy);
		return -ENOMEM;
	}
	if (copy->exe.inode)
		path_get(copy->exe);
	child->mm = copy;
	return 0;
}

static long do_fork(const struct clone_args *ca, const uint64_t arg[SYSCALL_MAX_ARGS],
		    const struct user_callee_saved *cs)
{
	uint64_t flags = ca->flags;
	if (flags & CLONE_THREAD)
		return -EINVAL;		/* threads come with SMP */
	if (flags & ~CLONE_SUPPORTED)
		return -EINVAL;

	struct process *parent = process_current(), *child;
	int err;
	if (!(child = process_alloc_child(parent, &err)))
		return err;
	if ((err = copy_mm(child, parent->mm, flags & CLONE_VM)) != 0) {
		process_discard_child(child);
		return err;
	}
	/* The parent's live FPU registers, not the copy saved at its last
	 * switch: it may have changed them since. */
	uint64_t irq = irq_save();	/* fpu_state_save wants them off */
	fpu_state_save(parent->arch.fpu);
	irq_restore(irq);
	fpu_state_copy(child->arch.fpu, parent->arch.fpu);
	if (flags & CLONE_SETTLS)
		child->arch.fs_base = ca->tls;
	if (flags & CLONE_CHILD_CLEARTID)
		child->clear_child_tid = ca->child_tid;
	if (flags & CLONE_CHILD_SETTID)
		child->set_child_tid = ca->child_tid;
	child->sig.exit_signal = (int)(flags & CSIGNAL);	/* 0: the parent is not told */

	/* arg[] is the start of the parent's SYSCALL frame. */
	const struct syscall_frame *f = (const struct syscall_frame *)arg;
	arch_thread_init_fork(&child->arch, f, cs);
	if (ca->stack)
		((struct syscall_frame *)(child->arch.kstack_top - sizeof(*f)))->rsp = ca->stack;

	int pid = child->pid;
	if ((flags & CLONE_PARENT_SETTID) &&
	    copy_to_user(ca->parent_tid, &pid, sizeof(pid))) {
		process_discard_child(child);
		return -EFAULT;
	}
	if (flags & CLONE_VFORK) {
		child->vfork_parent = parent;
		parent->vfork_child = child;
	}
	sched_wake(child);
	/* Until the child execs or exits.  A signal ends the wait early (Linux
	 * makes it killable): the parent then dies at its return to ring 3,
	 * and its exit unlinks the child (process_vfork_release). */
	if (flags & CLONE_VFORK)
		(void)wait_event_interruptible(&parent->vfork_done, parent->vfork_child == NULL);
	return pid;
}

long sys_fork_full(const uint64_t arg[SYSCALL_MAX_ARGS], const struct user_callee_saved *cs)
{
	const struct clone_args ca = { .flags = SIGCHLD };
	return do_fork(&ca, arg, cs);
}

long sys_vfork_full(const uint64_t arg[SYSCALL_MAX_ARGS], const struct user_callee_saved *cs)
{
	const struct clone_args ca = { .flags = CLONE_VM | CLONE_VFORK | SIGCHLD };
	return do_fork(&ca, arg, cs);
}

/* clone(flags, stack, parent_tid, child_tid, tls): the x86-64 order. */
long sys_clone_full(const uint64_t arg[SYSCALL_MAX_ARGS], const struct user_callee_saved *cs)
{
	const struct clone_args ca = { arg[0], arg[1], arg[2], arg[3], arg[4] };
	return do_fork(&ca, arg, cs);
}

/* A forked child's first moment in C (fork_child_entry, before its
 * return to ring 3): CLONE_CHILD_SETTID's write, in its own memory. */
void fork_child_start(void)
{
	sched_tail();
	struct process *p = process_current();
	if (p->set_child_tid) {
		int pid = p->pid;
		(void)copy_to_user(p->set_child_tid, &pid, sizeof(pid));	/* Linux ignores a fault */
		p->set_child_tid = 0;
	}
}
