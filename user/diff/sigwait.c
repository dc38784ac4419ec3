/*
 * sigwait - waiting with and for signals: alarm and setitimer(ITIMER_REAL)
 * with pause, a timer across fork and execve; wait4 and waitid seeing a
 * child stop, continue, exit and dump core, once each; children nobody
 * waits for (SIGCHLD ignored, SA_NOCLDWAIT); ppoll and pselect6 with the
 * signal mask they block for the wait.
 *
 * user/diff/diff.h says how the output is compared with Linux's.  No
 * time is printed but what must be exact (an interval read back) or
 * coarse enough to be the same on a loaded machine (whole seconds of a
 * long alarm, "more than zero").  The core-dump child writes its core
 * file (on a Linux host whose core_pattern is a plain file name) in a
 * directory of its own under /tmp, removed after.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

#include "diff.h"

static volatile sig_atomic_t alarms, usr1s, chlds, vtalrms, profs;
static volatile int alarm_code, usr2_blocked_in_handler, usr1_blocked_in_handler;

static void on_alarm(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	alarms++;
	alarm_code = si->si_code;
}

static void on_usr1(int sig)
{
	(void)sig;
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	usr1s++;
	usr1_blocked_in_handler = sigismember(&cur, SIGUSR1);
	usr2_blocked_in_handler = sigismember(&cur, SIGUSR2);
}

static void on_chld(int sig)
{
	(void)sig;
	chlds++;
}

static void on_cpu_timer(int sig)
{
	if (sig == SIGVTALRM)
		vtalrms++;
	else
		profs++;
}

static void handle(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa = { .sa_handler = fn, .sa_flags = flags };
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static long sys(long nr, long a, long b, long c, long d, long e, long f)
{
	long r = syscall(nr, a, b, c, d, e, f);
	return r == -1 ? -errno : r;
}

static const char *res(long r)
{
	static char buf[32];
	if (r < 0)
		return errname((int)-r);
	snprintf(buf, sizeof(buf), "%ld", r);
	return buf;
}

/* ---- alarm, setitimer, getitimer ---- */

static void alarms_and_pause(void)
{
	struct sigaction sa = { .sa_sigaction = on_alarm, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);

	alarms = 0;
	say("alarm(1) with none set: %u", alarm(1));
	int r = pause();
	say("pause: %d %s, handler ran %d, code %s", r, errname(errno), (int)alarms,
	    alarm_code == SI_KERNEL ? "SI_KERNEL" : "other");
	say("alarm(0) after it fired: %u", alarm(0));
	say("alarm(5): %u", alarm(5));
	/* Whole seconds rounded to nearest: a loaded machine may take more
	 * than half a second between two calls, so a range. */
	unsigned left = alarm(7);
	say("alarm(7) with 5 s left: 4 or 5: %s", yesno(left == 4 || left == 5));
	left = alarm(0);
	say("alarm(0) with 7 s left: 6 or 7: %s", yesno(left == 6 || left == 7));
	say("alarm(0) again: %u", alarm(0));
	say("handler ran while none was due: %d", (int)alarms - 1);
}

static void show_timer(const char *what)
{
	struct itimerval it;
	int r = getitimer(ITIMER_REAL, &it);
	say("%s: getitimer %d, value %s, interval %ld s %ld us", what, r,
	    it.it_value.tv_sec || it.it_value.tv_usec ? "set" : "0",
	    (long)it.it_interval.tv_sec, (long)it.it_interval.tv_usec);
}

