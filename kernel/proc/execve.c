/*
 * execve(path, argv, envp): replace the calling process's program
 * (kernel/exec.h).  Everything that can fail is done before the old
 * program is touched -- the path, the argument strings, the new image --
 * so a failed execve returns an error to a program that is still whole,
 * as on Linux.  Errors in Linux's order (fs/exec.c do_execveat_common):
 * the path (-EFAULT, -ENAMETOOLONG), the file (-ENOENT), the arguments
 * (-EFAULT, -E2BIG), the image (-ENOEXEC, -ENOMEM).
 */
#include "arch/x86_64/cpu/fpu_state.h"
#include "arch/x86_64/entry/user.h"
#include "arch/x86_64/insn/cpu.h"
#include "kernel/fs/fdtable.h"
#include "kernel/errno.h"
#include "kernel/exec.h"
#include "kernel/format.h"
#include "kernel/futex.h"
#include "kernel/mm/heap.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

/* Copy a NULL-terminated array of string pointers from the program. */
static int copy_strings(struct exec_args *a, uint64_t uarray, bool env)
{
	if (!uarray)
		return 0;	/* Linux takes a NULL argv or envp as empty */
	for (uint64_t i = 0;; i++) {
		uint64_t ptr;
		if (copy_from_user(&ptr, uarray + 8 * i, sizeof(ptr)))
			return -EFAULT;
		if (!ptr)
			return 0;
		int err = exec_args_add_user(a, ptr, env);
		if (err)
			return err;
	}
}

void exec_switch(struct process *p, const char *path, struct user_mm *mm, uint64_t entry,
		 uint64_t sp)
{
	futex_mm_release(p);	/* in the old memory, as Linux's exec_mm_release */
	fd_close_on_exec(p);	/* FD_CLOEXEC: the point of no return is passed */
	cli();			/* until iretq: nothing may see half a switch */
	as_switch(mm->as);
	process_drop_mm(p);	/* the old image (kept if a vfork parent shares it) */
	p->mm = mm;
	process_set_names(p, path);
	p->not_dumpable = false;	/* Linux's begin_new_exec: SUID_DUMP_USER */
	fpu_state_reset(p->arch.fpu);	/* the architectural initial state */
	fpu_state_load(p->arch.fpu);
	p->arch.fs_base = p->arch.gs_base = 0;
	user_set_fs_base(0);
	user_set_gs_base(0);
	if (signal_exec(p))	/* handlers mean nothing in the new program */
		process_kill(SIGKILL, "out of memory for the signal actions at execve");
	process_vfork_release(p);	/* the parent may run on */
	user_enter_work(entry, sp);	/* as on every way to ring 3 */
	user_enter(entry, sp);
}

long sys_execve(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct process *p = process_current();
	char *path = kmalloc(PATH_MAX);
	struct exec_args a = { 0 };
	struct user_mm *mm = NULL;
	uint64_t entry, sp;
	long err = -ENOMEM;
	if (!path)
		return -ENOMEM;
	if ((err = strncpy_from_user(path, arg[0], PATH_MAX)) < 0)
		goto out;
	struct path exe;
	if ((err = exec_open(path, &exe)) != 0)
		goto out;	/* Linux's order: the file before the arguments */
	path_put(exe);
	if ((err = exec_args_init(&a)) != 0)
		goto out;
	if ((err = copy_strings(&a, arg[1], false)) != 0 ||
	    (err = copy_strings(&a, arg[2], true)) != 0)
		goto out;
	if ((err = exec_image(p, path, &a, &mm, &entry, &sp)) != 0)
		goto out;
	exec_args_free(&a);
	char name[PROCESS_PATH_LEN];
	ksnprintf(name, sizeof(name), "%s", path);
	kfree(path);
	exec_switch(p, name, mm, entry, sp);
out:
	exec_args_free(&a);
	kfree(path);
	return err;
}
