/*
 * Processes: programs running in ring 3, each in an address space of its
 * own, many at once (kernel/sched.h switches between them).
 *
 *	struct process_result r;
 *	const char *argv[] = { "/bin/hello" };
 *	if (process_run("/bin/hello", 1, argv, &r) == 0)
 *		kprintf("status %d\n", r.status);
 *
 * A process's life (docs/processes.md): created by the kernel
 * (process_spawn) or by fork; runs, sleeps, is preempted; exits or is
 * killed and becomes a zombie; its parent reaps it with wait4, which
 * frees what was left.  Orphans are adopted by the reaper: PID 1 when
 * init= started one, else the kernel.  The loader is kernel/exec.c.
 */
#ifndef ANVIL_KERNEL_PROCESS_H
#define ANVIL_KERNEL_PROCESS_H

#include <stdbool.h>
#include <stdint.h>
#include "arch/x86_64/entry/switch.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/vm.h"
#include "kernel/signal.h"
#include "kernel/vdso.h"
#include "kernel/wait.h"

#define PROCESS_MAX		512	/* slots in the process table */
#define PID_MAX			32768	/* pids wrap round below this, as Linux's default */
#define PROCESS_MAX_ARGS	32	/* for the kernel's own callers (init=, run=, shell) */
#define PROCESS_NAME_LEN	16	/* TASK_COMM_LEN */
#define PROCESS_PATH_LEN	64

/* The user half, from the top down (docs/syscalls.md has the picture). */
#define USER_STACK_TOP		0x00007ffffffff000UL	/* the page above stays unmapped */
#define USER_STACK_MAX		(256 * 1024 * 1024UL)	/* RLIMIT_STACK can ask no more */
#define USER_HEAP_MAX		(1UL << 30)		/* brk may grow the heap this far */

/* Resource limits (Linux include/uapi/asm-generic/resource.h). */
#define RLIMIT_CPU		0
#define RLIMIT_FSIZE		1
#define RLIMIT_DATA		2
#define RLIMIT_STACK		3
#define RLIMIT_CORE		4
#define RLIMIT_RSS		5
#define RLIMIT_NPROC		6
#define RLIMIT_NOFILE		7
#define RLIMIT_MEMLOCK		8
#define RLIMIT_AS		9
#define RLIMIT_LOCKS		10
#define RLIMIT_SIGPENDING	11
#define RLIMIT_MSGQUEUE		12
#define RLIMIT_NICE		13
#define RLIMIT_RTPRIO		14
#define RLIMIT_RTTIME		15
#define RLIM_NLIMITS		16
#define RLIM_INFINITY		(~0UL)

struct vm_area;

struct rlimit {
	uint64_t cur, max;	/* soft and hard */
};

/* Linux's task states, as /proc and ps show them (R, S, D, T, Z). */
enum process_state {
	PROC_RUNNING,		/* on the CPU */
	PROC_RUNNABLE,		/* in the run queue */
	PROC_SLEEPING,		/* waiting; a kill wakes it (interruptible) */
	PROC_SLEEPING_UNINT,	/* waiting; nothing but the event wakes it */
	PROC_STOPPED,		/* SIGSTOP (the signals issue) */
	PROC_ZOMBIE,		/* exited; waiting for its parent to reap it */
};

/* A user address space and what lives in it; shared by a vfork child
 * (CLONE_VM) until it execs or exits. */
struct user_mm {
	struct addr_space *as;
	unsigned refs;
	uint64_t heap_start, brk;	/* the heap is [heap_start, brk) */
	uint64_t stack_low;		/* lowest stack page mapped so far */
	uint64_t stack_top;		/* above the stack (exec, kernel/mm/layout.c) */
	uint64_t mmap_base;		/* mmap's areas go top-down from here */
	struct path exe;		/* the program's file (/proc/PID/exe) */
	/* Where exec put the argument strings on the stack, NUL-separated
	 * (Linux's mm->arg_start/arg_end): /proc/PID/cmdline reads them. */
	uint64_t arg_start, arg_end;
	struct vm_area *areas;		/* mmap's areas, sorted (kernel/mm/vma.h) */
	uint64_t vdso_base;		/* the vDSO's ELF header, 0 if none (kernel/vdso.h) */
};