static void interval_timer(void)
{
	struct itimerval it = { { 0, 20000 }, { 0, 20000 } }, old;
	alarms = 0;
	say("setitimer 20 ms every 20 ms: %d", setitimer(ITIMER_REAL, &it, &old));
	say("old value 0: %s, old interval 0: %s", yesno(!old.it_value.tv_sec && !old.it_value.tv_usec),
	    yesno(!old.it_interval.tv_sec && !old.it_interval.tv_usec));
	show_timer("armed");
	while (alarms < 3)
		pause();
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	say("after 3 alarms, disarm: %d", setitimer(ITIMER_REAL, &off, &old));
	/* the value: the time to the next alarm, or 0 if one came since */
	say("old interval %ld s %ld us, old value within it: %s", (long)old.it_interval.tv_sec,
	    (long)old.it_interval.tv_usec, yesno(!old.it_value.tv_sec && old.it_value.tv_usec <= 20000));
	show_timer("disarmed");

	/* Blocked, the SIGALRM stays pending and the timer is not re-armed
	 * until the signal is taken (Linux re-arms in dequeue_signal). */
	sigset_t alrm, old_mask;
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	sigprocmask(SIG_BLOCK, &alrm, &old_mask);
	struct itimerval once = { { 10, 0 }, { 0, 10000 } };
	setitimer(ITIMER_REAL, &once, NULL);
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	alarms = 0;
	nanosleep(&ts, NULL);
	sigset_t pend;
	sigpending(&pend);
	say("blocked SIGALRM: pending %s, handler ran %d", yesno(sigismember(&pend, SIGALRM)), (int)alarms);
	show_timer("fired, signal not taken");
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	say("unblocked: handler ran %d", (int)alarms);
	show_timer("signal taken");
	setitimer(ITIMER_REAL, &off, NULL);
	show_timer("disarmed again");
}

static void itimer_errors(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 1000000 } };
	say("setitimer usec 1000000: %s", res(sys(SYS_setitimer, ITIMER_REAL, (long)&it, 0, 0, 0, 0)));
	it.it_value.tv_usec = -1;
	say("setitimer usec -1: %s", res(sys(SYS_setitimer, ITIMER_REAL, (long)&it, 0, 0, 0, 0)));
	it.it_value.tv_usec = 0;
	it.it_interval.tv_usec = 1000000;
	say("setitimer interval usec 1000000: %s", res(sys(SYS_setitimer, ITIMER_REAL, (long)&it, 0, 0, 0, 0)));
	it.it_interval.tv_usec = 0;
	it.it_value.tv_sec = -1;
	say("setitimer sec -1: %s", res(sys(SYS_setitimer, ITIMER_REAL, (long)&it, 0, 0, 0, 0)));
	it.it_value.tv_sec = 0;
	say("setitimer which 5: %s", res(sys(SYS_setitimer, 5, (long)&it, 0, 0, 0, 0)));
	say("setitimer which -1: %s", res(sys(SYS_setitimer, -1, (long)&it, 0, 0, 0, 0)));
	say("setitimer bad new: %s", res(sys(SYS_setitimer, ITIMER_REAL, 16, 0, 0, 0, 0)));
	struct itimerval far = { { 0, 0 }, { 100, 0 } };
	say("setitimer bad old: %s", res(sys(SYS_setitimer, ITIMER_REAL, (long)&far, 16, 0, 0, 0)));
	say("  the timer was set all the same: alarm(0) = %u", alarm(0));
	say("getitimer which 5: %s", res(sys(SYS_getitimer, 5, (long)&it, 0, 0, 0, 0)));
	say("getitimer bad pointer: %s", res(sys(SYS_getitimer, ITIMER_REAL, 16, 0, 0, 0, 0)));
	say("getitimer which 5, bad pointer: %s", res(sys(SYS_getitimer, 5, 16, 0, 0, 0, 0)));
}

/* The CPU-time timers: they run while the program spins.  The spin
 * stops after 30 s of wall time whatever happens (a kernel whose timer
 * never fires prints a count short of 3, it does not hang). */
