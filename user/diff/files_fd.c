/*
 * files_fd - descriptors and open file descriptions: pread/pwrite,
 * readv/writev/preadv/pwritev, dup/dup2/dup3 and fcntl (F_DUPFD,
 * F_DUPFD_CLOEXEC, F_GETFD/F_SETFD, F_GETFL/F_SETFL with O_APPEND and
 * O_NONBLOCK), an open file's offset shared across fork, FD_CLOEXEC
 * closed by execve (the program runs itself, argv[0], with "exec FD FD"),
 * O_APPEND/O_TRUNC/O_EXCL, and RLIMIT_NOFILE: open until EMFILE, dup2 and
 * F_DUPFD past the limit.  The descriptor numbers printed are Linux's
 * lowest-free rule, the same on any Linux started with only 0, 1 and 2
 * open (as differential.py's host run and anvil's run= both are).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diff.h"

static char top[64];

static void vectors(void)
{
	int fd = open("v", O_CREAT | O_RDWR | O_TRUNC, 0644);
	struct iovec w[3] = { { "one ", 4 }, { "", 0 }, { "two three", 9 } };
	say("writev: %zd", writev(fd, w, 3));
	say("offset after writev: %lld", (long long)lseek(fd, 0, SEEK_CUR));
	char a[5] = { 0 }, b[20] = { 0 };
	struct iovec r[2] = { { a, 4 }, { b, sizeof(b) - 1 } };
	lseek(fd, 0, SEEK_SET);
	say("readv: %zd '%s' '%s'", readv(fd, r, 2), a, b);
	say("pwrite at 4: %zd", pwrite(fd, "TWO", 3, 4));
	say("offset kept: %lld", (long long)lseek(fd, 0, SEEK_CUR));
	memset(b, 0, sizeof(b));
	say("pread at 4: %zd '%s'", pread(fd, b, 7, 4), b);
	struct iovec pw[2] = { { "X", 1 }, { "YZ", 2 } };
	say("pwritev at 10: %zd", pwritev(fd, pw, 2, 10));
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	say("preadv at 8: %zd '%s' '%s'", preadv(fd, r, 2, 8), a, b);
	say("offset still: %lld", (long long)lseek(fd, 0, SEEK_CUR));
	say("pread negative: %s", outcome(pread(fd, b, 1, -1)));
	say("preadv negative: %s", outcome(preadv(fd, r, 2, -5)));
	say("pread past the end: %zd", pread(fd, b, 4, 1000));
	say("readv iovcnt -1: %s", outcome(syscall(SYS_readv, fd, r, -1)));
	say("readv iovcnt 1025: %s", outcome(syscall(SYS_readv, fd, r, 1025)));
	say("writev iovcnt 0: %zd", writev(fd, w, 0));
	struct iovec bad[2] = { { "ok", 2 }, { (void *)8, 4 } };
	lseek(fd, 0, SEEK_END);
	say("writev, second iov bad: %zd", writev(fd, bad, 2));
	struct stat st;
	fstat(fd, &st);
	say("size after: %lld", (long long)st.st_size);
	int ro = open("v", O_RDONLY);
	say("pwrite on O_RDONLY: %s", outcome(pwrite(ro, "x", 1, 0)));
	close(ro);
	int wo = open("v", O_WRONLY);
	say("pread on O_WRONLY: %s", outcome(pread(wo, b, 1, 0)));
	close(wo);
	close(fd);

	/* O_APPEND: every write at the end, pwrite too on Linux. */
	fd = open("v", O_WRONLY | O_APPEND);
	say("pwrite with O_APPEND at 0: %zd", pwrite(fd, "END", 3, 0));
	close(fd);
	fd = open("v", O_RDONLY);
	memset(b, 0, sizeof(b));
	say("whole file: %zd '%s'", read(fd, b, sizeof(b) - 1), b);
	close(fd);
	say("O_EXCL on existing: %s", outcome(open("v", O_CREAT | O_EXCL | O_WRONLY, 0644)));
	say("O_EXCL without O_CREAT: %s", outcome(fd = open("v", O_EXCL | O_RDONLY)));
	close(fd);
	fd = open("v", O_RDONLY | O_TRUNC);
	fstat(fd, &st);
	say("O_TRUNC with O_RDONLY: size %lld", (long long)st.st_size);
	close(fd);
	fd = open("v", O_WRONLY | O_TRUNC);
	fstat(fd, &st);
	say("O_TRUNC: size %lld", (long long)st.st_size);
	close(fd);
	unlink("v");
}

