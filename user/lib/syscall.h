/*
 * syscall.h - the raw system call layer for anvil's user programs.
 *
 * Programs run under the Linux x86-64 ABI, so everything here is valid on
 * Linux too: the same static binary runs on both kernels.
 *
 * Two ways into the kernel are wrapped:
 *   syscallN()        the SYSCALL instruction, 64-bit ABI (the normal path)
 *   int80_syscallN()  the software interrupt `int $0x80`, the i386 ABI, kept
 *                     for comparison in docs and benchmarks
 *
 * Both return what the kernel put in RAX: a value >= 0 on success, or
 * -errno (between -4095 and -1) on failure. No errno variable, no libc.
 */
#ifndef ANVIL_USER_SYSCALL_H
#define ANVIL_USER_SYSCALL_H

/* System call numbers, 64-bit ABI (Linux arch/x86/entry/syscalls/syscall_64.tbl). */
#define SYS_read		0
#define SYS_write		1
#define SYS_open		2
#define SYS_close		3
#define SYS_mmap		9
#define SYS_mprotect		10
#define SYS_munmap		11
#define SYS_brk			12
#define SYS_writev		20
#define SYS_sched_yield		24
#define SYS_nanosleep		35
#define SYS_getpid		39
#define SYS_socket		41
#define SYS_clone		56
#define SYS_fork		57
#define SYS_vfork		58
#define SYS_execve		59
#define SYS_exit		60
#define SYS_wait4		61
#define SYS_kill		62
#define SYS_uname		63
#define SYS_ftruncate		77
#define SYS_chdir		80
#define SYS_mkdir		83
#define SYS_rmdir		84
#define SYS_unlink		87
#define SYS_getrlimit		97
#define SYS_sysinfo		99
#define SYS_getuid		102
#define SYS_getppid		110
#define SYS_arch_prctl		158
#define SYS_setrlimit		160
#define SYS_mount		165
#define SYS_umount2		166
#define SYS_reboot		169
#define SYS_gettid		186
#define SYS_clock_gettime	228
#define SYS_exit_group		231
#define SYS_waitid		247
#define SYS_prlimit64		302
#define SYS_getrandom		318
#define SYS_rseq		334

/*
 * The i386 ABI through `int $0x80` has its own numbering
 * (Linux arch/x86/entry/syscalls/syscall_32.tbl): getpid is 20 there,
 * which in the 64-bit table would be writev.
 */
#define SYS32_exit		1
#define SYS32_write		4
#define SYS32_getpid		20

/* errno values returned negated (Linux include/uapi/asm-generic/errno-base.h). */
#define EPERM		1	/* operation not permitted */
#define ENOENT		2	/* no such file or directory */
#define ESRCH		3	/* no such process */
#define EINTR		4	/* interrupted system call */
#define EIO		5	/* I/O error */
#define E2BIG		7	/* argument list too long */
#define ENOEXEC		8	/* exec format error */
#define EBADF		9	/* bad file descriptor */
#define ECHILD		10	/* no child processes */
#define EAGAIN		11	/* try again */
#define ENOMEM		12	/* out of memory */
#define EACCES		13	/* permission denied */
#define EFAULT		14	/* bad address */
#define EEXIST		17	/* file exists */
#define ENOTDIR		20	/* not a directory */
#define EISDIR		21	/* is a directory */
#define EINVAL		22	/* invalid argument */
#define EMFILE		24	/* too many open files */
#define ENOTTY		25	/* not a terminal */
#define ENOSPC		28	/* no space left on the file system */
#define ESPIPE		29	/* illegal seek */
#define ENAMETOOLONG	36	/* file name too long */
#define ENOSYS		38	/* function not implemented */
#define ELOOP		40	/* too many symbolic links */
#define EOPNOTSUPP	95	/* operation not supported (O_TMPFILE here) */
#define EAFNOSUPPORT	97	/* address family not supported */

/* Flags and constants the programs use. */
#define O_RDONLY		0
#define O_WRONLY		1
#define O_RDWR			2
#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define ARCH_SET_FS		0x1002
#define ARCH_GET_FS		0x1003
#define LINUX_REBOOT_MAGIC1	0xfee1deadL
#define LINUX_REBOOT_MAGIC2	672274793L
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321fedcL

/*
 * Processes: signals, wait options and status words, clone flags, resource
 * limits (Linux include/uapi/asm-generic/signal.h, include/uapi/linux/wait.h,
 * include/uapi/linux/sched.h, include/uapi/asm-generic/resource.h).
 */
#define SIGKILL		9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGTERM		15
#define SIGCHLD		17

#define WNOHANG		0x00000001	/* wait4/waitid: return 0 if no child is ready */
#define WEXITED		0x00000004	/* waitid: wait for children that ended */
#define WNOWAIT		0x01000000	/* waitid: report, but leave the child a zombie */
#define P_ALL		0		/* waitid idtype: any child */
#define P_PID		1		/* waitid idtype: the child whose pid is id */
#define CLD_EXITED	1		/* siginfo si_code: it called exit */
#define CLD_KILLED	2		/* ...: a signal ended it */
#define CLD_DUMPED	3		/* ...: a signal ended it and dumped core */