static void cpu_timers(void)
{
	static const struct { int which; const char *name; volatile sig_atomic_t *count; } t[] = {
		{ ITIMER_VIRTUAL, "ITIMER_VIRTUAL", &vtalrms },
		{ ITIMER_PROF, "ITIMER_PROF", &profs },
	};
	handle(SIGVTALRM, on_cpu_timer, SA_RESTART);
	handle(SIGPROF, on_cpu_timer, SA_RESTART);
	for (int i = 0; i < 2; i++) {
		struct itimerval it = { { 0, 20000 }, { 0, 20000 } }, old, cur;
		*t[i].count = 0;
		say("%s: setitimer 20 ms every 20 ms: %d", t[i].name, setitimer(t[i].which, &it, &old));
		getitimer(t[i].which, &cur);
		say("%s: old value 0 %s; now value set %s, interval %ld us", t[i].name,
		    yesno(!old.it_value.tv_sec && !old.it_value.tv_usec),
		    yesno(cur.it_value.tv_sec || cur.it_value.tv_usec), (long)cur.it_interval.tv_usec);
		struct timespec start, now;
		clock_gettime(CLOCK_MONOTONIC, &start);
		do {
			for (volatile int spin = 0; spin < 100000; spin++)
				;	/* user time, between the calls */
			clock_gettime(CLOCK_MONOTONIC, &now);
		} while (*t[i].count < 3 && now.tv_sec - start.tv_sec < 30);
		struct itimerval keep = { { 1, 0 }, { 0, 0 } };
		say("%s: signals at least 3: %s; value 0, interval 1 s: %d", t[i].name,
		    yesno(*t[i].count >= 3), setitimer(t[i].which, &keep, &old));
		say("%s: old interval %ld us", t[i].name, (long)old.it_interval.tv_usec);
		getitimer(t[i].which, &cur);
		say("%s: value %s, interval kept %ld s (ITIMER_REAL's is dropped)", t[i].name,
		    cur.it_value.tv_sec || cur.it_value.tv_usec ? "set" : "0", (long)cur.it_interval.tv_sec);
		struct itimerval off = { { 0, 0 }, { 0, 0 } };
		setitimer(t[i].which, &off, NULL);
	}
	struct itimerval keep = { { 1, 0 }, { 0, 0 } }, cur;
	setitimer(ITIMER_REAL, &keep, NULL);
	getitimer(ITIMER_REAL, &cur);
	say("ITIMER_REAL value 0, interval 1 s: interval read back %ld s", (long)cur.it_interval.tv_sec);
	handle(SIGVTALRM, SIG_DFL, 0);
	handle(SIGPROF, SIG_DFL, 0);
}

/* The timer goes with the process through execve, not to a fork child. */
static void timer_fork_exec(const char *self)
{
	alarm(100);
	pid_t pid = fork();
	if (pid == 0) {
		say("fork child: alarm(0) = %u", alarm(0));
		alarm(100);
		execl(self, self, "exec-alarm", (char *)NULL);
		say("execl: %s", errname(errno));
		_exit(1);
	}
	int status;
	waitpid(pid, &status, 0);
	say("exec child: exited %d", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	unsigned left = alarm(0);
	say("parent: alarm(0) in 90..100: %s", yesno(left >= 90 && left <= 100));
}

/* ---- wait4, waitid ---- */

static pid_t idler(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	return pid;
}

/* What a wait call said: the call first, then its status `st` (the
 * caller's variable) is read. */
#define WAITED(what, pid, call) do { pid_t got_ = (call); describe(what, pid, got_, st); } while (0)

static void describe(const char *what, pid_t want, pid_t got, int st)
{
	if (got != want) {
		say("%s: %s", what, got == 0 ? "0" : got < 0 ? errname(errno) : "another pid");
		return;
	}
	if (WIFSTOPPED(st))
		say("%s: stopped by %d (status 0x%x)", what, WSTOPSIG(st), st);
	else if (WIFCONTINUED(st))
		say("%s: continued (status 0x%x)", what, st);
	else if (WIFSIGNALED(st))
		say("%s: killed by %d, core %s (status 0x%x)", what, WTERMSIG(st), yesno(WCOREDUMP(st)), st);
	else
		say("%s: exited %d", what, WEXITSTATUS(st));
}

static void wait4_stop_continue(void)
{
	int st = 0;
	/* A group of its own, whose parent is in another group of the same
	 * session: not orphaned, so SIGTSTP stops it.  (Linux discards
	 * SIGTSTP, SIGTTIN and SIGTTOU sent to an orphaned group -- which
	 * this program's own group may be, depending on what started it.)
	 * Both sides set it, so that it is done before either goes on. */
	pid_t pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		for (;;)
			pause();
	}
	setpgid(pid, pid);
	WAITED("WNOHANG|WUNTRACED while running", pid, waitpid(pid, &st, WNOHANG | WUNTRACED));
	kill(pid, SIGSTOP);
	WAITED("WUNTRACED after SIGSTOP", pid, waitpid(pid, &st, WUNTRACED));
	WAITED("WUNTRACED|WNOHANG again", pid, waitpid(pid, &st, WUNTRACED | WNOHANG));
	WAITED("WCONTINUED|WNOHANG while stopped", pid, waitpid(pid, &st, WCONTINUED | WNOHANG));
	kill(pid, SIGCONT);
	WAITED("WCONTINUED after SIGCONT", pid, waitpid(pid, &st, WCONTINUED));
	WAITED("WCONTINUED|WNOHANG again", pid, waitpid(pid, &st, WCONTINUED | WNOHANG));
	kill(pid, SIGTSTP);
	WAITED("WUNTRACED after SIGTSTP", pid, wait4(-1, &st, WUNTRACED, NULL));
	kill(pid, SIGCONT);
	WAITED("WUNTRACED|WCONTINUED after SIGCONT", pid, waitpid(pid, &st, WUNTRACED | WCONTINUED));
	kill(pid, SIGTERM);
	WAITED("WUNTRACED|WCONTINUED after SIGTERM", pid, waitpid(pid, &st, WUNTRACED | WCONTINUED));
	WAITED("no child left", pid, waitpid(-1, &st, WUNTRACED | WCONTINUED));
}