struct process {
	int pid;			/* 0: a kernel task (the boot task, idle) */
	unsigned slot;			/* its index in the process table */
	enum process_state state;
	char name[PROCESS_NAME_LEN];	/* the path's last part: "hello" */
	char path[PROCESS_PATH_LEN];	/* "/bin/hello" */

	struct arch_thread arch;	/* kernel stack, FS/GS bases, FPU */
	void *kstack;			/* top of its kernel stack (kstack_alloc) */
	struct user_mm *mm;		/* NULL for a kernel task */

	/* Family.  parent is never NULL for a process: the kernel's boot
	 * task is the parent of what the kernel starts itself. */
	struct process *parent;
	struct process *children;	/* first child; each links on by sibling */
	struct process *sibling;
	struct wait_queue child_exit;	/* wait4 sleeps here */
	struct wait_queue vfork_done;	/* a vfork parent sleeps here... */
	struct process *vfork_child;	/* ...until this child execs or exits */
	struct process *vfork_parent;	/* the parent waiting for this child */
	bool autoreap;			/* no one will wait: freed when it exits */

	/* Scheduling (kernel/sched.c). */
	struct process *rq_next;	/* run queue link */
	bool on_rq;			/* in the run queue */
	unsigned slice;			/* ticks left in its time slice */
	struct wait_queue *waiting_on;	/* the queue it sleeps on, if any */
	struct process *wq_next;	/* link in that queue */
	uint64_t wake_at_ns;		/* sleep deadline (0: none) */
	struct process *timer_next;	/* link in the sleepers list */
	uint64_t start_ip, start_sp;	/* where a spawned process enters ring 3 */

	/* Credentials, session, limits (uid/gid 0 for now). */
	uint32_t uid, euid, gid, egid;
	int pgid, sid;
	struct rlimit rlim[RLIM_NLIMITS];

	/* Accounting, in ticks (times, getrusage). */
	uint64_t utime, stime, cutime, cstime;
	uint64_t vdso_calls[VDSO_CALLS];	/* system calls the vDSO stands in for (kernel/vdso.h) */
	uint64_t start_ticks;

	struct signal_state sig;	/* pending signals (kernel/signal.h) */
	uint64_t clear_child_tid;	/* set_tid_address, CLONE_CHILD_CLEARTID */
	uint64_t set_child_tid;		/* CLONE_CHILD_SETTID: written at its first run */
	uint64_t robust_list;		/* set_robust_list's head: walked at exit (kernel/futex.h) */
	struct fd_table *files;		/* descriptors (kernel/fs/fdtable.h) */
	struct path cwd;		/* the current directory */
	uint32_t umask;

	/* prctl(2)'s per-process settings (kernel/proc/sys_prctl.c). */
	int pdeath_signal;		/* sent to it when its parent exits (0: none) */
	bool not_dumpable;		/* PR_SET_DUMPABLE 0; back to dumpable at execve */
	bool no_new_privs;		/* PR_SET_NO_NEW_PRIVS: sticky, inherited */

	/* How it ended: the wait status (Linux's encoding) and, for the
	 * kernel's own report, the kill reason. */
	int wait_status;
	char reason[128];
};

struct process_result {
	int pid;
	int status;		/* 0-255: the exit status, or 128 + signal */
	int signal;		/* 0, or the signal that killed it */
	char reason[128];	/* the kill line's description, "" after exit */
};

/* The process table and the boot task (call once, before any process). */
void process_init(void);

/* Start path (a module "/bin/NAME") with argv[0..argc) as a child of the
 * kernel; it runs when the scheduler picks it.  Its pid, or -ENOENT (no
 * such program), -ENOEXEC (its ELF file is refused; the reason is
 * logged), -ENOMEM, -EAGAIN (the table is full), -E2BIG. */
int process_spawn(const char *path, int argc, const char *const *argv, bool autoreap);

/* process_spawn, then sleep until it ends: 0 and *res filled in, or the
 * error from process_spawn. */
int process_run(const char *path, int argc, const char *const *argv, struct process_result *res);

/* Wait for the kernel's child pid (started with autoreap false) to end
 * and reap it.  0, or -ECHILD. */
int process_wait_kernel(int pid, struct process_result *res);

/* Make the next process the kernel starts PID 1, the reaper of orphans,
 * whose end ends the run (init=). */
