/*
 * pipe_bulk - 1 MiB through a pipe from a forked child, in writes and
 * reads of sizes that do not divide the pipe's 64 KiB (so the ring wraps
 * at every place and big writes are split): the bytes arrive in order,
 * none lost (a checksum over a pseudo-random stream both sides make).
 */
#include "lib/ulib.h"
#include "lib/pipe.h"

#define TOTAL	(1024 * 1024)

/* The stream: xorshift32 bytes, the same on both sides. */
static unsigned next_byte(unsigned *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s & 0xff;
}

static char buf[70001];

int main(void)
{
	int fd[2];
	tap_start();
	ok(pipe(fd) == 0, "pipe");
	long pid = fork();
	if (pid == 0) {
		close(fd[0]);
		unsigned s = 12345;
		static const unsigned sizes[] = { 1, 4095, 4097, 70001, 333, 65536, 9999 };
		size_t done = 0;
		for (unsigned k = 0; done < TOTAL; k++) {
			size_t n = sizes[k % 7];
			if (n > TOTAL - done)
				n = TOTAL - done;
			for (size_t i = 0; i < n; i++)
				buf[i] = (char)next_byte(&s);
			if (write_all(fd[1], buf, n) != (long)n)
				exit(1);
			done += n;
		}
		exit(0);
	}
	close(fd[1]);
	unsigned s = 12345, bad = 0;
	unsigned long got = 0, sum_got = 0, sum_want = 0;
	static const unsigned rsizes[] = { 7, 65536, 1000, 12289, 1 };
	long n;
	for (unsigned k = 0; (n = read(fd[0], buf, rsizes[k % 5])) > 0; k++) {
		for (long i = 0; i < n; i++) {
			unsigned want = next_byte(&s);
			sum_want = sum_want * 31 + want;
			sum_got = sum_got * 31 + (unsigned char)buf[i];
			bad += (unsigned char)buf[i] != want;
		}
		got += (unsigned long)n;
	}
	int status = -1;
	wait4(pid, &status, 0, NULL);
	ok(n == 0, "the reader sees EOF at the end");
	ok(got == TOTAL, "1 MiB arrived");
	ok(bad == 0 && sum_got == sum_want, "every byte in order (checksum)");
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the writer wrote it all and exited 0");
	return tap_done();
}
