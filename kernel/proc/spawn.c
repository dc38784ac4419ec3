/*
 * The kernel starting programs of its own: init=, run=, the shell's
 * commands, the demo and the tests (kernel/process.h).  Each is a child
 * of the kernel's boot task, which waits for it (process_run) or lets
 * the kernel free it when it ends (a background program).
 */
#include "arch/x86_64/entry/user.h"
#include "kernel/boot_cost.h"
#include "kernel/errno.h"
#include "kernel/exec.h"
#include "kernel/format.h"
#include "kernel/printf.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/string.h"

/* The environment Linux gives the first process (init/main.c envp_init). */
static const char *const kernel_envp[] = { "HOME=/", "TERM=linux" };

/* A spawned process's first instructions, on its own stack (task_entry
 * calls this after the switch, interrupts off, its address space and
 * initial FPU state already loaded). */
static void start_user(void *arg)
{
	struct process *p = arg;
	user_enter_work(p->start_ip, p->start_sp);	/* a kill may have come first */
	boot_cost_ring3();	/* the first time: how long the boot took */
	user_enter(p->start_ip, p->start_sp);
}

static int build_args(struct exec_args *a, int argc, const char *const *argv)
{
	int err = exec_args_init(a);
	for (int i = 0; !err && i < argc; i++)
		err = exec_args_add(a, argv[i], false);
	for (unsigned i = 0; !err && i < sizeof(kernel_envp) / sizeof(kernel_envp[0]); i++)
		err = exec_args_add(a, kernel_envp[i], true);
	return err;
}

int process_spawn(const char *path, int argc, const char *const *argv, bool autoreap)
{
	struct exec_args a;
	int err = build_args(&a, argc, argv);
	if (err) {
		exec_args_free(&a);
		return err;
	}
	struct process *p = process_alloc_child(process_boot_task(), &err);
	if (p)
		err = exec_image(p, path, &a, &p->mm, &p->start_ip, &p->start_sp);
	exec_args_free(&a);
	if (!p)
		return err;
	if (err) {
		process_discard_child(p);
		return err;
	}
	process_set_names(p, path);
	p->autoreap = autoreap;
	arch_thread_init_kernel(&p->arch, start_user, p);
	int pid = p->pid;
	sched_wake(p);
	return pid;
}

int process_wait_kernel(int pid, struct process_result *res)
{
	struct process *self = process_current();
	uint64_t flags = process_lock();
	struct process *child = process_find(pid);
	bool mine = child && child->parent == self && !child->autoreap;
	process_unlock(flags);
	if (!mine)
		return -ECHILD;

	wait_event(&self->child_exit, child->state == PROC_ZOMBIE);

	flags = process_lock();
	int ws = child->wait_status;
	*res = (struct process_result){ .pid = pid };
	if ((ws & 0x7f) == 0) {
		res->status = (ws >> 8) & 0xff;
	} else {
		res->signal = ws & 0x7f;
		res->status = 128 + res->signal;
		ksnprintf(res->reason, sizeof(res->reason), "%s", child->reason);
	}
	process_reap(child);
	process_unlock(flags);
	return 0;
}

int process_run(const char *path, int argc, const char *const *argv, struct process_result *res)
{
	int pid = process_spawn(path, argc, argv, false);
	if (pid < 0)
		return pid;
	return process_wait_kernel(pid, res);
}

void process_demo(void)
{
	static const char *const argv[] = { "/bin/hello" };
	struct process_result r;
	int err = process_run(argv[0], 1, argv, &r);
	if (err)
		kprintf("demo: cannot run %s (%d)\n", argv[0], err);
	else
		kprintf("demo: %s (pid %d) exited with status %d\n", argv[0], r.pid, r.status);
}
