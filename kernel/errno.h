/* Error numbers: Linux's values (asm-generic/errno-base.h, errno.h), so
 * kernel functions and system calls return the same negative codes a
 * Linux program expects. */
#ifndef ANVIL_KERNEL_ERRNO_H
#define ANVIL_KERNEL_ERRNO_H

#define EPERM		1	/* operation not permitted */
#define ENOENT		2	/* no such entry (nothing mapped there, no such file) */
#define ESRCH		3	/* no such process */
#define EINTR		4	/* interrupted by a signal */
#define EIO		5	/* input/output error */
#define ENXIO		6	/* no such device or address */
#define E2BIG		7	/* argument list too long */
#define ENOEXEC		8	/* not a valid executable */
#define EBADF		9	/* bad file descriptor */
#define ECHILD		10	/* no child to wait for */
#define EAGAIN		11	/* try again (out of processes) */
#define ENOMEM		12	/* out of memory */
#define EFAULT		14	/* bad address */
#define EACCES		13	/* permission denied */
#define EBUSY		16	/* device or resource busy (a mount in use) */
#define EEXIST		17	/* already exists (something mapped there) */
#define EXDEV		18	/* cross-device link or rename */
#define ENODEV		19	/* no such device (an unknown file system type) */
#define ENOTDIR		20	/* not a directory */
#define EISDIR		21	/* is a directory */
#define EINVAL		22	/* invalid argument */
#define ENFILE		23	/* too many open files in the system */
#define EMFILE		24	/* too many open files */
#define ENOTTY		25	/* not a terminal (an ioctl the file does not know) */
#define EFBIG		27	/* file too large */
#define ENOSPC		28	/* no space left on the file system */
#define ESPIPE		29	/* illegal seek (a pipe) */
#define EROFS		30	/* read-only file system */
#define EMLINK		31	/* too many links */
#define EPIPE		32	/* broken pipe: no reader */
#define ERANGE		34	/* result too large (a buffer too small) */
#define ENAMETOOLONG	36	/* file name too long */
#define ENOSYS		38	/* no such system call */
#define ENOTEMPTY	39	/* directory not empty */
#define ELOOP		40	/* too many symbolic links */
#define EOVERFLOW	75	/* value too large for its type */
#define ENOTSOCK	88	/* not a socket */
#define EOPNOTSUPP	95	/* operation not supported */
#define EAFNOSUPPORT	97	/* address family not supported */
#define ETIMEDOUT	110	/* the time ran out */

/*
 * Never seen by a program: a system call interrupted by a signal returns
 * one of these, and the way back to ring 3 (kernel/proc/signal_deliver.c)
 * turns it into -EINTR or a restart of the call, as Linux's
 * include/linux/errno.h defines them:
 *   ERESTARTSYS            restart if the handler has SA_RESTART (or no
 *                          handler runs), else -EINTR
 *   ERESTARTNOINTR         always restart
 *   ERESTARTNOHAND         restart only if no handler runs, else -EINTR
 *   ERESTART_RESTARTBLOCK  as ERESTARTNOHAND, but the restart is the call
 *                          restart_syscall, which goes on from where the
 *                          first stopped (nanosleep's time left)
 */
#define ERESTARTSYS		512
#define ERESTARTNOINTR		513
#define ERESTARTNOHAND		514
#define ERESTART_RESTARTBLOCK	516

#endif