static void duplicates(void)
{
	int fd = open("d", O_CREAT | O_RDWR, 0644);
	say("open: %d", fd);
	say("dup: %d", dup(fd));
	say("F_DUPFD 10: %d", fcntl(fd, F_DUPFD, 10));
	say("F_DUPFD 10 again: %d", fcntl(fd, F_DUPFD, 10));
	say("F_DUPFD 4 (lowest free from 4): %d", fcntl(fd, F_DUPFD, 4));
	int c = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	say("F_DUPFD_CLOEXEC 0: %d, FD_CLOEXEC %d", c, fcntl(c, F_GETFD));
	const char *r = outcome(fcntl(c, F_SETFD, 0));
	say("F_SETFD 0: %s now %d", r, fcntl(c, F_GETFD));
	r = outcome(fcntl(c, F_SETFD, FD_CLOEXEC));
	say("F_SETFD 1: %s now %d", r, fcntl(c, F_GETFD));
	say("F_DUPFD negative: %s", outcome(fcntl(fd, F_DUPFD, -1)));
	say("fcntl bad cmd: %s", outcome(fcntl(fd, 9999)));
	say("fcntl bad fd: %s", outcome(fcntl(99, F_GETFD)));
	say("dup2 to 20: %d", dup2(fd, 20));
	say("dup2 to 20 (open): %d", dup2(c, 20));
	say("dup2 keeps no FD_CLOEXEC: %d", fcntl(20, F_GETFD));
	say("dup2 from a closed fd: %s", outcome(dup2(50, 21)));
	say("dup2 to a negative fd: %s", outcome(dup2(fd, -1)));
	int d3 = dup3(fd, 21, O_CLOEXEC);
	say("dup3 O_CLOEXEC: %d, FD_CLOEXEC %d", d3, fcntl(21, F_GETFD));
	say("dup of a closed fd: %s", outcome(dup(77)));
	say("F_GETFL: %o", fcntl(fd, F_GETFL) & ~0100000 /* O_LARGEFILE: 0 in glibc's x86-64 headers */);
	say("F_SETFL O_APPEND|O_NONBLOCK: %s", outcome(fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK)));
	say("F_GETFL: %o", fcntl(fd, F_GETFL) & ~0100000 /* O_LARGEFILE: 0 in glibc's x86-64 headers */);
	say("shared by dup: %o", fcntl(20, F_GETFL) & ~0100000 /* O_LARGEFILE: 0 in glibc's x86-64 headers */);
	r = outcome(fcntl(fd, F_SETFL, O_WRONLY));
	say("F_SETFL cannot change the access mode: %s %o", r, fcntl(fd, F_GETFL) & ~0100000 /* O_LARGEFILE: 0 in glibc's x86-64 headers */);
	write(fd, "abc", 3);
	lseek(fd, 0, SEEK_SET);
	fcntl(fd, F_SETFL, O_APPEND);
	write(20, "de", 2);
	say("O_APPEND set by F_SETFL applies to the dup: offset %lld", (long long)lseek(fd, 0, SEEK_CUR));
	fcntl(fd, F_SETFL, 0);
	lseek(fd, 0, SEEK_SET);
	write(fd, "X", 1);
	say("cleared: offset %lld", (long long)lseek(fd, 0, SEEK_CUR));
	for (int i = 4; i < 30; i++)
		if (i != fd)
			close(i);
	close(fd);
	unlink("d");
}