/*
 * The status word wait4 stores, decoded as glibc's <bits/waitstatus.h> does:
 * bits 0-6 the signal that ended the child (0: it exited), bit 7 "core
 * dumped", bits 8-15 the exit status; low byte 0x7f means "stopped".
 * WIFSIGNALED: the low 7 bits are neither 0 (exited) nor 0x7f (stopped).
 */
#define WTERMSIG(s)	((s) & 0x7f)
#define WEXITSTATUS(s)	(((s) & 0xff00) >> 8)
#define WIFEXITED(s)	(WTERMSIG(s) == 0)
#define WIFSIGNALED(s)	(((signed char)(((s) & 0x7f) + 1) >> 1) > 0)
#define WCOREDUMP(s)	((s) & 0x80)

#define CSIGNAL		0x000000ff	/* clone: the signal sent to the parent at exit */
#define CLONE_VM	0x00000100	/* clone: share the address space */
#define CLONE_VFORK	0x00004000	/* clone: suspend the parent until exec or exit */

#define RLIMIT_NPROC	6		/* processes of this user */
#define RLIMIT_AS	9		/* bytes of address space */
#define RLIM_INFINITY	(~0UL)

/* struct rlimit for getrlimit/setrlimit/prlimit64. */
struct rlimit {
	unsigned long rlim_cur;		/* the limit enforced */
	unsigned long rlim_max;		/* the ceiling rlim_cur may be raised to */
};

/*
 * siginfo_t as waitid fills it for a child (Linux include/uapi/asm-generic/
 * siginfo.h, the _sigchld member): 128 bytes, of which waitid writes these.
 */
struct siginfo {
	int si_signo;		/* SIGCHLD, or 0 if WNOHANG found no child */
	int si_errno;		/* 0 */
	int si_code;		/* CLD_EXITED, CLD_KILLED, ... */
	int __pad;		/* the union is 8-byte aligned */
	int si_pid;		/* the child's pid, or 0 */
	int si_uid;		/* its real user id */
	int si_status;		/* exit status, or the signal that ended it */
	int __rest[25];		/* the rest of the 128 bytes */
};

_Static_assert(sizeof(struct siginfo) == 128, "siginfo_t is 128 bytes");

/* struct timespec as the 64-bit kernel reads and writes it. */
struct timespec {
	long tv_sec;	/* seconds */
	long tv_nsec;	/* nanoseconds, 0..999999999 */
};

/* struct utsname for uname(2): six fixed 65-byte strings, NUL-terminated. */
#define UTSNAME_LEN 65
struct utsname {
	char sysname[UTSNAME_LEN];	/* "Linux", or "anvil" */
	char nodename[UTSNAME_LEN];
	char release[UTSNAME_LEN];
	char version[UTSNAME_LEN];
	char machine[UTSNAME_LEN];	/* "x86_64" */
	char domainname[UTSNAME_LEN];	/* a GNU extension, part of the layout */
};

_Static_assert(sizeof(struct timespec) == 16, "timespec is two longs");
_Static_assert(sizeof(struct utsname) == 6 * 65, "utsname is six 65-byte fields");

/*
 * The SYSCALL wrappers.
 *
 * Register use, the same in all seven (Linux x86-64 ABI):
 *   RAX  in: the system call number   out: the result
 *   RDI, RSI, RDX, R10, R8, R9        arguments 1 to 6
 *
 * Constraints:
 *   "=a"(ret)   the result comes back in RAX.
 *   "a"(n)      the number goes in in RAX (the same register as the output:
 *               the kernel overwrites the number with the result).
 *   "D" "S" "d" RDI, RSI, RDX have constraint letters of their own.
 *   r10 r8 r9   have no letters, so they are local register variables
 *               (`register long r10 __asm__("r10")`), passed as "r". GCC only
 *               promises such a variable is in that register when it is an
 *               operand of an asm, which is exactly how they are used here.
 *               Arg 4 goes in R10, not RCX as in a normal call, because
 *               SYSCALL itself overwrites RCX.
 * Clobbers:
 *   "rcx"       SYSCALL saves the return RIP in RCX (SYSRET jumps back to it).
 *   "r11"       SYSCALL saves RFLAGS in R11 (SYSRET restores them from it).
 *   "memory"    the kernel reads and writes memory through the pointers we
 *               pass (write's buffer, clock_gettime's timespec); the compiler
 *               cannot see that, so it must store such data before the asm
 *               and reload it after, instead of caching it in registers.
 * `volatile`    a system call has effects beyond its result: it must not be
 *               deleted when the result is unused, nor merged with another.
 * The kernel preserves every other register (Linux does; anvil must too).
 */
