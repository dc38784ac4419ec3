/*
 * proc - the process family through the C library: fork, wait4, waitid,
 * exit statuses, signals that end a child, execve, identities, resource
 * limits and the small process queries (sched_yield, times, getrusage,
 * sysinfo, sched_getaffinity, clone's flag checks).
 *
 * user/diff/diff.h says how the output is compared with Linux's.  Nothing
 * printed is a pid or a time: a pid only ever appears as "same"/"different"
 * against another.  Every wait is for a child that is certain to end (it
 * exits, or the parent kills it), so the output has one order.  When a
 * call fails (fork on a kernel without it), the program says so and goes
 * on with the next fact instead of stopping.
 *
 * `proc exec-child ARGS...` is the image the execve test starts: it prints
 * its argv and environment and exits 7.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diff.h"

extern char **environ;

static const char *self;	/* argv[0]: the path this program was started by */

/* How a wait4 status reads. */
static const char *status_text(int status)
{
	static char buf[64];
	if (WIFEXITED(status))
		snprintf(buf, sizeof(buf), "exited %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, sizeof(buf), "killed by signal %d", WTERMSIG(status));
	else
		snprintf(buf, sizeof(buf), "status 0x%x", status);
	return buf;
}

/* fork, or say why not: the child's pid in the parent, 0 in the child,
 * -1 after printing the error. */
static pid_t fork_or_say(const char *what)
{
	pid_t pid = fork();
	if (pid < 0)
		say("%s: fork: %s", what, errname(errno));
	return pid;
}

/* Wait for `pid` and print how it ended. */
static void reap(const char *what, pid_t pid)
{
	int status = 0;
	pid_t got = wait4(pid, &status, 0, NULL);
	if (got < 0) {
		say("%s: wait4: %s", what, errname(errno));
		return;
	}
	say("%s: wait4 returned the child: %s, %s", what, yesno(got == pid), status_text(status));
}

static void exit_statuses(void)
{
	static const int codes[] = { 0, 1, 3, 255, 256, 257 };
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		char what[32];
		snprintf(what, sizeof(what), "_exit(%d)", codes[i]);
		pid_t pid = fork_or_say(what);
		if (pid == 0)
			_exit(codes[i]);
		if (pid > 0)
			reap(what, pid);
	}
	/* exit(), not _exit(): the C library's exit path in a child. */
	pid_t pid = fork_or_say("exit(42)");
	if (pid == 0) {
		say("child: exit(42) next");
		exit(42);
	}
	if (pid > 0)
		reap("exit(42)", pid);
}

static void relations(void)
{
	pid_t parent = getpid();
	pid_t pid = fork_or_say("relations");
	if (pid == 0) {
		say("child: getppid() and the parent's getpid(): %s",
		    getppid() == parent ? "same" : "different");
		say("child: getpid() and the parent's getpid(): %s",
		    getpid() == parent ? "same" : "different");
		say("child: wait4 with no children of its own: %s", outcome(wait4(-1, NULL, 0, NULL)));
		_exit(0);
	}
	if (pid > 0) {
		/* After the reap: until then the child's lines may come at any time. */
		reap("relations", pid);
		say("fork's result and the parent's getpid(): %s", pid == parent ? "same" : "different");
	}
}

static void no_children(void)
{
	int status;
	siginfo_t si;
	say("wait4(-1) without children: %s", outcome(wait4(-1, &status, 0, NULL)));
	say("wait4(-1, WNOHANG) without children: %s", outcome(wait4(-1, &status, WNOHANG, NULL)));
	say("waitpid(own pid): %s", outcome(waitpid(getpid(), &status, 0)));
	say("waitid(P_ALL) without children: %s", outcome(waitid(P_ALL, 0, &si, WEXITED)));
	say("waitid with no event in options: %s", outcome(waitid(P_ALL, 0, &si, 0)));
	say("wait4 with unknown option bits: %s", outcome(wait4(-1, &status, 0x10000, NULL)));
}

static void waitid_facts(void)
{
	pid_t pid = fork_or_say("waitid");
	if (pid == 0)
		_exit(5);
	if (pid < 0)
		return;
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	long r = waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
	say("waitid(WNOWAIT): %s, si_pid is the child: %s, si_signo SIGCHLD: %s, CLD_EXITED: %s, si_status %d",
	    outcome(r), yesno(si.si_pid == pid), yesno(si.si_signo == SIGCHLD),
	    yesno(si.si_code == CLD_EXITED), si.si_status);
	/* WNOWAIT left it waitable: the second wait reaps it. */
	memset(&si, 0, sizeof(si));
	r = waitid(P_PID, pid, &si, WEXITED);
	say("waitid again: %s, si_pid is the child: %s, si_status %d", outcome(r),
	    yesno(si.si_pid == pid), si.si_status);
	say("waitid after the reap: %s", outcome(waitid(P_PID, pid, &si, WEXITED)));
}

