/*
 * read, write, writev, open, close over the per-process descriptor table
 * (kernel/process.h): 0 = console input, 1 and 2 = the console,
 * /dev/null on request.  Checks come in Linux's order: the descriptor
 * (-EBADF), then the arguments (-EINVAL), then the memory (-EFAULT).
 */
#include "kernel/console.h"
#include "kernel/console_input.h"
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

#define MAX_RW_COUNT	0x7ffff000UL	/* Linux's cap on one read or write */
#define IOV_MAX		1024		/* Linux's UIO_MAXIOV */
#define PATH_MAX	256
#define CHUNK		256		/* bytes copied per step through the kernel */

struct iovec {
	uint64_t base;
	uint64_t len;
};

/* The kind of an open descriptor, or FD_NONE for a bad number. */
static enum fd_kind fd_get(uint64_t fd_arg)
{
	int fd = (int)fd_arg;
	if (fd < 0 || fd >= PROCESS_MAX_FDS)
		return FD_NONE;
	return process_current()->fds[fd];
}

/* Write len bytes from the program's buf to an open descriptor.  Bytes
 * written, or -EFAULT if the first chunk could not be read. */
static long do_write(enum fd_kind kind, uint64_t buf, uint64_t len)
{
	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	if (kind == FD_NULL)
		return (long)len;	/* /dev/null does not even look */
	char chunk[CHUNK];
	uint64_t done = 0;
	while (done < len) {
		size_t n = len - done < CHUNK ? len - done : CHUNK;
		if (copy_from_user(chunk, buf + done, n))
			return done ? (long)done : -EFAULT;
		console_write(chunk, n);
		done += n;
	}
	return (long)done;
}

long sys_write(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	enum fd_kind kind = fd_get(arg[0]);
	if (kind != FD_CONSOLE_OUT && kind != FD_NULL)
		return -EBADF;
	if (!user_range_ok(arg[1], arg[2]))
		return -EFAULT;
	return do_write(kind, arg[1], arg[2]);
}

long sys_writev(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	enum fd_kind kind = fd_get(arg[0]);
	if (kind != FD_CONSOLE_OUT && kind != FD_NULL)
		return -EBADF;
	uint64_t count = arg[2];	/* unsigned: -1 is just too many */
	if (count > IOV_MAX)
		return -EINVAL;
	static struct iovec iov[IOV_MAX];	/* 16 KiB: too big for the stack */
	if (copy_from_user(iov, arg[1], count * sizeof(iov[0])))
		return -EFAULT;
	/* Check every piece before writing any, as Linux's import_iovec:
	 * first that no length is negative (-EINVAL), then that every piece
	 * lies in the user half (-EFAULT), then cut the total at
	 * MAX_RW_COUNT by shortening the piece that crosses it (and zeroing
	 * the rest), as Linux does and as write() does for one buffer. */
	for (uint64_t i = 0; i < count; i++)
		if ((int64_t)iov[i].len < 0)
			return -EINVAL;
	uint64_t total = 0;
	for (uint64_t i = 0; i < count; i++) {
		if (!user_range_ok(iov[i].base, iov[i].len))
			return -EFAULT;
		if (iov[i].len > MAX_RW_COUNT - total)
			iov[i].len = MAX_RW_COUNT - total;
		total += iov[i].len;
	}
	long done = 0;
	for (uint64_t i = 0; i < count; i++) {
		long n = do_write(kind, iov[i].base, iov[i].len);
		if (n < 0)
			return done ? done : n;
		done += n;
		if ((uint64_t)n < iov[i].len)
			break;
	}
	return done;
}

/*
 * The console's input (kernel/console_input.h, fed by the keyboard and
 * COM1 interrupts): wait for one byte, then take whatever else has
 * already arrived, up to len.  A line discipline (echo, editing) is the
 * shell's business, not the kernel's.
 */
static long console_read(uint64_t buf, uint64_t len)
{
	char chunk[CHUNK];
	size_t n = 0;
	int c = console_getc_interruptible();
	if (c < 0)
		return c;	/* -EINTR: a signal came first */
	if (len > CHUNK)
		len = CHUNK;
	do
		chunk[n++] = (char)c;
	while (n < len && (c = console_getc()) >= 0);
	return copy_to_user(buf, chunk, n) ? -EFAULT : (long)n;
}

long sys_read(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	enum fd_kind kind = fd_get(arg[0]);
	if (kind != FD_CONSOLE_IN && kind != FD_NULL)
		return -EBADF;
	if (!user_range_ok(arg[1], arg[2]))
		return -EFAULT;
	if (arg[2] == 0 || kind == FD_NULL)
		return 0;
	return console_read(arg[1], arg[2]);
}

long sys_open(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	char path[PATH_MAX];
	long len = strncpy_from_user(path, arg[0], sizeof(path));
	if (len < 0)
		return len;
	if (strcmp(path, "/dev/null") != 0)
		return -ENOENT;	/* the only file there is */
	struct process *p = process_current();
	/* The lowest free descriptor, below RLIMIT_NOFILE (-EMFILE past it). */
	for (int fd = 0; fd < PROCESS_MAX_FDS && (uint64_t)fd < p->rlim[RLIMIT_NOFILE].cur; fd++) {
		if (p->fds[fd] == FD_NONE) {
			p->fds[fd] = FD_NULL;
			return fd;
		}
	}
	return -EMFILE;
}

#define AT_FDCWD	(-100)

/* openat(dirfd, path, flags, mode): what glibc's open calls.  With no
 * directories yet, only AT_FDCWD or an absolute path mean anything; the
 * files work walks relative to a directory descriptor. */
long sys_openat(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	char first;
	if (copy_from_user(&first, arg[1], 1))
		return -EFAULT;
	if ((int)arg[0] != AT_FDCWD && first != '/')
		return fd_get(arg[0]) == FD_NONE ? -EBADF : -ENOTDIR;
	return sys_open((const uint64_t[SYSCALL_MAX_ARGS]){ arg[1], arg[2], arg[3] });
}

long sys_close(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	if (fd_get(arg[0]) == FD_NONE)
		return -EBADF;
	process_current()->fds[(int)arg[0]] = FD_NONE;
	return 0;
}
