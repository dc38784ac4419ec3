/*
 * pipe.h - pipes, poll and select for the test programs (user/pipe_*.c,
 * user/bench/): the raw calls and Linux's x86-64 values
 * (include/uapi/asm-generic/fcntl.h, poll.h, ioctls.h).  Each constant is
 * guarded: syscall.h may gain the same one.
 */
#ifndef ANVIL_USER_PIPE_H
#define ANVIL_USER_PIPE_H

#include "ulib.h"

#ifndef SYS_poll
#define SYS_poll	7
#endif
#ifndef SYS_lseek
#define SYS_lseek	8
#endif
#ifndef SYS_ioctl
#define SYS_ioctl	16
#endif
#ifndef SYS_pipe
#define SYS_pipe	22
#endif
#ifndef SYS_select
#define SYS_select	23
#endif
#ifndef SYS_fcntl
#define SYS_fcntl	72
#endif
#ifndef SYS_pselect6
#define SYS_pselect6	270
#endif
#ifndef SYS_ppoll
#define SYS_ppoll	271
#endif
#ifndef SYS_pipe2
#define SYS_pipe2	293
#endif

#ifndef O_NONBLOCK
#define O_NONBLOCK	04000
#endif
#ifndef O_CLOEXEC
#define O_CLOEXEC	02000000
#endif
#ifndef F_GETFD
#define F_GETFD		1
#endif
#ifndef F_GETFL
#define F_GETFL		3
#endif
#ifndef FD_CLOEXEC
#define FD_CLOEXEC	1
#endif
#ifndef FIONREAD
#define FIONREAD	0x541B
#endif
#ifndef SIGPIPE
#define SIGPIPE		13
#endif
#ifndef EPIPE
#define EPIPE		32
#endif
#ifndef ESPIPE
#define ESPIPE		29
#endif

#define PIPE_BUF	4096

#define POLLIN		0x0001
#define POLLPRI		0x0002
#define POLLOUT		0x0004
#define POLLERR		0x0008
#define POLLHUP		0x0010
#define POLLNVAL	0x0020

struct pollfd {
	int fd;
	short events, revents;
};

struct timeval {
	long tv_sec, tv_usec;
};

/* fd_set: 1024 bits, as glibc's and musl's. */
typedef struct {
	unsigned long bits[1024 / 64];
} fd_set;

static inline void fd_zero(fd_set *s)
{
	memset(s, 0, sizeof(*s));
}

static inline void fd_setbit(int fd, fd_set *s)
{
	s->bits[fd / 64] |= 1UL << (fd % 64);
}

static inline int fd_isset(int fd, const fd_set *s)
{
	return (s->bits[fd / 64] >> (fd % 64)) & 1;
}

static inline long pipe(int fd[2])
{
	return syscall1(SYS_pipe, (long)fd);
}

static inline long pipe2(int fd[2], long flags)
{
	return syscall2(SYS_pipe2, (long)fd, flags);
}

static inline long poll(struct pollfd *fds, unsigned long n, int timeout_ms)
{
	return syscall3(SYS_poll, (long)fds, (long)n, timeout_ms);
}

static inline long ppoll(struct pollfd *fds, unsigned long n, const struct timespec *t)
{
	return syscall5(SYS_ppoll, (long)fds, (long)n, (long)t, 0, 8);
}

static inline long select(int n, fd_set *r, fd_set *w, fd_set *e, struct timeval *t)
{
	return syscall5(SYS_select, n, (long)r, (long)w, (long)e, (long)t);
}

static inline long pselect6(int n, fd_set *r, fd_set *w, fd_set *e, struct timespec *t)
{
	return syscall6(SYS_pselect6, n, (long)r, (long)w, (long)e, (long)t, 0);
}

static inline long fcntl(int fd, int cmd, long arg)
{
	return syscall3(SYS_fcntl, fd, cmd, arg);
}

static inline long ioctl(int fd, unsigned long cmd, void *arg)
{
	return syscall3(SYS_ioctl, fd, (long)cmd, (long)arg);
}

static inline long lseek(int fd, long off, int whence)
{
	return syscall3(SYS_lseek, fd, off, whence);
}

/* Write or read all n bytes (pipes may take or give less at a time):
 * n, or the first error. */
static inline long write_all(int fd, const void *buf, size_t n)
{
	size_t done = 0;
	while (done < n) {
		long r = write(fd, (const char *)buf + done, n - done);
		if (r <= 0)
			return r ? r : -EIO;
		done += (size_t)r;
	}
	return (long)done;
}

static inline long read_all(int fd, void *buf, size_t n)
{
	size_t done = 0;
	while (done < n) {
		long r = read(fd, (char *)buf + done, n - done);
		if (r < 0)
			return r;
		if (r == 0)
			break;
		done += (size_t)r;
	}
	return (long)done;
}

#endif
