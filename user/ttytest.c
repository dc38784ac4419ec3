/*
 * ttytest - the terminal, driven from outside (tests/groups/tty.py types
 * on the serial port and reads what comes back).  Each step prints
 * "ready NAME" and then waits in read(0); the test types only after it
 * sees that line.  What read returned is printed as hex ("read NAME:
 * 61620a"), so the test can compare it with what a Linux pty returns for
 * the same keys.  Steps, in order:
 *
 *   termios   TCGETS after TIOCSCTTY: the flags and control characters
 *   winsize   TIOCGWINSZ
 *   canon     one line edited with erase, kill, word erase, literal next
 *   eof       "ab" then ^D pushes "ab"; ^D at a line start reads 0
 *   intr      a child in the foreground group reads; ^C ends it (SIGINT)
 *   susp      the same with ^Z (SIGTSTP): the child stops
 *   ttin      a child in a background group reads: SIGTTIN stops it
 *             (wait4 WUNTRACED); with SIGTTIN ignored its read is -EIO
 *   orphan    a stopped group whose last link to the session's other
 *             groups exits is orphaned: SIGHUP and SIGCONT end it
 *   min1      ICANON off, VMIN 1: one key is one read
 *   poll0     VMIN 0, VTIME 0 with nothing typed: read returns 0;
 *             VMIN 0, VTIME 1: 0 after the tenth of a second
 *   min3      VMIN 3: poll says readable once 3 keys came, FIONREAD 3
 */
#include "lib/ulib.h"
#include "lib/pipe.h"

#define SYS_rt_sigaction	13
#define SYS_setpgid		109
#define SYS_getpgid		121
#define SYS_getsid		124

/* Linux's kernel ABI (include/uapi/asm-generic/termbits.h, ioctls.h). */
struct ktermios {
	unsigned c_iflag, c_oflag, c_cflag, c_lflag;
	unsigned char c_line, c_cc[19];
};
struct winsize {
	unsigned short row, col, xpixel, ypixel;
};
#define TCGETS		0x5401
#define TCSETS		0x5402
#define TCSETSF		0x5404
#define TIOCSCTTY	0x540E
#define TIOCGPGRP	0x540F
#define TIOCSPGRP	0x5410
#define TIOCGWINSZ	0x5413
#define TIOCGSID	0x5429
#define ICANON		0000002
#define ECHO		0000010
#define VTIME		5
#define VMIN		6
#define SIGINT		2
#define SIGKILL		9
#define SIGSTOP		19
#define SIGTTIN		21
#define SIGTTOU		22
#define WUNTRACED	2
#define EIO		5

static void ignore(int sig)
{
	unsigned long act[4] = { 1 /* SIG_IGN */, 0, 0, 0 };
	syscall4(SYS_rt_sigaction, sig, (long)act, 0, 8);
}

static void hex(const char *name, const char *buf, long n)
{
	static const char digits[] = "0123456789abcdef";
	char line[300];
	int k = 0;
	for (long i = 0; i < n && k < (int)sizeof(line) - 3; i++) {
		line[k++] = digits[(unsigned char)buf[i] >> 4];
		line[k++] = digits[buf[i] & 15];
	}
	line[k] = 0;
	uprintf("read %s: %ld %s\n", name, n, line);
}

static void read_step(const char *name, int reads)
{
	char buf[256];
	uprintf("ready %s\n", name);
	for (int i = 0; i < reads; i++)
		hex(name, buf, read(0, buf, sizeof(buf)));
}

static void print_termios(void)
{
	struct ktermios t;
	long r = ioctl(0, TCGETS, &t);
	uprintf("termios: %ld iflag %x oflag %x cflag %x lflag %x line %u cc", r, t.c_iflag,
		t.c_oflag, t.c_cflag, t.c_lflag, t.c_line);
	for (int i = 0; i < 17; i++)
		uprintf(" %x", t.c_cc[i]);
	uprintf("\n");
}

/* The state letter /proc/PID/stat shows for pid (R, S, T, Z), or '?'. */
static char proc_state(long pid)
{
	char path[32] = "/proc/", digits[12], buf[128];
	int k = 0, n = 6;
	do
		digits[k++] = (char)('0' + pid % 10);
	while ((pid /= 10) > 0);
	while (k)
		path[n++] = digits[--k];
	memcpy(path + n, "/stat", 6);
	int fd = open(path, 0);
	long len = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	for (long i = 0; i + 2 < len; i++)
		if (buf[i] == ')' && buf[i + 1] == ' ')
			return buf[i + 2];
	return '?';
}

/* Wait for pid to stop or end: wait4 with WUNTRACED reports a stop with
 * its signal; where it does not (yet), /proc's state letter T shows it. */
static long wait_stop(long pid, int *status)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	for (;;) {
		long r = wait4(pid, status, WUNTRACED | 1 /* WNOHANG */, NULL);
		if (r != 0)
			return r;
		if (proc_state(pid) == 'T') {
			*status = -1;	/* stopped; the signal unknown */
			return pid;
		}
		nanosleep(&tick, NULL);
	}
}