static inline long syscall0(long n)
{
	long ret;
	__asm__ volatile ("syscall"
		: "=a"(ret)
		: "a"(n)
		: "rcx", "r11", "memory");
	return ret;
}

static inline long syscall1(long n, long a1)
{
	long ret;
	__asm__ volatile ("syscall"
		: "=a"(ret)
		: "a"(n), "D"(a1)
		: "rcx", "r11", "memory");
	return ret;
}

static inline long syscall2(long n, long a1, long a2)
{
	long ret;
	__asm__ volatile ("syscall"
		: "=a"(ret)
		: "a"(n), "D"(a1), "S"(a2)
		: "rcx", "r11", "memory");
	return ret;
}

static inline long syscall3(long n, long a1, long a2, long a3)
{
	long ret;
	__asm__ volatile ("syscall"
		: "=a"(ret)
		: "a"(n), "D"(a1), "S"(a2), "d"(a3)
		: "rcx", "r11", "memory");
	return ret;
}

static inline long syscall4(long n, long a1, long a2, long a3, long a4)
{
	long ret;
	register long r10 __asm__("r10") = a4;
	__asm__ volatile ("syscall"
		: "=a"(ret)
		: "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
		: "rcx", "r11", "memory");
	return ret;
}

static inline long syscall5(long n, long a1, long a2, long a3, long a4,
			    long a5)
{
	long ret;
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	__asm__ volatile ("syscall"
		: "=a"(ret)
		: "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8)
		: "rcx", "r11", "memory");
	return ret;
}

static inline long syscall6(long n, long a1, long a2, long a3, long a4,
			    long a5, long a6)
{
	long ret;
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	__asm__ volatile ("syscall"
		: "=a"(ret)
		: "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8),
		  "r"(r9)
		: "rcx", "r11", "memory");
	return ret;
}

/*
 * The `int $0x80` wrappers: the i386 ABI, usable from a 64-bit process.
 *
 *   EAX  in: the number from the 32-bit table (SYS32_*)   out: the result
 *   EBX, ECX, EDX, ESI, EDI           arguments 1 to 5 ("b" "c" "d" "S" "D")
 *   EBP                               argument 6 - not wrapped: RBP may be
 *               the frame pointer, and saving it with push/pop inside the asm
 *               would overwrite the red zone below RSP, where the compiler
 *               may keep locals. Nothing anvil needs takes six arguments.
 *
 * Only the low 32 bits of each register are read: a pointer above 4 GiB
 * (anything on the stack, which Linux puts near 0x7fff...) is truncated.
 * Pass only pointers to static data, which is linked near 0x400000.
 *
 * Clobbers:
 *   "r8" "r9" "r10" "r11"  Linux before 4.17 zeroed these on return from
 *               `int $0x80` in a 64-bit process; naming them keeps the
 *               wrapper correct on any kernel at the cost of a few spills.
 *   "memory"    as for SYSCALL: the kernel may read or write our buffers.
 * RCX is an input here, not clobbered: `int` saves RIP on the kernel stack,
 * and `iretq` restores every register the handler did not change.
 */
#define INT80_CLOBBERS "r8", "r9", "r10", "r11", "memory"

static inline long int80_syscall0(long n)
{
	long ret;
	__asm__ volatile ("int $0x80"
		: "=a"(ret)
		: "a"(n)
		: INT80_CLOBBERS);
	return ret;
}

static inline long int80_syscall1(long n, long a1)
{
	long ret;
	__asm__ volatile ("int $0x80"
		: "=a"(ret)
		: "a"(n), "b"(a1)
		: INT80_CLOBBERS);
	return ret;
}

static inline long int80_syscall2(long n, long a1, long a2)
{
	long ret;
	__asm__ volatile ("int $0x80"
		: "=a"(ret)
		: "a"(n), "b"(a1), "c"(a2)
		: INT80_CLOBBERS);
	return ret;
}

static inline long int80_syscall3(long n, long a1, long a2, long a3)
{
	long ret;
	__asm__ volatile ("int $0x80"
		: "=a"(ret)
		: "a"(n), "b"(a1), "c"(a2), "d"(a3)
		: INT80_CLOBBERS);
	return ret;
}

static inline long int80_syscall4(long n, long a1, long a2, long a3, long a4)
{
	long ret;
	__asm__ volatile ("int $0x80"
		: "=a"(ret)
		: "a"(n), "b"(a1), "c"(a2), "d"(a3), "S"(a4)
		: INT80_CLOBBERS);
	return ret;
}

static inline long int80_syscall5(long n, long a1, long a2, long a3, long a4,
				  long a5)
{
	long ret;
	__asm__ volatile ("int $0x80"
		: "=a"(ret)
		: "a"(n), "b"(a1), "c"(a2), "d"(a3), "S"(a4), "D"(a5)
		: INT80_CLOBBERS);
	return ret;
}

#endif /* ANVIL_USER_SYSCALL_H */