/* A child that sleeps in pause() until the parent's signal ends it. */
static void killed_child(int sig)
{
	char what[32];
	snprintf(what, sizeof(what), "kill(child, %s)", sig == SIGKILL ? "SIGKILL" : "SIGTERM");
	pid_t pid = fork_or_say(what);
	if (pid == 0) {
		for (;;)
			pause();
	}
	if (pid < 0)
		return;
	int status = 0;
	say("%s: WNOHANG while it sleeps returns %ld", what, (long)wait4(pid, &status, WNOHANG, NULL));
	say("%s: kill(child, 0): %s", what, outcome(kill(pid, 0)));
	say("%s: kill: %s", what, outcome(kill(pid, sig)));
	reap(what, pid);
	say("%s: kill(reaped child, 0): %s", what, outcome(kill(pid, 0)));
}

static void signals(void)
{
	killed_child(SIGTERM);
	killed_child(SIGKILL);
	say("kill(self, 0): %s", outcome(kill(getpid(), 0)));
	say("kill(self, 999): %s", outcome(kill(getpid(), 999)));
}

static void exec_facts(void)
{
	char *const none[] = { "/no/such/program", NULL };
	char *const empty_env[] = { NULL };
	say("execve(/no/such/program): %s", outcome(execve("/no/such/program", none, empty_env)));

	pid_t pid = fork_or_say("execve(self)");
	if (pid == 0) {
		char *const argv[] = { "proc-argv0", "exec-child", "two words", "", NULL };
		char *const envp[] = { "DIFF_VAR=hello", "EMPTY=", NULL };
		execve(self, argv, envp);
		say("execve(self) in the child: %s", errname(errno));
		_exit(127);
	}
	if (pid > 0)
		reap("execve(self)", pid);
}

/* The image started by exec_facts(). */
static int exec_child(int argc, char **argv)
{
	say("exec-child: argc %d", argc);
	for (int i = 0; i < argc; i++)
		say("exec-child: argv[%d] \"%s\"", i, argv[i]);
	int n = 0;
	for (char **e = environ; e && *e; e++, n++)
		say("exec-child: env \"%s\"", *e);
	say("exec-child: %d environment strings, getenv(DIFF_VAR) \"%s\"", n,
	    getenv("DIFF_VAR") ? getenv("DIFF_VAR") : "(null)");
	return 7;
}

static void identities(void)
{
	say("getuid %ld geteuid %ld getgid %ld getegid %ld", (long)getuid(), (long)geteuid(),
	    (long)getgid(), (long)getegid());
	say("getpgrp() and getpgid(0): %s", getpgrp() == getpgid(0) ? "same" : "different");
	/* bash asks whether its input is a network connection. */
	int p[2];
	struct sockaddr_storage sa;
	socklen_t len = sizeof(sa);
	pipe(p);
	say("getpeername of a pipe: %s", outcome(getpeername(p[0], (struct sockaddr *)&sa, &len)));
	say("getsockname of a pipe: %s", outcome(getsockname(p[0], (struct sockaddr *)&sa, &len)));
	close(p[0]);
	close(p[1]);
	say("getpeername of a closed descriptor: %s",
	    outcome(getpeername(p[0], (struct sockaddr *)&sa, &len)));
}

static void print_limit(const char *name, int resource)
{
	struct rlimit r;
	if (getrlimit(resource, &r) != 0) {
		say("getrlimit(%s): %s", name, errname(errno));
		return;
	}
	say("getrlimit(%s): cur <= max: %s", name, yesno(r.rlim_cur <= r.rlim_max));
}

static const char *limit_text(rlim_t v, char *buf, size_t len)
{
	if (v == RLIM_INFINITY)
		return "infinity";
	snprintf(buf, len, "%lu", (unsigned long)v);
	return buf;
}

static void set_and_read(const char *name, int resource, rlim_t cur, rlim_t max)
{
	struct rlimit r = { cur, max }, back = { 0, 0 };
	long ret = setrlimit(resource, &r);
	const char *how = outcome(ret);
	char b[4][24];
	if (getrlimit(resource, &back) != 0)
		back.rlim_cur = back.rlim_max = 0;
	say("setrlimit(%s, %s/%s): %s; now %s/%s", name, limit_text(cur, b[0], sizeof(b[0])),
	    limit_text(max, b[1], sizeof(b[1])), how, limit_text(back.rlim_cur, b[2], sizeof(b[2])),
	    limit_text(back.rlim_max, b[3], sizeof(b[3])));
}

