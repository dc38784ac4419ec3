/*
 * System calls: Linux's x86-64 numbers and negative-errno results, one
 * dispatcher for both ways in (SYSCALL and int $0x80, arch/x86_64/
 * syscall.c).  docs/howto-add-syscall.md shows how to add one.
 */
#ifndef ANVIL_KERNEL_SYSCALL_H
#define ANVIL_KERNEL_SYSCALL_H

#include <stdint.h>

/* Numbers from Linux arch/x86/entry/syscalls/syscall_64.tbl. */
#define SYS_READ		0
#define SYS_WRITE		1
#define SYS_OPEN		2
#define SYS_CLOSE		3
#define SYS_BRK			12
#define SYS_WRITEV		20
#define SYS_SCHED_YIELD		24
#define SYS_NANOSLEEP		35
#define SYS_GETPID		39
#define SYS_EXIT		60
#define SYS_UNAME		63
#define SYS_ARCH_PRCTL		158
#define SYS_CLOCK_GETTIME	228
#define SYS_EXIT_GROUP		231
#define SYS_GETRANDOM		318
#define SYS_COUNT		319	/* one past the highest number anvil knows */

#define SYSCALL_MAX_ARGS	6

/* Every handler takes the six argument registers as they came (RDI, RSI,
 * RDX, R10, R8, R9) and converts the ones it uses to their C types. */
typedef long (*syscall_fn)(const uint64_t arg[SYSCALL_MAX_ARGS]);

/* The table: handler by number, NULL where anvil has none. */
extern const syscall_fn syscall_table[SYS_COUNT];

/* Log "unknown system call" once per (way in, number). */
void syscall_log_unknown(const char *abi, uint64_t nr);

/* The answer for a number without a handler: logs it, -ENOSYS. */
long syscall_unknown(uint64_t nr);

/*
 * Run system call nr; the result (>= 0) or -errno.  nr is the whole
 * 64-bit RAX: any number without a handler is -ENOSYS.  Inline, because
 * it is on every system call's path: a bounds check, a load and an
 * indirect call (docs/syscalls-cost.md counts them).
 */
static inline long syscall_dispatch(uint64_t nr, const uint64_t arg[SYSCALL_MAX_ARGS])
{
	/* nr is unsigned: -1 and 1 << 40 are simply out of range. */
	if (nr >= SYS_COUNT || !syscall_table[nr])
		return syscall_unknown(nr);
	return syscall_table[nr](arg);
}

/* The handlers (kernel/sys_*.c, arch/x86_64/syscall/sys_arch_prctl.c). */
long sys_read(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_write(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_open(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_close(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_brk(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_writev(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_sched_yield(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_nanosleep(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_getpid(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_exit(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_uname(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_arch_prctl(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_clock_gettime(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_getrandom(const uint64_t arg[SYSCALL_MAX_ARGS]);

#endif
