/*
 * pipe_basic - pipe(2) and pipe2(2) as Linux (pipe(7)): end of file after
 * the last writer closes (in this process and in a forked child), SIGPIPE
 * for a writer with no reader (the parent sees it through wait4), the
 * O_NONBLOCK errors on an empty and on a full pipe, the 65536-byte
 * capacity, FIONREAD, pipe2's flags, and -ESPIPE for lseek.
 *
 * The EPIPE return itself cannot be seen from ring 3 until signals can be
 * ignored: SIGPIPE ends the writer on the way out of write.  The kernel's
 * own test (kernel/fs/pipe_test.c) checks it.
 */
#include "lib/ulib.h"
#include "lib/pipe.h"

static int fill(int wr)
{
	static char page[PIPE_BUF];
	long total = 0, r;
	memset(page, 'f', sizeof(page));
	while ((r = write(wr, page, sizeof(page))) > 0)
		total += r;
	return r == -EAGAIN ? (int)total : (int)r;
}

int main(void)
{
	int fd[2];
	char buf[64];
	tap_start();

	ok(pipe(fd) == 0 && fd[0] >= 0 && fd[1] > fd[0], "pipe gives two descriptors, the lowest free");
	ok(write(fd[1], "abc", 3) == 3, "write 3 bytes");
	ok(read(fd[0], buf, sizeof(buf)) == 3 && memcmp(buf, "abc", 3) == 0,
	   "read gives what is there, no more");
	ok(read(fd[1], buf, 1) == -EBADF, "the write end cannot be read");
	ok(write(fd[0], "x", 1) == -EBADF, "the read end cannot be written");
	ok(lseek(fd[0], 0, 0) == -ESPIPE, "lseek on a pipe: ESPIPE");
	ok(write(fd[1], "z", 1) == 1 && close(fd[1]) == 0, "write a byte, close the only writer");
	ok(read(fd[0], buf, sizeof(buf)) == 1 && buf[0] == 'z', "the byte written before close is read");
	ok(read(fd[0], buf, sizeof(buf)) == 0, "then end of file");
	close(fd[0]);

	/* A writer in a child: EOF only once it and the parent's copy close. */
	pipe(fd);
	long pid = fork();
	if (pid == 0) {
		close(fd[0]);
		write(fd[1], "child", 5);
		exit(0);
	}
	close(fd[1]);
	long n = read_all(fd[0], buf, sizeof(buf));
	int status = -1;
	wait4(pid, &status, 0, NULL);
	ok(n == 5 && memcmp(buf, "child", 5) == 0, "the child's bytes, then EOF when it exits");
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the writing child exited 0");
	close(fd[0]);

	/* No reader: SIGPIPE ends the writer. */
	pipe(fd);
	close(fd[0]);
	pid = fork();
	if (pid == 0) {
		write(fd[1], "x", 1);
		exit(42);	/* not reached: SIGPIPE's default action */
	}
	status = 0;
	ok(wait4(pid, &status, 0, NULL) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE,
	   "a write with no reader kills the writer with SIGPIPE");
	close(fd[1]);

	/* O_NONBLOCK: empty, full, capacity, FIONREAD. */
	ok(pipe2(fd, O_NONBLOCK) == 0, "pipe2 O_NONBLOCK");
	ok(read(fd[0], buf, 1) == -EAGAIN, "empty non-blocking pipe: read gives EAGAIN");
	int avail = -1;
	ok(ioctl(fd[0], FIONREAD, &avail) == 0 && avail == 0, "FIONREAD on an empty pipe: 0");
	ok(fill(fd[1]) == 65536, "a pipe holds 65536 bytes");
	ok(write(fd[1], "x", 1) == -EAGAIN, "full non-blocking pipe: write gives EAGAIN");
	ok(ioctl(fd[0], FIONREAD, &avail) == 0 && avail == 65536, "FIONREAD on a full pipe: 65536");
	ok(read(fd[0], buf, 10) == 10 && ioctl(fd[1], FIONREAD, &avail) == 0 && avail == 65526,
	   "FIONREAD after reading 10, on the write end too: 65526");
	ok(fcntl(fd[0], F_GETFL, 0) == (O_RDONLY | O_NONBLOCK) &&
	   fcntl(fd[1], F_GETFL, 0) == (O_WRONLY | O_NONBLOCK), "F_GETFL: the access mode and O_NONBLOCK");
	ok(fcntl(fd[0], F_GETFD, 0) == 0, "no FD_CLOEXEC without O_CLOEXEC");
	close(fd[0]);
	close(fd[1]);

	ok(pipe2(fd, O_CLOEXEC) == 0, "pipe2 O_CLOEXEC");
	ok(fcntl(fd[0], F_GETFD, 0) == FD_CLOEXEC && fcntl(fd[1], F_GETFD, 0) == FD_CLOEXEC,
	   "both ends have FD_CLOEXEC");
	ok(fcntl(fd[0], F_GETFL, 0) == O_RDONLY, "and block (no O_NONBLOCK)");
	close(fd[0]);
	close(fd[1]);
	ok(pipe2(fd, 1) == -EINVAL, "pipe2 with another flag: EINVAL");
	int *volatile bad = (int *)8;
	ok(pipe(bad) == -EFAULT, "pipe with a bad address: EFAULT");
	ok(pipe(fd) == 0 && fd[0] == 3 && fd[1] == 4, "and it left no descriptor open");
	return tap_done();
}
