/*
 * pipe_poll - poll, ppoll, select and pselect6 on pipes (poll(2),
 * select(2)): an empty pipe is not readable, one with bytes is; a write
 * end is writable while there is room and not when the pipe is full; the
 * read end reports POLLHUP once the writer closed; a bad descriptor is
 * POLLNVAL in poll and EBADF in select; a zero timeout only looks, and a
 * short one expires with the time left written back as 0.  A poll that
 * sleeps is woken by a child's write to one of two pipes.
 */
#include "lib/ulib.h"
#include "lib/pipe.h"

static char page[PIPE_BUF];

int main(void)
{
	int a[2], b[2];
	tap_start();
	ok(pipe(a) == 0 && pipe(b) == 0, "two pipes");

	struct pollfd p[3] = { { a[0], POLLIN, -1 }, { a[1], POLLOUT, -1 }, { -1, POLLIN, -1 } };
	ok(poll(p, 3, 0) == 1 && p[0].revents == 0 && p[1].revents == POLLOUT && p[2].revents == 0,
	   "empty pipe: the write end is writable, the read end not; fd -1 is ignored");
	write(a[1], "x", 1);
	ok(poll(p, 2, 0) == 2 && p[0].revents == POLLIN, "after a write the read end is readable");
	p[0].events = POLLOUT;	/* not asked: not reported, even if "true" */
	ok(poll(p, 1, 0) == 0 && p[0].revents == 0, "only the asked events are reported");
	p[0].events = POLLIN;

	struct pollfd bad = { 50, POLLIN, 0 };	/* below 64: inside Linux's first table */
	ok(poll(&bad, 1, 0) == 1 && bad.revents == POLLNVAL, "a bad descriptor: POLLNVAL");

	fd_set r, w;
	struct timeval tv = { 0, 0 };
	fd_zero(&r);
	fd_zero(&w);
	fd_setbit(a[0], &r);
	fd_setbit(b[0], &r);
	fd_setbit(a[1], &w);
	ok(select(b[1] + 1, &r, &w, NULL, &tv) == 2 && fd_isset(a[0], &r) && !fd_isset(b[0], &r) &&
	   fd_isset(a[1], &w), "select with a zero timeout: the ready descriptors only");
	fd_zero(&r);
	fd_setbit(50, &r);
	ok(select(51, &r, NULL, NULL, &tv) == -EBADF, "select on a closed descriptor: EBADF");

	fd_zero(&r);
	fd_setbit(b[0], &r);
	tv = (struct timeval){ 0, 20000 };
	ok(select(b[0] + 1, &r, NULL, NULL, &tv) == 0 && !fd_isset(b[0], &r),
	   "select on an empty pipe times out, its set cleared");
	ok(tv.tv_sec == 0 && tv.tv_usec == 0, "and writes the time left back: none");
	struct timespec ts = { 0, 20000000 };
	struct pollfd pb = { b[0], POLLIN, -1 };
	ok(ppoll(&pb, 1, &ts) == 0 && pb.revents == 0 && ts.tv_sec == 0 && ts.tv_nsec == 0,
	   "ppoll times out too, time left 0");
	fd_zero(&r);
	fd_setbit(a[0], &r);
	ts = (struct timespec){ 5, 0 };
	ok(pselect6(a[0] + 1, &r, NULL, NULL, &ts) == 1 && fd_isset(a[0], &r) && ts.tv_sec <= 5,
	   "pselect6 returns at once for a ready pipe");

	/* Fill a: its write end is no longer writable. */
	char c;
	read(a[0], &c, 1);
	long n = 0, r1;
	struct pollfd pw = { a[1], POLLOUT, 0 };
	while (poll(&pw, 1, 0) == 1 && (r1 = write(a[1], page, sizeof(page))) > 0)
		n += r1;
	ok(n == 65536 && poll(&pw, 1, 0) == 0, "a full pipe is not writable (after 65536 bytes)");
	read_all(a[0], page, sizeof(page));
	ok(poll(&pw, 1, 0) == 1 && pw.revents == POLLOUT, "writable again once a page was read");

	/* Sleep in poll on two empty pipes; a child writes to the second. */
	int c1[2], c2[2];
	pipe(c1);
	pipe(c2);
	long pid = fork();
	if (pid == 0) {
		write(c2[1], "w", 1);
		exit(0);
	}
	struct pollfd two[2] = { { c1[0], POLLIN, -1 }, { c2[0], POLLIN, -1 } };
	ok(poll(two, 2, -1) == 1 && two[0].revents == 0 && two[1].revents == POLLIN,
	   "a poll with no timeout wakes for the child's write to the second pipe");
	int status;
	wait4(pid, &status, 0, NULL);

	/* The writer closes: the reader sees POLLHUP (and POLLIN while bytes remain). */
	close(c2[1]);
	ok(poll(&two[1], 1, 0) == 1 && two[1].revents == (POLLIN | POLLHUP),
	   "writer gone, a byte left: POLLIN | POLLHUP");
	read(c2[0], &c, 1);
	ok(poll(&two[1], 1, -1) == 1 && two[1].revents == POLLHUP, "then POLLHUP alone, at once");
	close(c1[0]);
	struct pollfd pe = { c1[1], POLLOUT, 0 };
	ok(poll(&pe, 1, 0) == 1 && pe.revents == (POLLOUT | POLLERR), "reader gone: POLLERR on the write end");

	/* A child closes its write end while the parent sleeps in select. */
	int d[2];
	pipe(d);
	pid = fork();
	if (pid == 0) {
		close(d[1]);
		exit(0);
	}
	close(d[1]);
	fd_zero(&r);
	fd_setbit(d[0], &r);
	ok(select(d[0] + 1, &r, NULL, NULL, NULL) == 1 && fd_isset(d[0], &r) && read(d[0], &c, 1) == 0,
	   "select without a timeout wakes when the last writer goes: readable, EOF");
	wait4(pid, &status, 0, NULL);
	ok(poll(NULL, 0, 10) == 0, "poll of no descriptors is a short sleep");

	/* A child sleeping in poll, and one in a pipe read, are ended by a
	 * kill (the signal wakes the sleep; it ends the child on the way out).
	 * Each first says it is about to sleep, so the kill usually finds it
	 * asleep; if it comes just before, the outcome is the same. */
	int e[2], go[2];
	pipe(e);
	pipe(go);
	long sleepers[2];
	for (int k = 0; k < 2; k++) {
		sleepers[k] = fork();
		if (sleepers[k] == 0) {
			struct pollfd pr = { e[0], POLLIN, 0 };
			write(go[1], "s", 1);
			if (k == 0)
				poll(&pr, 1, -1);
			else
				read(e[0], &c, 1);
			exit(3);	/* not reached: nobody writes to e */
		}
		read(go[0], &c, 1);
	}
	int killed = 0;
	for (int k = 0; k < 2; k++) {
		kill(sleepers[k], SIGKILL);
		if (wait4(sleepers[k], &status, 0, NULL) == sleepers[k] && WIFSIGNALED(status) &&
		    WTERMSIG(status) == SIGKILL)
			killed++;
	}
	ok(killed == 2, "a kill ends a child asleep in poll and one asleep in a pipe read");
	return tap_done();
}
