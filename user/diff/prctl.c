/*
 * prctl - the per-process settings of prctl(2) that Debian's busybox and
 * bash and the C libraries use, against Linux: the name (and that
 * /proc/self/comm shows it, and that execve gives it back), the
 * parent-death signal (a grandchild told when its parent exits, with
 * SI_USER and not inherited by fork), the dumpable flag, no_new_privs,
 * and the errors for bad arguments.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "diff.h"

static void show_name(const char *when)
{
	char name[16] = "?";
	long r = prctl(PR_GET_NAME, name);
	char comm[64] = "";
	int fd = open("/proc/self/comm", O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, comm, sizeof(comm) - 1);
	if (fd >= 0)
		close(fd);
	comm[n > 0 ? n : 0] = '\0';
	comm[strcspn(comm, "\n")] = '\0';
	say("%s: PR_GET_NAME %s \"%s\", /proc/self/comm \"%s\"", when, outcome(r), name, comm);
}

static void names(void)
{
	say("PR_SET_NAME short: %s", outcome(prctl(PR_SET_NAME, "renamed")));
	show_name("short");
	say("PR_SET_NAME long: %s", outcome(prctl(PR_SET_NAME, "a-name-longer-than-fifteen")));
	show_name("long");
	say("PR_SET_NAME bad pointer: %s", outcome(prctl(PR_SET_NAME, (char *)8)));
	say("PR_GET_NAME bad pointer: %s", outcome(prctl(PR_GET_NAME, (char *)8)));
}

static volatile sig_atomic_t got_sig, got_code, got_from_parent;
static pid_t parent_pid;

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got_sig = sig;
	got_code = si->si_code;
	got_from_parent = si->si_pid == parent_pid;
}

/* The grandchild asks for SIGUSR1 when its parent (the middle process)
 * exits, then waits for it; it reports through a pipe, since its new
 * parent is not this program. */
static void grandchild(int wfd, int ready)
{
	int sig = -1;
	prctl(PR_GET_PDEATHSIG, &sig);
	char line[160];
	int len = snprintf(line, sizeof(line), "after fork: PR_GET_PDEATHSIG %d\n", sig);
	write(wfd, line, len);
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &old);
	struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO };
	sigaction(SIGUSR1, &sa, NULL);
	parent_pid = getppid();
	prctl(PR_SET_PDEATHSIG, SIGUSR1);
	write(ready, "x", 1);		/* the middle process may exit now */
	close(ready);
	while (!got_sig)
		sigsuspend(&old);
	len = snprintf(line, sizeof(line), "parent died: signal %s, code %s, from the parent: %s\n",
		       got_sig == SIGUSR1 ? "SIGUSR1" : "other", got_code == SI_USER ? "SI_USER" : "other",
		       yesno(got_from_parent));
	write(wfd, line, len);
	_exit(0);
}

/* The middle process: a child of its own that must hear of its death,
 * and an exit once that child has asked (the ready pipe). */
static void middle(int wfd)
{
	int ready[2];
	pipe(ready);
	prctl(PR_SET_PDEATHSIG, SIGHUP);	/* a fork child does not inherit it */
	if (fork() == 0) {
		close(ready[0]);
		grandchild(wfd, ready[1]);
	}
	close(ready[1]);
	char c;
	read(ready[0], &c, 1);
	_exit(0);
}

static void pdeath(void)
{
	say("PR_SET_PDEATHSIG 65: %s", outcome(prctl(PR_SET_PDEATHSIG, 65)));
	say("PR_SET_PDEATHSIG SIGHUP: %s", outcome(prctl(PR_SET_PDEATHSIG, SIGHUP)));
	int sig = -1;
	long r = prctl(PR_GET_PDEATHSIG, &sig);
	say("PR_GET_PDEATHSIG: %s %d", outcome(r), sig);
	prctl(PR_SET_PDEATHSIG, 0);
	int p[2];
	pipe(p);
	pid_t mid = fork();
	if (mid == 0) {
		close(p[0]);
		middle(p[1]);
	}
	close(p[1]);
	int status;
	waitpid(mid, &status, 0);
	say("middle process: exited %d", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	/* The grandchild's two lines; EOF when it ends. */
	char buf[512];
	long len = 0, n;
	while ((n = read(p[0], buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	close(p[0]);
	buf[len] = '\0';
	for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n"))
		say("grandchild: %s", l);
}

static void flags(void)
{
	say("PR_GET_DUMPABLE: %d", prctl(PR_GET_DUMPABLE));
	say("PR_SET_DUMPABLE 2: %s", outcome(prctl(PR_SET_DUMPABLE, 2)));
	say("PR_SET_DUMPABLE 0: %s", outcome(prctl(PR_SET_DUMPABLE, 0)));
	say("PR_GET_DUMPABLE: %d", prctl(PR_GET_DUMPABLE));
	prctl(PR_SET_DUMPABLE, 1);
	say("PR_GET_NO_NEW_PRIVS: %d", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	say("PR_SET_NO_NEW_PRIVS 2: %s", outcome(prctl(PR_SET_NO_NEW_PRIVS, 2, 0, 0, 0)));
	say("PR_SET_NO_NEW_PRIVS 1: %s", outcome(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)));
	say("PR_GET_NO_NEW_PRIVS: %d", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	say("PR_GET_NO_NEW_PRIVS extra argument: %s", outcome(prctl(PR_GET_NO_NEW_PRIVS, 1, 0, 0, 0)));
	say("unknown option 9999: %s", outcome(prctl(9999, 0, 0, 0, 0)));
}

int main(int argc, char **argv)
{
	diff_start("prctl");
	if (argc > 1 && !strcmp(argv[1], "exec")) {
		show_name("after execve");
		return 0;
	}
	names();
	pdeath();
	flags();
	fflush(stdout);
	execl("/proc/self/exe", "prctl", "exec", (char *)NULL);
	say("execve: %s", errname(errno));
	return 1;
}