static const char *cld_name(int code)
{
	switch (code) {
	case CLD_EXITED: return "CLD_EXITED";
	case CLD_KILLED: return "CLD_KILLED";
	case CLD_DUMPED: return "CLD_DUMPED";
	case CLD_STOPPED: return "CLD_STOPPED";
	case CLD_CONTINUED: return "CLD_CONTINUED";
	case 0: return "0";
	default: return "other";
	}
}

/* waitid; the bytes past si_status must be left as they were. */
static void show_waitid(const char *what, pid_t pid, idtype_t type, id_t id, int options)
{
	siginfo_t si;
	memset(&si, 0xa5, sizeof(si));
	int r = waitid(type, id, &si, options);
	if (r) {
		say("%s: %s", what, errname(errno));
		return;
	}
	const unsigned char *b = (const unsigned char *)&si;
	int kept = 1;
	for (size_t i = 28; i < sizeof(si); i++)
		kept &= b[i] == 0xa5;
	say("%s: signo %d, %s, status %d, pid %s, uid %s, rest untouched %s", what, si.si_signo,
	    cld_name(si.si_code), si.si_status,
	    si.si_pid == pid ? "the child's" : si.si_pid == 0 ? "0" : "other",
	    si.si_uid == getuid() ? "ours" : "other", yesno(kept));
}

static void waitid_events(void)
{
	pid_t pid = idler();
	show_waitid("WSTOPPED|WNOHANG while running", pid, P_PID, pid, WSTOPPED | WNOHANG);
	kill(pid, SIGSTOP);
	show_waitid("WSTOPPED|WNOWAIT", pid, P_PID, pid, WSTOPPED | WNOWAIT);
	show_waitid("WSTOPPED|WNOWAIT again", pid, P_ALL, 0, WSTOPPED | WNOWAIT);
	show_waitid("WSTOPPED P_PGID", pid, P_PGID, (id_t)getpgid(0), WSTOPPED);
	show_waitid("WSTOPPED|WNOHANG after", pid, P_PID, pid, WSTOPPED | WNOHANG);
	show_waitid("WEXITED|WNOHANG on a stopped child", pid, P_PID, pid, WEXITED | WNOHANG);
	kill(pid, SIGCONT);
	show_waitid("WCONTINUED|WNOWAIT", pid, P_PID, pid, WCONTINUED | WNOWAIT);
	show_waitid("WCONTINUED", pid, P_PID, pid, WCONTINUED);
	show_waitid("WCONTINUED|WNOHANG after", pid, P_PID, pid, WCONTINUED | WNOHANG);
	kill(pid, SIGKILL);
	show_waitid("WEXITED|WNOWAIT", pid, P_PID, pid, WEXITED | WNOWAIT);
	int st = 0;
	WAITED("wait4 after WNOWAIT", pid, waitpid(pid, &st, 0));
	show_waitid("P_PIDFD -1", pid, 3, (id_t)-1, WEXITED);

	pid = fork();
	if (pid == 0)
		_exit(42);
	show_waitid("WEXITED, exit 42", pid, P_PID, pid, WEXITED);
}