/* A child in a group of its own, which reads the terminal.  foreground:
 * the terminal's foreground group becomes the child's for the read. */
static void child_read(const char *name, int foreground, int ignore_ttin)
{
	long pid = fork();
	if (pid == 0) {
		syscall2(SYS_setpgid, 0, 0);
		if (ignore_ttin)
			ignore(SIGTTIN);
		char buf[64];
		if (foreground) {
			int me = (int)getpid();
			ioctl(0, TIOCSPGRP, &me);
			uprintf("ready %s\n", name);
		}
		long n = read(0, buf, sizeof(buf));
		exit(n < 0 ? (int)-n : 100);
	}
	syscall2(SYS_setpgid, pid, pid);	/* both set it: no race (as shells do) */
	int status = 0;
	wait_stop(pid, &status);
	if (status == -1) {
		uprintf("%s: child stopped (state T)\n", name);
		kill(pid, SIGKILL);
		wait4(pid, &status, 0, NULL);
	} else if ((status & 0xff) == 0x7f) {
		uprintf("%s: child stopped by signal %d\n", name, (status >> 8) & 0xff);
		kill(pid, SIGKILL);
		wait4(pid, &status, 0, NULL);
	} else if (WIFSIGNALED(status)) {
		uprintf("%s: child killed by signal %d\n", name, WTERMSIG(status));
	} else {
		uprintf("%s: child exited %d\n", name, WEXITSTATUS(status));
	}
	int me = (int)getpid();
	ioctl(0, TIOCSPGRP, &me);	/* back to the foreground (SIGTTOU ignored) */
}

/* A grandchild in a group of its own stops itself; its parent, the
 * group's only link to this session's other groups, exits.  The kernel
 * must then hang the group up (SIGHUP, SIGCONT: Linux's
 * kill_orphaned_pgrp), which ends it -- continued alone it would idle on.
 * It is the kernel's to reap, so its end shows as its /proc entry going. */
static void orphan_step(void)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	int p[2];
	pipe(p);
	long a = fork();
	if (a == 0) {
		long b = fork();
		if (b == 0) {
			syscall2(SYS_setpgid, 0, 0);
			kill(getpid(), SIGSTOP);
			idle_forever();
		}
		syscall2(SYS_setpgid, b, b);
		while (proc_state(b) != 'T')
			nanosleep(&tick, NULL);
		write(p[1], &b, sizeof(b));
		exit(0);
	}
	long b = 0;
	read(p[0], &b, sizeof(b));
	int status;
	wait4(a, &status, 0, NULL);
	for (int i = 0; i < 2000 && proc_state(b) != '?'; i++)	/* a hang limit */
		nanosleep(&tick, NULL);
	char state = proc_state(b);
	uprintf("orphan: stopped group %s\n", state == '?' ? "hung up" : "still there");
	if (state != '?')
		kill(b, SIGKILL);
}

static void set_raw(struct ktermios *saved, int min, int time, int flush)
{
	struct ktermios t = *saved;
	t.c_lflag &= ~(unsigned)(ICANON | ECHO);
	t.c_cc[VMIN] = (unsigned char)min;
	t.c_cc[VTIME] = (unsigned char)time;
	ioctl(0, flush ? TCSETSF : TCSETS, &t);
}

int main(void)
{
	ignore(SIGTTOU);	/* a job-control shell's habit: take the terminal back */
	uprintf("ttytest: sctty %ld\n", ioctl(0, TIOCSCTTY, 0));
	int pgrp = -1, sid = -1;
	ioctl(0, TIOCGPGRP, &pgrp);
	ioctl(0, TIOCGSID, &sid);
	uprintf("ttytest: foreground is us %d, session is us %d\n", pgrp == (int)getpid(),
		sid == (int)syscall1(SYS_getsid, 0));
	print_termios();
	struct winsize ws = { 0, 0, 0, 0 };
	long r = ioctl(0, TIOCGWINSZ, &ws);
	uprintf("winsize: %ld %u %u\n", r, ws.row, ws.col);

	read_step("canon", 1);
	read_step("eof", 2);
	child_read("intr", 1, 0);
	child_read("susp", 1, 0);
	child_read("ttin", 0, 0);
	child_read("ttin_ignored", 0, 1);
	orphan_step();

	struct ktermios saved;
	ioctl(0, TCGETS, &saved);
	set_raw(&saved, 1, 0, 1);
	read_step("min1", 1);
	set_raw(&saved, 0, 0, 0);
	read_step("poll0", 1);
	set_raw(&saved, 0, 1, 0);
	read_step("time1", 1);
	set_raw(&saved, 3, 0, 0);
	uprintf("ready min3\n");
	struct pollfd p = { 0, POLLIN, 0 };
	long ready = poll(&p, 1, -1);
	int queued = -1;
	ioctl(0, FIONREAD, &queued);
	uprintf("min3: poll %ld revents %x fionread %d\n", ready, p.revents, queued);
	char buf[16];
	hex("min3", buf, read(0, buf, sizeof(buf)));
	ioctl(0, TCSETS, &saved);
	uprintf("ttytest: done\n");
	return 0;
}
