/*
 * Loading a program: a new user address space holding path's ELF image,
 * its stack with the arguments, environment and auxiliary vector, and an
 * empty heap (kernel/exec.c).  The caller -- process_spawn for the
 * kernel's programs, execve for a process's -- then switches to it.
 */
#ifndef ANVIL_KERNEL_EXEC_H
#define ANVIL_KERNEL_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kernel/process.h"

/* The most the argument and environment strings and their pointers may
 * take together: Linux's classic ARG_MAX (E2BIG past it). */
#define EXEC_ARGS_MAX	(128 * 1024)

/* argv's strings, then envp's, one after another, each with its NUL. */
struct exec_args {
	char *buf;		/* cap bytes: grows up to EXEC_ARGS_MAX */
	size_t len, cap;
	int argc, envc;
};

/* 0, or -ENOMEM. */
int exec_args_init(struct exec_args *a);
void exec_args_free(struct exec_args *a);
/* Append one string: a kernel one, or one from the program's memory.
 * 0, -E2BIG (no room), -EFAULT.  All of argv's before any of envp's. */
int exec_args_add(struct exec_args *a, const char *s, bool env);
int exec_args_add_user(struct exec_args *a, uint64_t ustr, bool env);

/* Find the program at path (from the cwd): 0 with a referenced *exe, or
 * -ENOENT, -ENOTDIR, -ELOOP, -EACCES (not a regular file, or no execute
 * permission), as execve reports them before reading its arguments. */
int exec_open(const char *path, struct path *exe);

/* Build the image of path for p: 0 with *mm, *entry and *sp; or -ENOENT
 * (no such program), exec_open's errors, -EIO, -ENOEXEC (refused: the reason is logged), -ENOMEM.
 * Nothing of p changes: a failed exec leaves the old program intact. */
int exec_image(struct process *p, const char *path, const struct exec_args *a,
	       struct user_mm **mm, uint64_t *entry, uint64_t *sp);

/* #! scripts (kernel/exec_script.c).  Does the file's head start with
 * "#!"?  Then the interpreter's path into interp (EXEC_INTERP_MAX bytes)
 * and its arguments into *out (interp, its argument, path, old's argv
 * after argv[0], old's envp): 0, -ENOEXEC (no interpreter named), -E2BIG,
 * -ENOMEM. */
#define EXEC_INTERP_MAX	256
#define EXEC_MAX_DEPTH	4
bool exec_is_script(const uint8_t *head, size_t n);
int exec_script_args(const uint8_t *head, size_t n, const char *path,
		     const struct exec_args *old, struct exec_args *out, char *interp);

/* Make mm p's (current) image and start it at entry/sp: the old one is
 * dropped, the FPU and segment bases reset, a vfork parent released.
 * Never returns. */
__attribute__((noreturn)) void exec_switch(struct process *p, const char *path,
					   struct user_mm *mm, uint64_t entry, uint64_t sp);

#endif