static void limits(void)
{
	print_limit("RLIMIT_NOFILE", RLIMIT_NOFILE);
	print_limit("RLIMIT_STACK", RLIMIT_STACK);
	print_limit("RLIMIT_NPROC", RLIMIT_NPROC);
	struct rlimit r;
	if (getrlimit(RLIMIT_STACK, &r) == 0)
		say("RLIMIT_STACK soft limit at least 128 KiB: %s", yesno(r.rlim_cur >= 128 * 1024));
	/* Lower the limits (always allowed), then the error cases. */
	set_and_read("RLIMIT_NOFILE", RLIMIT_NOFILE, 64, 128);
	set_and_read("RLIMIT_NOFILE", RLIMIT_NOFILE, 128, 128);
	set_and_read("RLIMIT_NOFILE", RLIMIT_NOFILE, 256, 128);		/* cur > max: EINVAL */
	/* above fs.nr_open, refused even to root: EPERM */
	set_and_read("RLIMIT_NOFILE", RLIMIT_NOFILE, RLIM_INFINITY, RLIM_INFINITY);
	set_and_read("RLIMIT_NOFILE", RLIMIT_NOFILE, 64, 128);
	/* dup2 past RLIMIT_NOFILE (EBADF) comes with the files work. */
	set_and_read("RLIMIT_STACK", RLIMIT_STACK, 1 << 20, 4 << 20);
	set_and_read("RLIMIT_NPROC", RLIMIT_NPROC, 100, 200);
	r.rlim_cur = r.rlim_max = 1;
	say("setrlimit(resource 99): %s", outcome(setrlimit(99, &r)));
	say("getrlimit(resource 99): %s", outcome(getrlimit(99, &r)));
}

static void queries(void)
{
	say("sched_yield: %d", sched_yield());
	/* musl's times() returns the raw result (-errno) without setting
	 * errno, glibc's -1: either is a negative number, a tick count is not. */
	struct tms t;
	memset(&t, 0xff, sizeof(t));
	long ticks = (long)times(&t);
	say("times: %s, filled the struct: %s", ticks >= 0 ? "ok" : "failed",
	    yesno(t.tms_utime >= 0 && t.tms_stime >= 0 && t.tms_cutime >= 0 && t.tms_cstime >= 0));
	struct rusage ru;
	say("getrusage(RUSAGE_SELF): %s", outcome(getrusage(RUSAGE_SELF, &ru)));
	say("getrusage(RUSAGE_CHILDREN): %s", outcome(getrusage(RUSAGE_CHILDREN, &ru)));
	say("getrusage(99): %s", outcome(getrusage(99, &ru)));
	struct sysinfo si;
	memset(&si, 0, sizeof(si));
	say("sysinfo: %s", outcome(sysinfo(&si)));
	say("sysinfo: totalram >= freeram: %s, totalram > 0: %s, mem_unit >= 1: %s, procs >= 1: %s",
	    yesno(si.totalram >= si.freeram), yesno(si.totalram > 0), yesno(si.mem_unit >= 1),
	    yesno(si.procs >= 1));
	cpu_set_t set;
	CPU_ZERO(&set);
	say("sched_getaffinity: %s", outcome(sched_getaffinity(0, sizeof(set), &set)));
	say("sched_getaffinity: CPU 0 in the mask: %s, at least one CPU: %s",
	    yesno(CPU_ISSET(0, &set)), yesno(CPU_COUNT(&set) >= 1));
	/* Linux: CLONE_THREAD needs CLONE_SIGHAND, CLONE_SIGHAND needs CLONE_VM. */
	long r = syscall(SYS_clone, CLONE_THREAD, 0, 0, 0, 0);
	if (r == 0)
		_exit(0);	/* a wrong kernel made a child: it must not go on */
	say("clone(CLONE_THREAD): %s", outcome(r));
	r = syscall(SYS_clone, CLONE_SIGHAND, 0, 0, 0, 0);
	if (r == 0)
		_exit(0);
	say("clone(CLONE_SIGHAND): %s", outcome(r));
}

int main(int argc, char **argv)
{
	diff_start("proc");
	if (argc > 1 && strcmp(argv[1], "exec-child") == 0)
		return exec_child(argc, argv);
	self = argv[0];
	say("started");
	identities();
	no_children();
	exit_statuses();
	relations();
	waitid_facts();
	signals();
	exec_facts();
	queries();
	limits();
	say("done");
	return 0;
}
