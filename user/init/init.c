/*
 * anvil's /sbin/init: the first program, PID 1 (docs/userland.md).
 *
 * What an init must do on a Unix, and nothing else:
 *   1. make sure /proc, /dev and /tmp are mounted (anvil's kernel mounts
 *      them before any program runs, so that init=/bin/NAME works too:
 *      here they are only checked, and mounted if missing);
 *   2. set the host name from /etc/hostname;
 *   3. start a login shell on the console, as the leader of a new session
 *      whose controlling terminal the console is, so that ^C, ^Z and job
 *      control reach it; start another when it exits;
 *   4. wait for every process: orphans are re-parented to PID 1, and only
 *      its wait() lets their zombies go;
 *   5. shut down when asked: SIGUSR2 (busybox's poweroff), SIGUSR1
 *      (halt), SIGTERM (reboot), SIGINT (ctrl-alt-del: reboot), as
 *      busybox's init understands them.
 *
 * It is an ordinary static C program (built with musl, user/init/init.mk),
 * so it is also the example of adding one's own program to the root.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define CONSOLE	"/dev/console"
#define SHELL	"/bin/sh"

static char *const shell_argv[] = { "-sh", NULL };	/* '-': a login shell */
static char *const shell_env[] = {
	"HOME=/root", "PATH=/sbin:/usr/sbin:/bin:/usr/bin", "SHELL=/bin/sh",
	"TERM=vt100", "USER=root", "LOGNAME=root", NULL,
};

static volatile sig_atomic_t shutdown_cmd;	/* RB_* once asked to stop */

static void say(const char *fmt, const char *what, int err)
{
	dprintf(2, "init: ");
	dprintf(2, fmt, what);
	if (err)
		dprintf(2, ": %s", strerror(err));
	dprintf(2, "\n");
}

/* 1. A directory that is not a mount point has its parent's device. */
static void ensure_mounted(const char *dir, const char *type, const char *opts)
{
	struct stat d, root;
	if (stat(dir, &d) == 0 && stat("/", &root) == 0 && d.st_dev != root.st_dev)
		return;
	mkdir(dir, 0755);
	if (mount(type, dir, type, 0, opts) < 0)
		say("cannot mount %s", dir, errno);
}

/* 2. The first line of /etc/hostname, if there is one. */
static void set_hostname(void)
{
	char name[65];
	FILE *f = fopen("/etc/hostname", "r");
	if (!f)
		return;
	if (fgets(name, sizeof(name), f)) {
		name[strcspn(name, "\n")] = '\0';
		if (name[0] && sethostname(name, strlen(name)) < 0)
			say("sethostname %s", name, errno);
	}
	fclose(f);
}

/* 3. In the child: a new session, the console as its controlling
 * terminal and as descriptors 0, 1 and 2, the shell's process group in
 * the foreground, the default signal dispositions back. */
static void exec_shell(void)
{
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (int s = 1; s < NSIG; s++)
		signal(s, SIG_DFL);
	setsid();
	int fd = open(CONSOLE, O_RDWR);
	if (fd < 0) {
		say("cannot open %s", CONSOLE, errno);
		_exit(1);
	}
	if (ioctl(fd, TIOCSCTTY, 0) < 0)
		say("TIOCSCTTY on %s", CONSOLE, errno);
	for (int i = 0; i < 3; i++)
		dup2(fd, i);
	if (fd > 2)
		close(fd);
	tcsetpgrp(0, getpid());
	if (chdir("/root") < 0)
		chdir("/");
	execve(SHELL, shell_argv, shell_env);
	say("cannot run %s", SHELL, errno);
	_exit(127);
}

static pid_t start_shell(void)
{
	pid_t pid = fork();
	if (pid == 0)
		exec_shell();
	if (pid < 0)
		say("fork for %s", SHELL, errno);
	return pid;
}

/* 5. Everyone else gets SIGTERM, then SIGKILL a second later; then the
 * machine stops as asked. */
static void shut_down(int cmd)
{
	say("%s: stopping every process", cmd == RB_AUTOBOOT ? "reboot" : "power off", 0);
	kill(-1, SIGTERM);
	struct timespec second = { 1, 0 };
	nanosleep(&second, NULL);
	kill(-1, SIGKILL);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	sync();
	reboot(cmd);
	say("reboot", "", errno);
	_exit(1);
}

static void on_signal(int sig)
{
	shutdown_cmd = sig == SIGUSR2 ? RB_POWER_OFF : sig == SIGUSR1 ? RB_HALT_SYSTEM : RB_AUTOBOOT;
}

/* A shell that exits within a second of starting, five times running, is
 * broken: wait 5 s between tries instead of filling the screen. */
static void pace(time_t *last, int *quick)
{
	time_t now = time(NULL);
	*quick = now - *last < 1 ? *quick + 1 : 0;
	*last = now;
	if (*quick >= 5) {
		say("%s keeps exiting; waiting 5 s", SHELL, 0);
		struct timespec five = { 5, 0 };
		nanosleep(&five, NULL);
		*quick = 0;
	}
}

int main(void)
{
	if (getpid() != 1) {
		dprintf(2, "init: must be process 1 (the kernel starts it)\n");
		return 1;
	}
	ensure_mounted("/proc", "proc", NULL);
	ensure_mounted("/dev", "devtmpfs", "mode=0755");
	ensure_mounted("/tmp", "tmpfs", "mode=1777");
	set_hostname();

	struct sigaction sa = { .sa_handler = on_signal };	/* no SA_RESTART: wait() returns */
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGHUP, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);

	time_t last = time(NULL);
	int quick = 0, status;
	pid_t shell = start_shell();
	for (;;) {
		if (shutdown_cmd)
			shut_down(shutdown_cmd);
		pid_t pid = wait(&status);
		if (pid < 0 && errno == ECHILD) {	/* the fork failed: try again */
			pace(&last, &quick);
			shell = start_shell();
		}
		if (pid <= 0 || pid != shell)
			continue;	/* an orphan's zombie, now gone */
		if (WIFSIGNALED(status))
			dprintf(2, "init: %s killed by signal %d; starting another\n", SHELL,
				WTERMSIG(status));
		pace(&last, &quick);
		shell = start_shell();
	}
}
