/*
 * Sockets: anvil has no network and no socket families yet, and answers
 * as a Linux kernel built without any (CONFIG_NET's families all off)
 * does, so that programs that merely probe take their fallback path:
 * glibc's name-service code tries the nscd socket and then reads
 * /etc/passwd itself; bash asks getpeername whether its input is a
 * network connection.
 *
 *   socket(domain, type, protocol): a type with unknown flags is -EINVAL
 *     (net/socket.c __sys_socket checks the flags first), any family
 *     -EAFNOSUPPORT (no net_proto_family is registered);
 *   connect, getsockname, getpeername(fd, ...): -EBADF for a closed
 *     descriptor, else -ENOTSOCK, since no open file can be a socket
 *     (sockfd_lookup_light).
 */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/fdtable.h"
#include "kernel/syscall.h"

#define SOCK_TYPE_MASK	0xf
#define SOCK_NONBLOCK	O_NONBLOCK
#define SOCK_CLOEXEC	O_CLOEXEC

long sys_socket(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	int type = (int)arg[1];
	if (type & ~(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	return -EAFNOSUPPORT;
}

/* The calls whose first argument is a socket's descriptor. */
long sys_socket_fd_call(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return fd_file((int)arg[0]) ? -ENOTSOCK : -EBADF;
}