/* Killed by a signal whose default action dumps core: CLD_DUMPED and
 * WCOREDUMP (with RLIMIT_CORE unlimited, so that Linux writes one). */
static void dumped(void)
{
	char dir[64];
	snprintf(dir, sizeof(dir), "/tmp/sigwait.%d", (int)getpid());
	mkdir(dir, 0700);
	const int sigs[] = { SIGSEGV, SIGQUIT };
	for (int i = 0; i < 2; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
			setrlimit(RLIMIT_CORE, &rl);
			if (chdir(dir))
				_exit(1);
			if (sigs[i] == SIGSEGV)
				*(volatile int *)0 = 1;
			raise(sigs[i]);
			_exit(2);
		}
		char what[48];
		snprintf(what, sizeof(what), "signal %d, WNOWAIT", sigs[i]);
		show_waitid(what, pid, P_PID, pid, WEXITED | WNOWAIT);
		int st = 0;
		snprintf(what, sizeof(what), "signal %d, wait4", sigs[i]);
		WAITED(what, pid, waitpid(pid, &st, 0));
	}
	diff_clean(dir);
}

/* No zombies: the children are never returned; wait goes on until they
 * are gone, then ECHILD. */
static void no_zombies(void)
{
	struct timespec ts = { 0, 30 * 1000 * 1000 };
	handle(SIGCHLD, SIG_IGN, 0);
	pid_t a = fork();
	if (a == 0)
		_exit(1);
	pid_t b = fork();
	if (b == 0) {
		nanosleep(&ts, NULL);
		_exit(2);
	}
	int st;
	pid_t r = wait(&st);
	say("SIGCHLD ignored: wait %d %s", (int)r, errname(errno));
	r = waitpid(a, &st, WNOHANG);
	say("SIGCHLD ignored: waitpid(first) %d %s", (int)r, errname(errno));
	siginfo_t si;
	say("SIGCHLD ignored: waitid %d %s", waitid(P_ALL, 0, &si, WEXITED), errname(errno));

	chlds = 0;
	handle(SIGCHLD, on_chld, SA_NOCLDWAIT | SA_RESTART);
	a = fork();
	if (a == 0) {
		nanosleep(&ts, NULL);
		_exit(3);
	}
	r = waitpid(-1, &st, 0);
	say("SA_NOCLDWAIT: wait %d %s, SIGCHLD handled %d", (int)r, errname(errno), (int)chlds);
	handle(SIGCHLD, SIG_DFL, 0);
}

/* ---- ppoll, pselect6 ---- */

static void show_mask(const char *what)
{
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	say("%s: SIGUSR1 blocked %s, SIGUSR2 blocked %s", what, yesno(sigismember(&cur, SIGUSR1)),
	    yesno(sigismember(&cur, SIGUSR2)));
}

static void handler_report(const char *what)
{
	say("%s: handler ran %d%s%s", what, (int)usr1s,
	    usr1s ? (usr1_blocked_in_handler ? ", SIGUSR1 blocked in it" : ", SIGUSR1 not blocked in it") : "",
	    usr1s ? (usr2_blocked_in_handler ? ", SIGUSR2 blocked in it" : ", SIGUSR2 not blocked in it") : "");
	usr1s = 0;
}

/* Call ppoll (pselect 0) or pselect6 (1) on fd with mask (8 bytes,
 * sigsetsize size) and a timeout of ms. */
