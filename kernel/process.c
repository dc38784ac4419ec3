/*
 * Running one program at a time (kernel/process.h).
 *
 * process_run() finds the module, loads it into a new address space
 * (kernel/exec.c), gives it a kernel stack, and enters ring 3 with
 * user_enter(), which returns when the program exits or is killed.
 * Everything the process owned is then freed, and the next program
 * starts from a clean slate.
 */
#include "kernel/process.h"
#include "arch/x86_64/insn/clear_page.h"
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/cpu/percpu.h"
#include "arch/x86_64/cpu/simd.h"
#include "kernel/addr.h"
#include "kernel/boot.h"
#include "kernel/boot_cost.h"
#include "kernel/errno.h"
#include "kernel/exec.h"
#include "kernel/format.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/kstack.h"
#include "kernel/mm/pmm.h"
#include "kernel/panic.h"
#include "kernel/printf.h"
#include "kernel/string.h"

static struct process *current;
static int next_pid = 1;

struct process *process_current(void)
{
	return current;
}

static void set_names(struct process *p, const char *path)
{
	const char *base = path;
	for (const char *s = path; *s; s++)
		if (*s == '/')
			base = s + 1;
	ksnprintf(p->path, sizeof(p->path), "%s", path);
	ksnprintf(p->name, sizeof(p->name), "%s", base);
}

static void process_free(struct process *p)
{
	if (p->kstack)
		kstack_free(p->kstack);
	if (p->as)
		as_destroy(p->as);
	kfree(p);
}

int process_run(const char *path, int argc, const char *const *argv, struct process_result *res)
{
	BUG_ON(current);	/* one at a time: never called from a system call */
	const struct mb2_module *m = boot_module(path);
	if (!m)
		return -ENOENT;

	struct process *p = kzalloc(sizeof(*p));
	if (!p)
		return -ENOMEM;
	set_names(p, path);
	p->fds[0] = FD_CONSOLE_IN;
	p->fds[1] = FD_CONSOLE_OUT;
	p->fds[2] = FD_CONSOLE_OUT;
	p->result = res;

	uint64_t entry, sp;
	int err = exec_load(p, phys_to_virt(m->start), m->end - m->start, argc, argv, &entry, &sp);
	if (!err && !(p->kstack = kstack_alloc()))
		err = -ENOMEM;
	if (err) {
		process_free(p);
		return err;
	}
	p->pid = next_pid++;
	*res = (struct process_result){ .pid = p->pid };

	/* Interrupts off until iretq turns them on in ring 3: between
	 * user_enter's swapgs and its iretq GS is already the program's. */
	uint64_t irq_flags = irq_save();
	current = p;
	as_switch(p->as);
	percpu_set_kernel_stack((uint64_t)p->kstack);
	user_set_fs_base(0);
	user_set_gs_base(0);
	simd_reset_user_state();	/* nothing of the last program's FPU/SSE state */
	boot_cost_ring3();	/* the first time: how long the boot took */
	user_enter(&p->kctx, entry, sp);

	/* Back from ring 3 for good: exit or kill filled in *res. */
	user_set_fs_base(0);
	user_set_gs_base(0);
	as_switch(&kernel_as);
	current = NULL;
	irq_restore(irq_flags);	/* a kill comes back with them off */
	process_free(p);
	return 0;
}

void process_exit(int status)
{
	struct process *p = current;
	p->result->status = status & 0xff;	/* what wait() would report */
	user_leave(&p->kctx, 0);
}

void process_kill(int signal, const char *what)
{
	struct process *p = current;
	kprintf("pid %d (%s): %s, killed\n", p->pid, p->name, what);
	p->result->status = 128 + signal;
	p->result->signal = signal;
	ksnprintf(p->result->reason, sizeof(p->result->reason), "%s", what);
	user_leave(&p->kctx, 0);
}

void process_bad_return(void)
{
	process_kill(SIGSEGV, "return to a non-canonical address");
}

bool process_fault_in(uint64_t addr)
{
	struct process *p = current;
	if (!p || addr < p->heap_start || addr >= page_round_up(p->brk))
		return false;
	uint64_t page = page_round_down(addr), pa;
	if (vm_translate(p->as, page, &pa, NULL))
		return false;	/* mapped already: a protection fault, not ours */
	uint64_t frame = pmm_alloc();
	if (!frame)
		return false;	/* out of memory: the fault kills the program */
	clear_page(phys_to_virt(frame));
	if (vm_map(p->as, page, frame, VM_USER | VM_WRITE | VM_NX) != 0) {
		pmm_free(frame);
		return false;
	}
	return true;
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
