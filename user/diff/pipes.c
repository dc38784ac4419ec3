/*
 * pipes - pipes, poll and select through the C library: what read, write,
 * poll, select, ioctl(FIONREAD), fcntl and fstat say about a pipe in
 * states that do not depend on timing (empty, holding bytes, full, writer
 * gone, reader gone), pipe2's flags, the capacity, SIGPIPE's status word.
 * Every wait is for something already certain (a child that ends, bytes
 * already written), so the output has one order.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diff.h"

static char page[4096];

static const char *rw(long r)
{
	static char s[32];
	if (r < 0)
		return errname(errno);
	snprintf(s, sizeof(s), "%ld", r);
	return s;
}

static int pollev(int fd, short events)
{
	struct pollfd p = { fd, events, 0 };
	int n = poll(&p, 1, 0);
	return n < 0 ? -errno : p.revents;
}

static int nread(int fd)
{
	int n = -1;
	return ioctl(fd, FIONREAD, &n) < 0 ? -errno : n;
}

/* Read until end of file. */
static long read_full(int fd, char *buf, size_t size)
{
	size_t done = 0;
	long r;
	while (done < size && (r = read(fd, buf + done, size - done)) > 0)
		done += (size_t)r;
	return (long)done;
}

/* A named FIFO: mkfifo, the opens that do not wait, bytes through it.
 * The path has the pid in it: the host may run this program twice at
 * once (the path is never printed). */
static char fifo_path[64];
#define FIFO_PATH	fifo_path

