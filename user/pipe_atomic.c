/*
 * pipe_atomic - writes of PIPE_BUF (4096) bytes are atomic (pipe(7)):
 * WRITERS forked children each write RECORDS records of 4096 bytes, every
 * byte its own id, into one pipe; the parent reads the stream back record
 * by record and checks that no record mixes two writers' bytes and that
 * each writer's records all arrived.  The pipe fills up (64 KiB), so the
 * writers really wait for room and compete for it.
 */
#include "lib/ulib.h"
#include "lib/pipe.h"

#define WRITERS	4
#define RECORDS	64

static char rec[PIPE_BUF];

int main(void)
{
	int fd[2];
	tap_start();
	ok(pipe(fd) == 0, "pipe");
	long pids[WRITERS];
	for (int w = 0; w < WRITERS; w++) {
		pids[w] = fork();
		if (pids[w] == 0) {
			close(fd[0]);
			memset(rec, 'A' + w, sizeof(rec));
			for (int i = 0; i < RECORDS; i++)
				if (write(fd[1], rec, sizeof(rec)) != sizeof(rec))
					exit(1);
			exit(0);
		}
	}
	close(fd[1]);
	int count[WRITERS] = { 0 }, mixed = 0, records = 0;
	long n;
	while ((n = read_all(fd[0], rec, sizeof(rec))) == sizeof(rec)) {
		records++;
		int w = rec[0] - 'A';
		for (size_t i = 1; i < sizeof(rec); i++)
			if (rec[i] != rec[0]) {
				mixed++;
				break;
			}
		if (w >= 0 && w < WRITERS)
			count[w]++;
	}
	int exits = 0;
	for (int w = 0; w < WRITERS; w++) {
		int status = -1;
		if (wait4(pids[w], &status, 0, NULL) == pids[w] && WIFEXITED(status) &&
		    WEXITSTATUS(status) == 0)
			exits++;
	}
	int all = 1;
	for (int w = 0; w < WRITERS; w++)
		all &= count[w] == RECORDS;
	ok(n == 0, "the stream ends at a record's end, with EOF");
	ok(records == WRITERS * RECORDS, "every record arrived");
	ok(mixed == 0, "no record mixes two writers");
	ok(all, "each writer's records all arrived");
	ok(exits == WRITERS, "every writer wrote whole records and exited 0");
	return tap_done();
}
