/*
 * Processes: one program from a GRUB module, run in ring 3 in an address
 * space of its own, one at a time, to completion.
 *
 *	struct process_result r;
 *	const char *argv[] = { "/bin/hello" };
 *	if (process_run("/bin/hello", 1, argv, &r) == 0)
 *		kprintf("status %d\n", r.status);
 *
 * docs/howto-add-program.md; the loader is kernel/exec.c.
 */
#ifndef ANVIL_KERNEL_PROCESS_H
#define ANVIL_KERNEL_PROCESS_H

#include <stdbool.h>
#include <stdint.h>
#include "arch/x86_64/entry/user.h"
#include "kernel/mm/vm.h"

#define PROCESS_MAX_FDS		16
#define PROCESS_MAX_ARGS	32
#define PROCESS_NAME_LEN	32
#define PROCESS_PATH_LEN	64

/* The user half, from the top down (docs/syscalls.md has the picture). */
#define USER_STACK_TOP		0x00007ffffffff000UL	/* the page above stays unmapped */
#define USER_STACK_SIZE		(256 * 1024UL)		/* mapped at start; below it nothing */
#define USER_HEAP_MAX		(1UL << 30)		/* brk may grow the heap this far */

/* Signals a shell reports (Linux numbering, asm-generic/signal.h). */
#define SIGILL		4
#define SIGTRAP		5
#define SIGBUS		7
#define SIGFPE		8
#define SIGSEGV		11

enum fd_kind {
	FD_NONE,		/* not open */
	FD_CONSOLE_IN,		/* the console's input (fd 0) */
	FD_CONSOLE_OUT,		/* the console (fds 1 and 2) */
	FD_NULL,		/* /dev/null: writes vanish, reads see end-of-file */
};

struct process_result;

struct process {
	int pid;
	char name[PROCESS_NAME_LEN];	/* the path's last part: "hello" */
	char path[PROCESS_PATH_LEN];	/* "/bin/hello" */
	struct addr_space *as;
	void *kstack;			/* top of its kernel stack */
	uint64_t heap_start, brk;	/* the heap is [heap_start, brk) */
	uint64_t fs_base, gs_base;	/* arch_prctl */
	enum fd_kind fds[PROCESS_MAX_FDS];
	struct kcontext kctx;		/* where user_leave returns to */
	struct process_result *result;
};

struct process_result {
	int pid;
	int status;		/* 0-255: the exit status, or 128 + signal */
	int signal;		/* 0, or the signal that killed it */
	char reason[128];	/* the kill line's description, "" after exit */
};

/* Load path (a module "/bin/NAME") and run it with argv[0..argc) until it
 * exits or is killed.  0 and *res filled in; or -ENOENT (no such
 * program), -ENOEXEC (its ELF file is refused; the reason is logged),
 * -ENOMEM, -EINVAL (too many or too long arguments). */
int process_run(const char *path, int argc, const char *const *argv, struct process_result *res);

/* The process whose system call or fault is being handled; NULL while
 * the kernel runs for itself. */
struct process *process_current(void);

/* End the current process: exit(status), or killed by signal with one
 * log line "pid N (name): <what>, killed".  Both return to process_run. */
__attribute__((noreturn)) void process_exit(int status);
__attribute__((noreturn)) void process_kill(int signal, const char *what);

/* A page fault at addr in the user half: if it lies in the current
 * process's heap and nothing is mapped there, map a zeroed page and
 * return true (demand paging); otherwise false. */
bool process_fault_in(uint64_t addr);

/* A return to ring 3 would go to a non-canonical address
 * (user_return_check, and the fix-ups of the system call entries'
 * iretq): end the program with SIGSEGV. */
__attribute__((noreturn)) void process_bad_return(void);

/* A short demo of running programs (the boot without init=). */
void process_demo(void);

#endif
