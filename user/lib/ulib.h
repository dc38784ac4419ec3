/*
 * ulib.h - anvil's tiny user library: no libc, just what test programs and
 * benchmarks need. Every function ends in a raw system call from syscall.h.
 */
#ifndef ANVIL_USER_ULIB_H
#define ANVIL_USER_ULIB_H

#include "syscall.h"

typedef unsigned long size_t;
typedef long ssize_t;

#define NULL ((void *)0)

/* Auxiliary vector types (Linux include/uapi/linux/auxvec.h). */
#define AT_NULL		0	/* end of the vector */
#define AT_PHDR		3	/* address of the program headers */
#define AT_PHENT	4	/* size of one program header */
#define AT_PHNUM	5	/* number of program headers */
#define AT_PAGESZ	6	/* page size */
#define AT_ENTRY	9	/* the program's entry point */
#define AT_RANDOM	25	/* address of 16 random bytes */

/* The value of auxiliary vector entry `type`, or 0 if absent. */
unsigned long getauxval(unsigned long type);

/*
 * String and memory functions. The compiler may emit calls to memcpy,
 * memset, memmove and memcmp by itself (for struct copies and zeroing), even
 * with -ffreestanding, so these must exist under exactly these names.
 */
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
/* The decimal number at the start of s (digits only; 0 if none): for
 * programs' numeric arguments. */
long parse_ulong(const char *s);

/* System calls with friendlier types; each returns the raw result or -errno. */
ssize_t write(int fd, const void *buf, size_t len);
ssize_t read(int fd, void *buf, size_t len);
int open(const char *path, int flags);
int close(int fd);
long getpid(void);
void exit(int status) __attribute__((noreturn));

/*
 * Processes (proc.c, vfork.asm). Raw Linux system calls: each returns the
 * result or -errno; there are no signal handlers and no threads.
 *
 * fork()    a copy of this process; 0 in the child, the child's pid here.
 * vfork()   the child borrows this address space, stack included, and this
 *           process waits until the child calls execve or exits. The child
 *           may only store to memory, then call execve() or exit(): it must
 *           not return from the function that called vfork(). Written in
 *           assembly (vfork.asm): see there why a C wrapper cannot work.
 *           returns_twice tells the compiler it returns in both processes,
 *           as for setjmp, so it keeps no values in registers across it.
 * clone()   the raw call (Linux's x86-64 argument order). With stack NULL
 *           and without CLONE_VM it is a fork; sharing memory or a new
 *           stack needs an assembly wrapper, which this library lacks.
 */
long fork(void);
long vfork(void) __attribute__((returns_twice));
long clone(unsigned long flags, void *stack, int *parent_tid, int *child_tid,
	   unsigned long tls);
long execve(const char *path, char *const argv[], char *const envp[]);
long wait4(long pid, int *status, int options, void *rusage);
long waitid(int idtype, long id, struct siginfo *info, int options);
long kill(long pid, int sig);
long getppid(void);
long getuid(void);
long gettid(void);
long sched_yield(void);
long nanosleep(const struct timespec *req, struct timespec *rem);
long brk(void *addr);		/* the new break; the old one if it failed */
long getrlimit(int resource, struct rlimit *rlim);
long setrlimit(int resource, const struct rlimit *rlim);
long prlimit64(long pid, int resource, const struct rlimit *new_rlim,
	       struct rlimit *old_rlim);
void exit_group(int status) __attribute__((noreturn));

/*
 * Memory mappings (mman.c; Linux include/uapi/asm-generic/mman-common.h).
 * mmap returns the address or -errno (a value in [-4095, -1]: test with
 * mmap_failed); munmap and mprotect 0 or -errno.
 */
#define PROT_NONE		0x0
#define PROT_READ		0x1
#define PROT_WRITE		0x2
#define PROT_EXEC		0x4
#define MAP_SHARED		0x01
#define MAP_PRIVATE		0x02
#define MAP_FIXED		0x10
#define MAP_ANONYMOUS		0x20
#define MAP_GROWSDOWN		0x0100
#define MAP_NORESERVE		0x4000
#define MAP_POPULATE		0x8000
#define MAP_STACK		0x20000
#define MAP_FIXED_NOREPLACE	0x100000
void *mmap(void *addr, size_t len, int prot, int flags, int fd, long off);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);
static inline int mmap_failed(const void *p)
{
	return (unsigned long)p >= -4095UL;
}

/*
 * Wait here until some other process kills this one: a child that must
 * stay alive for a test (to be killed, or to hold a process slot). Sleeps
 * a second at a time so that it costs no CPU; the sleeps order nothing.
 */
void idle_forever(void) __attribute__((noreturn));
/* fork a child that spins in ring 3 for ever, making no system call (the
 * empty asm keeps the loop from being optimised away); the child's pid. */
long spinner(void);

/* Output on fd 1. */
void puts_fd(int fd, const char *s);	/* no newline added */
void print_str(const char *s);
void print_udec(unsigned long v);
void print_dec(long v);
void print_hex(unsigned long v);	/* with 0x */

/*
 * A small printf to fd 1. Conversions: %d %i %u %x %ld %lu %lx %s %c %p %%,
 * with an optional '-' (left-align), '0' (zero pad) and field width,
 * e.g. "%08lx", "%-6s". Output is buffered and written once per call.
 * Returns the number of bytes written.
 */
int uprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * TAP reporting for test programs (Test Anything Protocol, version 13
 * lines, readable by KTAP parsers too):
 *
 *	tap_plan(3);
 *	ok(getpid() > 0, "getpid is positive");
 *	...
 *	return tap_done();	// prints a summary, returns 0 if all passed
 */
void tap_plan(int n);
void tap_start(void);			/* header only; tap_done prints the plan */
int ok(int cond, const char *name);		/* returns cond */
void tap_skip(const char *name, const char *why);
void tap_diag(const char *msg);			/* "# msg" */
/*
 * Report the next ok() as skipped for `why`, whatever its condition (and
 * return 0 from it). For a check this kernel cannot make: the ok() call
 * stays in the source with its description, as the host runner expects.
 */
void tap_skip_next(const char *why);
int tap_done(void);

#endif /* ANVIL_USER_ULIB_H */