static void forked(void)
{
	int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	int cl = dup(fd);
	fcntl(cl, F_SETFD, FD_CLOEXEC);
	pid_t pid = fork();
	if (pid == 0) {
		write(fd, "child", 5);
		say("child: FD_CLOEXEC kept by fork: %d", fcntl(cl, F_GETFD));
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	say("parent after the child wrote: offset %lld", (long long)lseek(fd, 0, SEEK_CUR));
	write(fd, "+parent", 7);
	pid = fork();
	if (pid == 0) {
		say("child sees the parent's offset: %lld", (long long)lseek(fd, 0, SEEK_CUR));
		lseek(fd, 2, SEEK_SET);
		close(fd);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	say("the child's lseek moved ours: %lld; its close did not close ours: %s",
	    (long long)lseek(fd, 0, SEEK_CUR), outcome(fcntl(fd, F_GETFD)));
	close(cl);
	close(fd);
	unlink("f");
}

static void exec_child(int keep, int gone)
{
	say("exec: kept fd flags %d", fcntl(keep, F_GETFD));
	say("exec: FD_CLOEXEC fd: %s", outcome(fcntl(gone, F_GETFD)));
	char b[8] = { 0 };
	say("exec: kept fd reads at the shared offset: %zd '%s'", read(keep, b, 3), b);
}

static void cloexec(const char *self)
{
	int keep = open("x", O_CREAT | O_RDWR | O_TRUNC, 0644);
	write(keep, "abcdef", 6);
	lseek(keep, 1, SEEK_SET);
	int gone = open("x", O_RDONLY | O_CLOEXEC);
	int gone2 = dup(keep);
	fcntl(gone2, F_SETFD, FD_CLOEXEC);
	char k[12], g[12];
	snprintf(k, sizeof(k), "%d", keep);
	snprintf(g, sizeof(g), "%d", gone);
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { (char *)self, "exec", k, g, NULL };
		char *envp[] = { NULL };
		execve(self, argv, envp);
		say("execve %s: %s", self, errname(errno));
		_exit(1);
	}
	int status;
	waitpid(pid, &status, 0);
	say("exec child: exit %d", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	say("after the child read: offset %lld", (long long)lseek(keep, 0, SEEK_CUR));
	close(gone);
	close(gone2);
	close(keep);
	unlink("x");
}

static void limits(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit rl = { 10, 10 };
		say("setrlimit NOFILE 10: %s", outcome(setrlimit(RLIMIT_NOFILE, &rl)));
		char line[200] = "";
		int fd;
		while ((fd = open(".", O_RDONLY | O_DIRECTORY)) >= 0 && fd < 64)
			snprintf(line + strlen(line), sizeof(line) - strlen(line), " %d", fd);
		say("opened:%s, then %s", line, errname(errno));
		say("dup: %s", outcome(dup(0)));
		say("F_DUPFD 0 when full: %s", outcome(fcntl(0, F_DUPFD, 0)));
		say("dup2 to 9 (the last): %s", outcome(dup2(0, 9)));
		say("dup2 to 10 (past the limit): %s", outcome(dup2(0, 10)));
		say("dup3 to 10: %s", outcome(dup3(0, 10, 0)));
		say("F_DUPFD 10: %s", outcome(fcntl(0, F_DUPFD, 10)));
		close(5);
		say("after close 5, open gives: %d", open(".", O_RDONLY));
		rl.rlim_cur = 4;
		setrlimit(RLIMIT_NOFILE, &rl);
		say("limit 4 below open fds: fd 9 still open: %s", outcome(fcntl(9, F_GETFD)));
		say("and open fails: %s", outcome(open(".", O_RDONLY)));
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	say("limits child: exit %d", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int main(int argc, char **argv)
{
	diff_start("files_fd");
	if (argc == 4 && !strcmp(argv[1], "exec")) {
		exec_child(atoi(argv[2]), atoi(argv[3]));
		return 0;
	}
	snprintf(top, sizeof(top), "/tmp/files_fd-XXXXXX");
	if (!mkdtemp(top) || chdir(top)) {
		say("cannot make a directory in /tmp: %s", errname(errno));
		return 1;
	}
	vectors();
	duplicates();
	forked();
	cloexec(argv[0]);
	limits();
	chdir("/");
	say("cleaned: %s", outcome(rmdir(top)));
	return 0;
}