static long masked_wait(int pselect, int fd, const uint64_t *mask, long size, long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000L };
	if (!pselect) {
		struct pollfd p = { fd, POLLIN, 0 };
		return sys(SYS_ppoll, (long)&p, 1, (long)&ts, (long)mask, size, 0);
	}
	uint64_t set = 1UL << fd;
	struct { const uint64_t *mask; long size; } arg = { mask, size };
	return sys(SYS_pselect6, fd + 1, (long)&set, 0, 0, (long)&ts, (long)&arg);
}

static void masked_waits(int ps)
{
	const char *name = ps ? "pselect6" : "ppoll";
	char what[80];
	int p[2];
	if (pipe(p))
		return;
	handle(SIGUSR1, on_usr1, 0);
	sigset_t usr1, old;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	raise(SIGUSR1);
	usr1s = 0;
	const uint64_t block_usr1 = 1UL << (SIGUSR1 - 1), block_usr2 = 1UL << (SIGUSR2 - 1);

	snprintf(what, sizeof(what), "%s, mask blocking the pending SIGUSR1", name);
	say("%s: %s", what, res(masked_wait(ps, p[0], &block_usr1, 8, 30)));
	handler_report(what);
	snprintf(what, sizeof(what), "%s, no mask (SIGUSR1 stays blocked)", name);
	say("%s: %s", what, res(masked_wait(ps, p[0], NULL, 8, 30)));
	handler_report(what);
	show_mask("after them");

	snprintf(what, sizeof(what), "%s, mask unblocking it", name);
	say("%s: %s", what, res(masked_wait(ps, p[0], &block_usr2, 8, 2000)));
	handler_report(what);
	show_mask("after the handler");

	raise(SIGUSR1);
	snprintf(what, sizeof(what), "%s, mask unblocking it, zero timeout", name);
	say("%s: %s", what, res(masked_wait(ps, p[0], &block_usr2, 8, 0)));
	handler_report(what);

	raise(SIGUSR1);
	if (write(p[1], "x", 1) != 1)
		say("write failed");
	snprintf(what, sizeof(what), "%s, mask unblocking it, fd ready", name);
	say("%s: %s", what, res(masked_wait(ps, p[0], &block_usr2, 8, 2000)));
	handler_report(what);
	show_mask("after a ready fd");
	sigset_t pend;
	sigpending(&pend);
	say("SIGUSR1 still pending: %s", yesno(sigismember(&pend, SIGUSR1)));

	snprintf(what, sizeof(what), "%s, sigsetsize 4", name);
	say("%s: %s", what, res(masked_wait(ps, p[0], &block_usr2, 4, 0)));
	snprintf(what, sizeof(what), "%s, sigsetsize 16", name);
	say("%s: %s", what, res(masked_wait(ps, p[0], &block_usr2, 16, 0)));
	snprintf(what, sizeof(what), "%s, mask at a bad address", name);
	say("%s: %s", what, res(masked_wait(ps, p[0], (const uint64_t *)16, 8, 0)));
	snprintf(what, sizeof(what), "%s, no mask, sigsetsize 4", name);
	say("%s: %s", what, res(masked_wait(ps, p[0], NULL, 4, 0)));
	handler_report("none of those");

	sigprocmask(SIG_SETMASK, &old, NULL);
	handler_report("unblocked at last");
	close(p[0]);
	close(p[1]);
	handle(SIGUSR1, SIG_DFL, 0);
}

int main(int argc, char **argv)
{
	diff_start("sigwait");
	if (argc > 1 && !strcmp(argv[1], "exec-alarm")) {
		unsigned left = alarm(0);	/* fork and exec take a while on a loaded machine */
		say("after execve: alarm(0) in 90..100: %s", yesno(left >= 90 && left <= 100));
		return 0;
	}
	alarms_and_pause();
	interval_timer();
	itimer_errors();
	cpu_timers();
	timer_fork_exec(argv[0]);
	wait4_stop_continue();
	waitid_events();
	dumped();
	no_zombies();
	masked_waits(0);
	masked_waits(1);
	say("done");
	return 0;
}