void process_set_init(void);

/* Is p init (the PID 1 init= started; run='s first program is not)? */
bool process_is_init(const struct process *p);

/* The task running now (a kernel task when no process is). */
struct process *process_current(void);
/* The process with this pid, or NULL.  Call with process_lock held. */
struct process *process_find(int pid);
/* The lock of the table and of every family link. */
uint64_t process_lock(void);
void process_unlock(uint64_t flags);

/* The process in table slot i, or NULL past the last one (the table has
 * no gaps: slots 0..process_count()-1).  Table locked. */
struct process *process_find_slot(unsigned i);

/* Call fn on every process in the table (pid order), with the table
 * locked: fn must not sleep. */
void process_for_each(void (*fn)(struct process *p, void *arg), void *arg);
/* Processes in the table now. */
unsigned process_count(void);

/* A new process for fork: a copy of parent's table entry, in the table
 * under a fresh pid, RUNNABLE not yet (the caller finishes it and calls
 * sched_wake).  NULL and *err when the table is full (-EAGAIN) or memory
 * is out (-ENOMEM). */
struct process *process_alloc_child(struct process *parent, int *err);
/* path ("/bin/hello") and its last part ("hello") as p's names. */
void process_set_names(struct process *p, const char *path);

/* Undo process_alloc_child for a child that never ran. */
void process_discard_child(struct process *child);

/* End the current process: exit(status), or killed by signal with one
 * log line "pid N (name): <what>, killed".  Neither returns. */
__attribute__((noreturn)) void process_exit(int status);
__attribute__((noreturn)) void process_kill(int signal, const char *what);
/* End the current process because of a signal whose default action is
 * to terminate (no log line: kill(2) is not a fault). */
__attribute__((noreturn)) void process_exit_signal(int signal);
/* Who adopts the children of dying: init while it lives, else the boot
 * task (kernel/process.c, for kernel/proc/exit.c). */
struct process *process_reaper(const struct process *dying);
/* p, exiting, was init: there is none now. */
void process_init_exited(const struct process *p);
/* c's parent p is exiting: c's PR_SET_PDEATHSIG signal, if it asked for
 * one (kernel/proc/sys_prctl.c).  Table locked. */
void prctl_parent_exit(struct process *c, const struct process *p);

/* Reap a zombie child: account its times to the parent, unlink and free
 * it; returns its wait status.  Table locked. */
int process_reap(struct process *zombie);

/* Free an autoreaped zombie once it is off the CPU (the scheduler). */
void process_release(struct process *zombie);

/* Write a struct rusage with these times (ticks) to the program's
 * uaddr: 0 or -EFAULT (kernel/proc/sys_wait.c). */
int put_rusage(uint64_t uaddr, uint64_t utime, uint64_t stime);

/* Drop a reference to a user address space; the last frees it. */
void user_mm_put(struct user_mm *mm);

/* Give up the user address space (exit, or exec replacing it). */
void process_drop_mm(struct process *p);

/* Wake a vfork parent waiting for p (p execs or exits). */
void process_vfork_release(struct process *p);

/* A page fault at addr in the user half: if it lies in the current
 * process's heap or below its stack (within RLIMIT_STACK) and nothing is
 * mapped there, map a zeroed page and return true (demand paging);
 * otherwise false.  Out of memory, the process is killed (SIGKILL). */
bool process_fault_in(uint64_t addr);

/* The lowest address p's stack may grow down to (RLIMIT_STACK). */
uint64_t process_stack_floor(const struct process *p);

/* The kernel's own task (pid 0): kmain, the shell, init= and run=. */
struct process *process_boot_task(void);
/* Once the root is mounted: the boot task's cwd is /, and its 0, 1, 2
 * the console (/dev/console), which every program it starts inherits. */
void process_boot_files(void);
/* Close p's descriptors and let go of its cwd: at exit (a pipe's other
 * end sees EOF or EPIPE then), or for a child that never ran. */
void process_drop_files(struct process *p);

/* A return to ring 3 would go to a non-canonical address
 * (user_return_check, and the fix-ups of the system call entries'
 * iretq): end the program with SIGSEGV. */
__attribute__((noreturn)) void process_bad_return(void);

/* A short demo of running programs (the boot without init=). */
void process_demo(void);

#endif
