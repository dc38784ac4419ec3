/* The system call table and dispatcher (kernel/syscall.h). */
#include "kernel/syscall.h"
#include "kernel/errno.h"
#include "kernel/printf.h"
#include "kernel/string.h"

const syscall_fn syscall_table[SYS_COUNT] = {
	[SYS_READ] = sys_read,
	[SYS_WRITE] = sys_write,
	[SYS_OPEN] = sys_open,
	[SYS_CLOSE] = sys_close,
	[SYS_MMAP] = sys_mmap,
	[SYS_MPROTECT] = sys_mprotect,
	[SYS_MUNMAP] = sys_munmap,
	[SYS_BRK] = sys_brk,
	[SYS_MREMAP] = sys_mremap,
	[SYS_MSYNC] = sys_msync,
	[SYS_MINCORE] = sys_mincore,
	[SYS_MADVISE] = sys_madvise,
	[SYS_WRITEV] = sys_writev,
	[SYS_SCHED_YIELD] = sys_sched_yield,
	[SYS_NANOSLEEP] = sys_nanosleep,
	[SYS_GETPID] = sys_getpid,
	[SYS_CLONE] = sys_clone,
	[SYS_FORK] = sys_fork,
	[SYS_VFORK] = sys_vfork,
	[SYS_EXECVE] = sys_execve,
	[SYS_EXIT] = sys_exit,
	[SYS_WAIT4] = sys_wait4,
	[SYS_KILL] = sys_kill,
	[SYS_UNAME] = sys_uname,
	[SYS_GETPPID] = sys_getppid,
	[SYS_ARCH_PRCTL] = sys_arch_prctl,
	[SYS_GETTID] = sys_gettid,
	[SYS_SET_TID_ADDRESS] = sys_set_tid_address,
	[SYS_CLOCK_GETTIME] = sys_clock_gettime,
	[SYS_EXIT_GROUP] = sys_exit,	/* one thread per process: the same */
	[SYS_TGKILL] = sys_tgkill,
	[SYS_WAITID] = sys_waitid,
	[SYS_TIME] = sys_time,
	[SYS_GETTIMEOFDAY] = sys_gettimeofday,
	[SYS_CLOCK_NANOSLEEP] = sys_clock_nanosleep,
	[SYS_RT_SIGRETURN] = sys_rt_sigreturn,
	[SYS_RESTART_SYSCALL] = sys_restart_syscall,
	[SYS_RT_SIGACTION] = sys_rt_sigaction,
	[SYS_RT_SIGPROCMASK] = sys_rt_sigprocmask,
	[SYS_RT_SIGPENDING] = sys_rt_sigpending,
	[SYS_RT_SIGSUSPEND] = sys_rt_sigsuspend,
	[SYS_RT_SIGTIMEDWAIT] = sys_rt_sigtimedwait,
	[SYS_RT_SIGQUEUEINFO] = sys_rt_sigqueueinfo,
	[SYS_RT_TGSIGQUEUEINFO] = sys_rt_tgsigqueueinfo,
	[SYS_SIGALTSTACK] = sys_sigaltstack,
	[SYS_PAUSE] = sys_pause,
	[SYS_ALARM] = sys_alarm,
	[SYS_SETITIMER] = sys_setitimer,
	[SYS_GETITIMER] = sys_getitimer,
	[SYS_TKILL] = sys_tkill,
	[SYS_OPENAT] = sys_openat,
	[SYS_GETRLIMIT] = sys_getrlimit,
	[SYS_GETRUSAGE] = sys_getrusage,
	[SYS_SYSINFO] = sys_sysinfo,
	[SYS_TIMES] = sys_times,
	[SYS_GETUID] = sys_getuid,
	[SYS_GETGID] = sys_getgid,
	[SYS_GETEUID] = sys_geteuid,
	[SYS_GETEGID] = sys_getegid,
	[SYS_SETPGID] = sys_setpgid,
	[SYS_SETSID] = sys_setsid,
	[SYS_GETPGID] = sys_getpgid,
	[SYS_GETSID] = sys_getsid,
	[SYS_GETPGRP] = sys_getpgrp,
	[SYS_SOCKET] = sys_socket,
	[SYS_CONNECT] = sys_socket_fd_call,
	[SYS_GETSOCKNAME] = sys_socket_fd_call,
	[SYS_GETPEERNAME] = sys_socket_fd_call,
	[SYS_SETRLIMIT] = sys_setrlimit,
	[SYS_SCHED_GETAFFINITY] = sys_sched_getaffinity,
	[SYS_PRLIMIT64] = sys_prlimit64,
	[SYS_PRCTL] = sys_prctl,
	[SYS_FUTEX] = sys_futex,
	[SYS_SET_ROBUST_LIST] = sys_set_robust_list,
	[SYS_GET_ROBUST_LIST] = sys_get_robust_list,
	[SYS_CLOCK_GETRES] = sys_clock_getres,
	[SYS_GETCPU] = sys_getcpu,
	[SYS_RSEQ] = sys_rseq,
	[SYS_PIPE] = sys_pipe,
	[SYS_PIPE2] = sys_pipe2,
	[SYS_POLL] = sys_poll,
	[SYS_PPOLL] = sys_ppoll,
	[SYS_SELECT] = sys_select,
	[SYS_PSELECT6] = sys_pselect6,
	[SYS_GETRANDOM] = sys_getrandom,
	[SYS_STAT] = sys_stat,
	[SYS_FSTAT] = sys_fstat,
	[SYS_LSTAT] = sys_lstat,
	[SYS_LSEEK] = sys_lseek,
	[SYS_PREAD64] = sys_pread64,
	[SYS_PWRITE64] = sys_pwrite64,
	[SYS_READV] = sys_readv,
	[SYS_DUP] = sys_dup,
	[SYS_DUP2] = sys_dup2,
	[SYS_FCNTL] = sys_fcntl,
	[SYS_GETCWD] = sys_getcwd,
	[SYS_CHDIR] = sys_chdir,
	[SYS_FCHDIR] = sys_fchdir,
	[SYS_CREAT] = sys_creat,
	[SYS_READLINK] = sys_readlink,
	[SYS_GETDENTS64] = sys_getdents64,
	[SYS_NEWFSTATAT] = sys_newfstatat,
	[SYS_READLINKAT] = sys_readlinkat,
	[SYS_DUP3] = sys_dup3,
	[SYS_PREADV] = sys_preadv,
	[SYS_PWRITEV] = sys_pwritev,
	[SYS_STATX] = sys_statx,
	[SYS_MKDIR] = sys_mkdir,
	[SYS_MKDIRAT] = sys_mkdirat,
	[SYS_MKNOD] = sys_mknod,
	[SYS_MKNODAT] = sys_mknodat,
	[SYS_RMDIR] = sys_rmdir,
	[SYS_UNLINK] = sys_unlink,
	[SYS_UNLINKAT] = sys_unlinkat,
	[SYS_SYMLINK] = sys_symlink,
	[SYS_SYMLINKAT] = sys_symlinkat,
	[SYS_LINK] = sys_link,
	[SYS_LINKAT] = sys_linkat,
	[SYS_RENAME] = sys_rename,
	[SYS_RENAMEAT] = sys_renameat,
	[SYS_RENAMEAT2] = sys_renameat2,
	[SYS_ACCESS] = sys_access,
	[SYS_FACCESSAT] = sys_faccessat,
	[SYS_FACCESSAT2] = sys_faccessat2,
	[SYS_UMASK] = sys_umask,
	[SYS_CHMOD] = sys_chmod,
	[SYS_FCHMOD] = sys_fchmod,
	[SYS_FCHMODAT] = sys_fchmodat,
	[SYS_CHOWN] = sys_chown,
	[SYS_LCHOWN] = sys_lchown,
	[SYS_FCHOWN] = sys_fchown,
	[SYS_FCHOWNAT] = sys_fchownat,
	[SYS_TRUNCATE] = sys_truncate,
	[SYS_FTRUNCATE] = sys_ftruncate,
	[SYS_FSYNC] = sys_fsync,
	[SYS_FDATASYNC] = sys_fdatasync,
	[SYS_SYNC] = sys_sync,
	[SYS_UTIMENSAT] = sys_utimensat,
	[SYS_MOUNT] = sys_mount,
	[SYS_UMOUNT2] = sys_umount2,
	[SYS_STATFS] = sys_statfs,
	[SYS_FSTATFS] = sys_fstatfs,
	[SYS_IOCTL] = sys_ioctl,
};

long syscall_unknown(uint64_t nr)
{
	syscall_log_unknown("syscall", nr);
	return -ENOSYS;
}

/* Numbers already logged; once full, later unknown numbers go unlogged
 * (a program probing thousands of numbers must not flood the log). */
#define LOGGED_MAX 32
static struct {
	const char *abi;
	uint64_t nr;
} logged[LOGGED_MAX];
static unsigned nlogged;

void syscall_log_unknown(const char *abi, uint64_t nr)
{
	for (unsigned i = 0; i < nlogged; i++)
		if (logged[i].nr == nr && strcmp(logged[i].abi, abi) == 0)
			return;
	if (nlogged == LOGGED_MAX)
		return;
	logged[nlogged++] = (typeof(logged[0])){ abi, nr };
	kprintf("%s: unknown system call %ld (0x%lx): -ENOSYS\n", abi, (long)nr,
		(unsigned long)nr);
}
