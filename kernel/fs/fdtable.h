/*
 * A process's descriptor table: slot n holds the open file descriptor n
 * names, and a close-on-exec bit (FD_CLOEXEC) that belongs to the slot,
 * not to the open file -- so dup gives a new descriptor without it, while
 * both share the offset and status flags of one struct file.
 *
 * The table grows as needed up to RLIMIT_NOFILE (EMFILE past it).  fork
 * copies it (each file gains a reference); a CLONE_FILES thread will
 * share it (refs).  docs/files.md, "Descriptors".
 */
#ifndef ANVIL_KERNEL_FS_FDTABLE_H
#define ANVIL_KERNEL_FS_FDTABLE_H

#include <stdbool.h>
#include <stdint.h>

struct file;
struct process;

struct fd_table {
	unsigned refs;
	unsigned cap;			/* slots allocated */
	struct file **files;		/* cap entries; NULL = free */
	uint64_t *cloexec;		/* cap bits */
};

/* An empty table: NULL when out of memory. */
struct fd_table *fdtable_new(void);
/* fork: a copy sharing every open file. NULL when out of memory. */
struct fd_table *fdtable_copy(const struct fd_table *t);
/* Drop one reference; the last closes every descriptor. */
void fdtable_put(struct fd_table *t);

/* The current process's open file for fd (no reference taken: valid
 * until the caller's system call returns), or NULL (EBADF). */
struct file *fd_file(int fd);
/* Install f (the caller's reference moves into the table) at the lowest
 * free descriptor >= min, below RLIMIT_NOFILE: the descriptor, or
 * -EMFILE / -EINVAL (min past the limit) / -ENOMEM. */
int fd_install(struct file *f, int min, bool cloexec);
/* Put f at exactly fd, closing what was there (dup2, dup3): fd, or
 * -EBADF (fd past RLIMIT_NOFILE), -ENOMEM. */
int fd_install_at(struct file *f, int fd, bool cloexec);
/* close(fd): 0 or -EBADF. */
int fd_close(int fd);
bool fd_cloexec(int fd);
void fd_set_cloexec(int fd, bool on);
/* execve: close every FD_CLOEXEC descriptor of p. */
void fd_close_on_exec(struct process *p);
/* The highest open descriptor + 1 of p's table (for /proc/PID/fd). */
unsigned fd_count(const struct process *p);
/* p's open file at fd, or NULL (no reference). */
struct file *fd_file_of(const struct process *p, int fd);

#endif
