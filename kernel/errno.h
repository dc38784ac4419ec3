/* Error numbers: Linux's values (asm-generic/errno-base.h, errno.h), so
 * kernel functions and system calls return the same negative codes a
 * Linux program expects. */
#ifndef ANVIL_KERNEL_ERRNO_H
#define ANVIL_KERNEL_ERRNO_H

#define EPERM		1	/* operation not permitted */
#define ENOENT		2	/* no such entry (nothing mapped there, no such file) */
#define ESRCH		3	/* no such process */
#define EINTR		4	/* interrupted by a signal */
#define ENXIO		6	/* no such device (a FIFO with no reader) */
#define E2BIG		7	/* argument list too long */
#define ENOEXEC		8	/* not a valid executable */
#define EBADF		9	/* bad file descriptor */
#define ECHILD		10	/* no child to wait for */
#define EAGAIN		11	/* try again (out of processes) */
#define ENOMEM		12	/* out of memory */
#define EFAULT		14	/* bad address */
#define EEXIST		17	/* already exists (something mapped there) */
#define ENOTDIR		20	/* not a directory */
#define EINVAL		22	/* invalid argument */
#define ENFILE		23	/* too many open files in the system */
#define EMFILE		24	/* too many open files */
#define ENOTTY		25	/* not a terminal: no such ioctl */
#define EPIPE		32	/* a pipe with no reader */
#define ENAMETOOLONG	36	/* file name too long */
#define ENOSYS		38	/* no such system call */

#endif
