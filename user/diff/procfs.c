/*
 * procfs - what a program reads of itself in /proc through the C library,
 * the facts that are the same on every Linux (user/diff/diff.h): the
 * shape of stat and status, that the numbers in them are its own (said as
 * "same"/"different", never printed), cmdline against argv, the first
 * names of meminfo, the file systems that must be there.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "diff.h"

static char text[16384];

static long slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	long len = 0, n;
	while ((n = read(fd, text + len, sizeof(text) - 1 - len)) > 0)
		len += n;
	close(fd);
	text[len] = '\0';
	return len;
}

/* The value of "Key:\t..." in status, or NULL. */
static const char *status_value(const char *key)
{
	static char v[128];
	size_t k = strlen(key);
	for (const char *l = text; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : "") {
		if (!strncmp(l, key, k) && l[k] == ':' && l[k + 1] == '\t') {
			size_t n = strcspn(l + k + 2, "\n");
			snprintf(v, sizeof(v), "%.*s", (int)n, l + k + 2);
			return v;
		}
	}
	return NULL;
}

static void status_facts(void)
{
	long got = slurp("/proc/self/status");
	if (got <= 0) {
		say("status: cannot read (%s)", got < 0 ? errname((int)-got) : "empty");
		return;
	}
	/* The first twelve names, in Linux's order. */
	char names[256] = "";
	const char *l = text;
	for (int i = 0; i < 12 && *l; i++, l = strchr(l, '\n') + 1)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%.*s", i ? " " : "",
			 (int)strcspn(l, ":"), l);
	say("status names: %s", names);
	const char *v = status_value("Pid");
	say("status Pid is getpid: %s", yesno(v && atol(v) == getpid()));
	v = status_value("PPid");
	say("status PPid is getppid: %s", yesno(v && atol(v) == getppid()));
	say("status State: %s", (v = status_value("State")) ? v : "(none)");
	v = status_value("Uid");
	int columns = v ? 1 : 0;
	for (const char *c = v; c && *c; c++)
		columns += *c == '\t';
	say("status Uid columns: %d", columns);
	say("status Threads: %s", (v = status_value("Threads")) ? v : "(none)");
	v = status_value("SigBlk");
	say("status SigBlk digits: %zu", v ? strlen(v) : 0);
}

static void stat_facts(const char *name)
{
	long len = slurp("/proc/self/stat");
	if (len <= 0) {
		say("stat: cannot read");
		return;
	}
	int fields = 1;
	for (char *p = text; *p && *p != '\n'; p++)
		fields += *p == ' ';
	say("stat fields: %d", fields);
	char want[64];
	snprintf(want, sizeof(want), "%d (%s) R ", getpid(), name);
	say("stat starts with pid (comm) R: %s", yesno(!strncmp(text, want, strlen(want))));
	say("stat is one line: %s", yesno(text[len - 1] == '\n' && strchr(text, '\n') == text + len - 1));
}

static void cmdline_facts(int argc, char **argv)
{
	long len = slurp("/proc/self/cmdline"), want = 0;
	for (int i = 0; i < argc; i++)
		want += (long)strlen(argv[i]) + 1;
	int same = len == want;
	const char *p = text;
	for (int i = 0; same && i < argc; p += strlen(p) + 1, i++)
		same = !strcmp(p, argv[i]);
	say("cmdline is argv: %s", yesno(same));
}

static void self_facts(const char *name)
{
	char link[64], want[64];
	ssize_t n = readlink("/proc/self", link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = '\0';
	snprintf(want, sizeof(want), "%d", getpid());
	say("/proc/self is getpid: %s", yesno(!strcmp(link, want)));
	slurp("/proc/self/comm");
	snprintf(want, sizeof(want), "%s\n", name);
	say("comm is the name: %s", yesno(!strcmp(text, want)));
	long got = slurp("/proc/99999/stat");
	say("open of a pid not in use: %s", got < 0 ? errname((int)-got) : "opened");
}

static void system_facts(void)
{
	slurp("/proc/meminfo");
	char names[128] = "";
	const char *l = text;
	for (int i = 0; i < 5 && *l; i++, l = strchr(l, '\n') + 1)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%.*s", i ? " " : "",
			 (int)strcspn(l, ":"), l);
	say("meminfo names: %s", names);
	slurp("/proc/filesystems");
	say("filesystems has nodev proc: %s", yesno(strstr(text, "nodev\tproc\n") != NULL));
	slurp("/proc/uptime");
	double up, idle;
	say("uptime is two numbers: %s", yesno(sscanf(text, "%lf %lf", &up, &idle) == 2 && up > 0));
	/* getdents64 itself: musl's opendir allocates with mmap, which anvil
	 * does not have yet, and that is not what this program is about. */
	int fd = open("/proc/self/fd", O_RDONLY | O_DIRECTORY);
	long got = fd >= 0 ? syscall(SYS_getdents64, fd, text, sizeof(text)) : -1;
	int dots = 0;
	for (long off = 0; off < got; off += *(unsigned short *)(text + off + 16))
		dots += !strcmp(text + off + 19, ".") || !strcmp(text + off + 19, "..");
	say("fd/ has . and ..: %s", yesno(dots == 2));
	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	diff_start("procfs");
	const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	self_facts(name);
	status_facts();
	stat_facts(name);
	cmdline_facts(argc, argv);
	system_facts();
	return 0;
}
