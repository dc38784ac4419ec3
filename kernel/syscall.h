/*
 * System calls: Linux's x86-64 numbers and negative-errno results, one
 * dispatcher for both ways in (SYSCALL and int $0x80, arch/x86_64/
 * syscall.c).  docs/howto-add-syscall.md shows how to add one.
 */
#ifndef ANVIL_KERNEL_SYSCALL_H
#define ANVIL_KERNEL_SYSCALL_H

#include <stdint.h>

/* Numbers from Linux arch/x86/entry/syscalls/syscall_64.tbl. */
#define SYS_READ	0
#define SYS_WRITE	1
#define SYS_OPEN	2
#define SYS_CLOSE	3
#define SYS_STAT	4
#define SYS_FSTAT	5
#define SYS_LSTAT	6
#define SYS_POLL	7
#define SYS_LSEEK	8
#define SYS_MMAP	9
#define SYS_MPROTECT	10
#define SYS_MUNMAP	11
#define SYS_BRK		12
#define SYS_RT_SIGACTION	13
#define SYS_RT_SIGPROCMASK	14
#define SYS_RT_SIGRETURN	15
#define SYS_IOCTL	16
#define SYS_PREAD64	17
#define SYS_PWRITE64	18
#define SYS_READV	19
#define SYS_WRITEV	20
#define SYS_ACCESS	21
#define SYS_PIPE	22
#define SYS_SELECT	23
#define SYS_SCHED_YIELD	24
#define SYS_MREMAP	25
#define SYS_MSYNC	26
#define SYS_MINCORE	27
#define SYS_MADVISE	28
#define SYS_DUP		32
#define SYS_DUP2	33
#define SYS_PAUSE	34
#define SYS_NANOSLEEP	35
#define SYS_GETITIMER	36
#define SYS_ALARM	37
#define SYS_SETITIMER	38
#define SYS_GETPID	39
#define SYS_SENDFILE	40
#define SYS_SOCKET	41
#define SYS_CONNECT	42
#define SYS_GETSOCKNAME	51
#define SYS_GETPEERNAME	52
#define SYS_CLONE	56
#define SYS_FORK	57
#define SYS_VFORK	58
#define SYS_EXECVE	59
#define SYS_EXIT	60
#define SYS_WAIT4	61
#define SYS_KILL	62
#define SYS_UNAME	63
#define SYS_FCNTL	72
#define SYS_FSYNC	74
#define SYS_FDATASYNC	75
#define SYS_TRUNCATE	76
#define SYS_FTRUNCATE	77
#define SYS_GETDENTS	78
#define SYS_GETCWD	79
#define SYS_CHDIR	80
#define SYS_FCHDIR	81
#define SYS_RENAME	82
#define SYS_MKDIR	83
#define SYS_RMDIR	84
#define SYS_CREAT	85
#define SYS_LINK	86
#define SYS_UNLINK	87
#define SYS_SYMLINK	88
#define SYS_READLINK	89
#define SYS_CHMOD	90
#define SYS_FCHMOD	91
#define SYS_CHOWN	92
#define SYS_FCHOWN	93
#define SYS_LCHOWN	94
#define SYS_UMASK	95
#define SYS_GETRLIMIT	97
#define SYS_GETRUSAGE	98
#define SYS_SYSINFO	99
#define SYS_TIMES	100
#define SYS_GETUID	102
#define SYS_GETGID	104
#define SYS_GETEUID	107
#define SYS_GETEGID	108
#define SYS_SETPGID	109
#define SYS_GETPPID	110
#define SYS_GETPGRP	111
#define SYS_SETSID	112
#define SYS_GETGROUPS	115
#define SYS_GETPGID	121
#define SYS_GETSID	124
#define SYS_RT_SIGPENDING	127
#define SYS_RT_SIGTIMEDWAIT	128
#define SYS_RT_SIGQUEUEINFO	129
#define SYS_RT_SIGSUSPEND	130
#define SYS_SIGALTSTACK	131
#define SYS_MKNOD	133
#define SYS_STATFS	137
#define SYS_FSTATFS	138
#define SYS_PRCTL	157
#define SYS_ARCH_PRCTL	158
#define SYS_SETRLIMIT	160
#define SYS_SYNC	162
#define SYS_MOUNT	165
#define SYS_UMOUNT2	166
#define SYS_REBOOT	169
#define SYS_SETHOSTNAME	170
#define SYS_GETTID	186
#define SYS_TKILL	200
#define SYS_TIME	201
#define SYS_GETTIMEOFDAY	96
#define SYS_FUTEX	202
#define SYS_SCHED_GETAFFINITY	204
#define SYS_GETDENTS64	217
#define SYS_RESTART_SYSCALL	219
#define SYS_SET_TID_ADDRESS	218
#define SYS_CLOCK_GETTIME	228
#define SYS_CLOCK_GETRES	229
#define SYS_CLOCK_NANOSLEEP	230
#define SYS_EXIT_GROUP	231
#define SYS_TGKILL	234
#define SYS_WAITID	247
#define SYS_OPENAT	257
#define SYS_MKDIRAT	258
#define SYS_MKNODAT	259
#define SYS_FCHOWNAT	260
#define SYS_NEWFSTATAT	262
#define SYS_UNLINKAT	263
#define SYS_RENAMEAT	264
#define SYS_LINKAT	265
#define SYS_SYMLINKAT	266
#define SYS_READLINKAT	267
#define SYS_FCHMODAT	268
#define SYS_FACCESSAT	269
#define SYS_PSELECT6	270
#define SYS_PPOLL	271
#define SYS_SET_ROBUST_LIST	273
#define SYS_GET_ROBUST_LIST	274
#define SYS_UTIMENSAT	280
#define SYS_DUP3	292
#define SYS_PIPE2	293
#define SYS_PREADV	295
#define SYS_PWRITEV	296
#define SYS_RT_TGSIGQUEUEINFO	297
#define SYS_PRLIMIT64	302
#define SYS_GETCPU	309
#define SYS_RENAMEAT2	316
#define SYS_GETRANDOM	318
#define SYS_STATX	332
#define SYS_RSEQ	334
#define SYS_FACCESSAT2	439
#define SYS_COUNT	440	/* one past the highest number anvil knows */

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
long sys_gettid(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_getppid(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_set_tid_address(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_execve(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_wait4(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_waitid(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_kill(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_tgkill(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_mprotect(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_mmap(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_munmap(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_mremap(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_msync(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_mincore(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_madvise(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_time(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_gettimeofday(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_clock_nanosleep(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_rt_sigreturn(const uint64_t arg[SYSCALL_MAX_ARGS]);	/* an entry stub: syscall_entry.asm */
long sys_restart_syscall(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_rt_sigaction(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_rt_sigprocmask(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_rt_sigpending(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_rt_sigsuspend(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_rt_sigtimedwait(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_rt_sigqueueinfo(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_rt_tgsigqueueinfo(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_sigaltstack(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_pause(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_alarm(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_setitimer(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_getitimer(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_tkill(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_openat(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_getrlimit(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_getrusage(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_sysinfo(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_times(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_getuid(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_getgid(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_geteuid(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_getegid(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_setpgid(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_setsid(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_getpgid(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_getsid(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_getpgrp(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_socket(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_socket_fd_call(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_setrlimit(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_sched_getaffinity(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_prlimit64(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_prctl(const uint64_t arg[SYSCALL_MAX_ARGS]);
/* Futexes (kernel/proc/sys_futex.c); clock_getres, getcpu, rseq. */
long sys_futex(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_set_robust_list(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_get_robust_list(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_clock_getres(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_getcpu(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_rseq(const uint64_t arg[SYSCALL_MAX_ARGS]);

/* Files (kernel/fs/sys_*.c). */
long sys_stat(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_fstat(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_lstat(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_lseek(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_pread64(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_pwrite64(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_readv(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_dup(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_dup2(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_fcntl(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_getcwd(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_chdir(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_fchdir(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_creat(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_readlink(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_getdents64(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_newfstatat(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_readlinkat(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_dup3(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_preadv(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_pwritev(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_statx(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_mkdir(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_mkdirat(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_mknod(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_mknodat(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_rmdir(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_unlink(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_unlinkat(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_symlink(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_symlinkat(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_link(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_linkat(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_rename(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_renameat(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_renameat2(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_access(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_faccessat(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_faccessat2(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_umask(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_chmod(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_fchmod(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_fchmodat(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_chown(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_lchown(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_fchown(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_fchownat(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_truncate(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_ftruncate(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_fsync(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_fdatasync(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_sync(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_utimensat(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_mount(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_umount2(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_sendfile(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_getgroups(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_reboot(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_sethostname(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_statfs(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_fstatfs(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_ioctl(const uint64_t arg[SYSCALL_MAX_ARGS]);
/* Pipes and poll (kernel/fs/pipe.c, kernel/fs/poll.c). */
long sys_pipe(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_pipe2(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_poll(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_ppoll(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_select(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_pselect6(const uint64_t arg[SYSCALL_MAX_ARGS]);

/* fork, vfork, clone: full-frame stubs in arch/x86_64/entry/
 * syscall_entry.asm, which call sys_*_full (kernel/proc/fork.c) with the
 * program's callee-saved registers as well.  Only the SYSCALL entry may
 * call them: they read those registers from the CPU, as the entry left
 * them. */
long sys_fork(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_vfork(const uint64_t arg[SYSCALL_MAX_ARGS]);
long sys_clone(const uint64_t arg[SYSCALL_MAX_ARGS]);

#endif