static void fifo(void)
{
	char buf[8];
	snprintf(fifo_path, sizeof(fifo_path), "/tmp/pipes-diff-fifo.%d", (int)getpid());
	unlink(FIFO_PATH);
	say("mkfifo: %s", outcome(mkfifo(FIFO_PATH, 0600)));
	struct stat st = { 0 };
	stat(FIFO_PATH, &st);
	say("fifo stat: fifo %s, size %ld", yesno(S_ISFIFO(st.st_mode)), (long)st.st_size);
	say("open for writing, no reader, O_NONBLOCK: %s",
	    outcome(open(FIFO_PATH, O_WRONLY | O_NONBLOCK)));
	int rd = open(FIFO_PATH, O_RDONLY | O_NONBLOCK);
	say("open for reading, O_NONBLOCK: %s", outcome(rd));
	say("no writer yet: poll %#x, read %s", pollev(rd, POLLIN), rw(read(rd, buf, 1)));
	int wr = open(FIFO_PATH, O_WRONLY | O_NONBLOCK);
	say("then for writing: %s", outcome(wr));
	say("write 4: %s", rw(write(wr, "fifo", 4)));
	say("FIONREAD %d", nread(rd));
	say("read: %s", rw(read(rd, buf, sizeof(buf))));
	close(wr);
	int e = pollev(rd, POLLIN);
	say("writer gone: poll %#x, read %s", e, rw(read(rd, buf, 1)));
	close(rd);
	int both = open(FIFO_PATH, O_RDWR | O_NONBLOCK);
	say("O_RDWR: %s, empty read %s", outcome(both), rw(read(both, buf, 1)));
	close(both);

	/* Blocking opens: each side waits for the other. */
	pid_t pid = fork();
	if (pid == 0) {
		int w = open(FIFO_PATH, O_WRONLY);
		_exit(w >= 0 && write(w, "hi", 2) == 2 ? 0 : 1);
	}
	rd = open(FIFO_PATH, O_RDONLY);
	long n = read_full(rd, buf, sizeof(buf));
	int status = -1;
	waitpid(pid, &status, 0);
	say("blocking opens met: read %ld (%.2s), writer status %d", n, buf,
	    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	close(rd);
	say("unlink: %s", outcome(unlink(FIFO_PATH)));
}

int main(void)
{
	int fd[2];
	char buf[64];
	diff_start("pipes");

	say("pipe: %s", outcome(pipe(fd)));
	struct stat st = { 0 };
	fstat(fd[0], &st);
	say("fstat: fifo %s, mode %o", yesno(S_ISFIFO(st.st_mode)), (unsigned)(st.st_mode & 07777));
	say("lseek: %s", rw(lseek(fd[0], 0, SEEK_SET)));
	say("pread: %s", rw(pread(fd[0], buf, 1, 0)));
	say("F_GETFL read end %o, write end %o", fcntl(fd[0], F_GETFL), fcntl(fd[1], F_GETFL));
	int e0 = pollev(fd[0], POLLIN | POLLOUT), e1 = pollev(fd[1], POLLIN | POLLOUT);
	say("empty: poll read end %#x, write end %#x, FIONREAD %d", e0, e1, nread(fd[0]));
	say("write 5: %s", rw(write(fd[1], "hello", 5)));
	say("bytes: poll read end %#x, FIONREAD %d", pollev(fd[0], POLLIN), nread(fd[0]));
	say("read 2: %s", rw(read(fd[0], buf, 2)));
	say("read 64: %s (%.3s)", rw(read(fd[0], buf, 64)), buf);
	say("read 0 bytes: %s", rw(read(fd[0], buf, 0)));
	say("write to the read end: %s", rw(write(fd[0], "x", 1)));
	say("read from the write end: %s", rw(read(fd[1], buf, 1)));
	close(fd[1]);
	e0 = pollev(fd[0], POLLIN);
	say("writer gone: poll %#x, read %s", e0, rw(read(fd[0], buf, 1)));
	close(fd[0]);

	say("pipe2 bad flag: %s", outcome(pipe2(fd, O_APPEND)));
	say("pipe2 O_NONBLOCK|O_CLOEXEC: %s", outcome(pipe2(fd, O_NONBLOCK | O_CLOEXEC)));
	say("F_GETFD %d %d, F_GETFL %o %o", fcntl(fd[0], F_GETFD), fcntl(fd[1], F_GETFD),
	    fcntl(fd[0], F_GETFL), fcntl(fd[1], F_GETFL));
	say("empty non-blocking read: %s", rw(read(fd[0], buf, 1)));
	long total = 0, r;
	memset(page, 'p', sizeof(page));
	while ((r = write(fd[1], page, sizeof(page))) > 0)
		total += r;
	say("filled with pages: %ld bytes, then %s", total, rw(r));
	say("full: write 1 %s", rw(write(fd[1], "x", 1)));
	say("full: poll write end %#x, FIONREAD %d", pollev(fd[1], POLLOUT), nread(fd[0]));
	say("read a page: %s", rw(read(fd[0], page, sizeof(page))));
	say("then: poll write end %#x, FIONREAD %d", pollev(fd[1], POLLOUT), nread(fd[0]));
	static char big[8192];
	say("big write with one page free: %s", rw(write(fd[1], big, sizeof(big))));
	close(fd[0]);
	close(fd[1]);

	/* A writer with no reader: SIGPIPE's default action, seen by wait. */
	pipe(fd);
	close(fd[0]);
	pid_t pid = fork();
	if (pid == 0) {
		write(fd[1], "x", 1);
		_exit(42);
	}
	close(fd[1]);
	int status = 0;
	waitpid(pid, &status, 0);
	say("writer with no reader: signalled %s, signal %d", yesno(WIFSIGNALED(status)),
	    WIFSIGNALED(status) ? WTERMSIG(status) : 0);

	/* select and poll on a bad descriptor, and with fds asked for. */
	int n;
	struct pollfd bad[2] = { { 50, POLLIN, 0 }, { -1, POLLIN, 0 } };
	n = poll(bad, 2, 0);
	say("poll bad fd: %d, revents %#x %#x", n, bad[0].revents, bad[1].revents);
	fd_set rs;
	FD_ZERO(&rs);
	FD_SET(50, &rs);
	struct timeval tv = { 0, 0 };
	say("select bad fd: %s", outcome(select(51, &rs, NULL, NULL, &tv)));
	pipe(fd);
	write(fd[1], "a", 1);
	fd_set ws;
	FD_ZERO(&rs);
	FD_ZERO(&ws);
	FD_SET(fd[0], &rs);
	FD_SET(fd[1], &rs);
	FD_SET(fd[1], &ws);
	n = select(fd[1] + 1, &rs, &ws, NULL, &tv);
	say("select: %d, read end %s, write end readable %s, writable %s", n,
	    yesno(FD_ISSET(fd[0], &rs)), yesno(FD_ISSET(fd[1], &rs)), yesno(FD_ISSET(fd[1], &ws)));
	tv = (struct timeval){ 0, 10000 };
	FD_ZERO(&rs);
	FD_SET(fd[1], &rs);
	n = select(fd[1] + 1, &rs, NULL, NULL, &tv);
	say("select on the write end for reading: %d, left %ld.%06ld", n, (long)tv.tv_sec,
	    (long)tv.tv_usec);
	tv = (struct timeval){ 0, -1 };
	say("select negative timeout: %s", outcome(select(1, NULL, NULL, NULL, &tv)));
	struct pollfd pe = { fd[1], POLLOUT, 0 };
	close(fd[0]);
	n = poll(&pe, 1, 0);
	say("reader gone: poll write end %d %#x", n, pe.revents);
	close(fd[1]);

	fifo();
	return 0;
}
