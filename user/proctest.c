/*
 * proctest - reads its own /proc files and checks what it knows about
 * itself: its pid (getpid), parent (getppid), argv, name, stack, heap and
 * code addresses, its open descriptors; then a child's directory while
 * the child lives, and that it is gone once reaped.  TAP output; run as
 *
 *	init=/bin/proctest -- one "two words"
 *
 * (tests/groups/procfs.py).  The formats checked are Linux's
 * (fs/proc/array.c, base.c, task_mmu.c), so this runs on Linux as well.
 */
#include "lib/syscall.h"
#include "lib/ulib.h"

#define SYS_lseek	8
#define SYS_readlink	89
#define SYS_getdents64	217
#define O_DIRECTORY	0200000

static char buf[16384];

static int readlink(const char *path, char *out, int size)
{
	return (int)syscall3(SYS_readlink, (long)path, (long)out, size);
}

/* The whole file at path into buf, NUL-terminated: its length, or -errno. */
static long slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return fd;
	long len = 0, n;
	while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = '\0';
	return n < 0 ? n : len;
}

static char *utoa(unsigned long v, char *end)
{
	*--end = '\0';
	do
		*--end = (char)('0' + v % 10);
	while (v /= 10);
	return end;
}

static char *cat(char *dst, const char *a, const char *b, const char *c)
{
	char *p = dst;
	for (const char *s = a; *s; s++)
		*p++ = *s;
	for (const char *s = b; *s; s++)
		*p++ = *s;
	for (const char *s = c; *s; s++)
		*p++ = *s;
	*p = '\0';
	return dst;
}

static int starts(const char *s, const char *prefix)
{
	return memcmp(s, prefix, strlen(prefix)) == 0;
}

/* The value after "Key:\t" in a status-like text, up to the newline. */
static const char *field(const char *text, const char *key, char *out, int size)
{
	int klen = (int)strlen(key);
	for (const char *l = text; *l; ) {
		if (!memcmp(l, key, klen) && l[klen] == ':' && l[klen + 1] == '\t') {
			int i = 0;
			for (l += klen + 2; *l && *l != '\n' && i < size - 1; l++)
				out[i++] = *l;
			out[i] = '\0';
			return out;
		}
		while (*l && *l != '\n')
			l++;
		if (*l)
			l++;
	}
	return NULL;
}

static unsigned long hexval(const char *s, const char **end)
{
	unsigned long v = 0;
	for (;; s++) {
		int d = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 : -1;
		if (d < 0)
			break;
		v = v * 16 + (unsigned long)d;
	}
	*end = s;
	return v;
}

/* Is there a maps line whose range holds addr, with these rights and
 * ending in name? */
static int maps_has(const char *maps, unsigned long addr, const char *rights, const char *name)
{
	for (const char *l = maps; *l; ) {
		const char *e;
		unsigned long lo = hexval(l, &e), hi = hexval(e + 1, &e);
		const char *nl = l;
		while (*nl && *nl != '\n')
			nl++;
		int nlen = (int)strlen(name);
		if (lo <= addr && addr < hi && !memcmp(e + 1, rights, 4) && nl - l > nlen &&
		    !memcmp(nl - nlen, name, nlen) && nl[-nlen - 1] == ' ')
			return 1;
		l = *nl ? nl + 1 : nl;
	}
	return 0;
}

static void check_status(const char *pidstr, const char *ppidstr, const char *name)
{
	char v[64];
	ok(slurp("/proc/self/status") > 0, "status can be read");
	ok(field(buf, "Name", v, sizeof(v)) && !strcmp(v, name), "status Name is the program's");
	ok(field(buf, "Pid", v, sizeof(v)) && !strcmp(v, pidstr), "status Pid is getpid()");
	ok(field(buf, "Tgid", v, sizeof(v)) && !strcmp(v, pidstr), "status Tgid is getpid()");
	ok(field(buf, "PPid", v, sizeof(v)) && !strcmp(v, ppidstr), "status PPid is getppid()");
	ok(field(buf, "State", v, sizeof(v)) && !strcmp(v, "R (running)"), "status State is R (running)");
	ok(field(buf, "Uid", v, sizeof(v)) && !strcmp(v, "0\t0\t0\t0"), "status Uid has 4 columns");
	ok(field(buf, "Threads", v, sizeof(v)) && !strcmp(v, "1"), "status Threads is 1");
	ok(field(buf, "SigBlk", v, sizeof(v)) && strlen(v) == 16, "status SigBlk is 16 hex digits");
	const char *digits = field(buf, "VmRSS", v, sizeof(v));
	while (digits && *digits == ' ')
		digits++;
	ok(digits && strlen(v) == 11 && !strcmp(v + 8, " kB") && parse_ulong(digits) != 0,
	   "status VmRSS is a non-zero %8lu kB");
	ok(field(buf, "Umask", v, sizeof(v)) && strlen(v) == 4 && v[0] == '0', "status Umask is 4 octal digits");
}

static void check_stat(const char *pidstr, const char *ppidstr, const char *name, char **argv)
{
	char want[64];
	long len = slurp("/proc/self/stat");
	ok(len > 0 && buf[len - 1] == '\n', "stat is one line");
	cat(want, pidstr, " (", name);
	ok(starts(buf, want) && starts(buf + strlen(want), ") R "), "stat starts with pid (comm) R");
	int fields = 0;
	const char *f[53] = { 0 };
	for (char *p = buf; *p && *p != '\n'; ) {
		if (fields < 53)
			f[fields] = p;
		fields++;
		while (*p && *p != ' ' && *p != '\n')
			p++;
		if (*p == ' ')
			*p++ = '\0';
		else
			*p = '\0';
	}
	ok(fields == 52, "stat has 52 fields");
	ok(fields >= 4 && !strcmp(f[3], ppidstr), "stat field 4 is the parent's pid");
	ok(fields >= 20 && !strcmp(f[19], "1"), "stat field 20 (num_threads) is 1");
	ok(fields >= 23 && parse_ulong(f[22]) > 0, "stat field 23 (vsize) is not 0");
	ok(fields >= 49 && (char *)parse_ulong(f[47]) == argv[0], "stat field 48 (arg_start) is argv[0]");
}

static void check_cmdline(int argc, char **argv)
{
	long len = slurp("/proc/self/cmdline");
	long want = 0;
	for (int i = 0; i < argc; i++)
		want += (long)strlen(argv[i]) + 1;
	ok(len == want, "cmdline has argv's length");
	const char *p = buf;
	int same = len == want;
	for (int i = 0; same && i < argc; p += strlen(argv[i]) + 1, i++)
		same = !strcmp(p, argv[i]);
	ok(same, "cmdline is argv, NUL-separated");
}

static void check_maps(const char *exe)
{
	int local = 0;
	char *heap_top = (char *)brk(0);
	brk(heap_top + 8192);
	ok(slurp("/proc/self/maps") > 0, "maps can be read");
	ok(maps_has(buf, (unsigned long)&local, "rw-p", "[stack]"), "maps: a local variable is in [stack]");
	ok(maps_has(buf, (unsigned long)heap_top + 4096, "rw-p", "[heap]"), "maps: the grown brk is in [heap]");
	ok(maps_has(buf, (unsigned long)&check_maps, "r-xp", exe),
	   "maps: this code is in an r-xp range named by the program's path");
}

static void check_fds(const char *pidstr)
{
	char path[64], link[256];
	int fd = open("/proc/self/status", O_RDONLY);
	char num[24];
	const char *fdname = utoa((unsigned long)fd, num + sizeof(num));
	cat(path, "/proc/self/fd/", fdname, "");
	int n = readlink(path, link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = '\0';
	char want[64];
	cat(want, "/proc/", pidstr, "/status");
	ok(n > 0 && !strcmp(link, want), "fd/N links to the open file's path");

	int dfd = open("/proc/self/fd", O_RDONLY | O_DIRECTORY);
	int seen_fd = 0, seen_dot = 0, entries = 0;
	long got = dfd >= 0 ? syscall3(SYS_getdents64, dfd, (long)buf, sizeof(buf)) : -1;
	for (long off = 0; off < got; ) {
		unsigned short reclen = *(unsigned short *)(buf + off + 16);
		const char *name = buf + off + 19;
		entries++;
		seen_dot += !strcmp(name, ".") || !strcmp(name, "..");
		seen_fd += !strcmp(name, fdname);
		off += reclen;
	}
	ok(got > 0 && seen_dot == 2 && seen_fd == 1, "fd/ lists . .. and the open descriptor");
	close(dfd);
	close(fd);
	ok(readlink(path, link, sizeof(link)) == -ENOENT, "fd/N is gone after close");
}

/* Does the directory at path list name? */
static int lists(const char *path, const char *name)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY), found = 0;
	long got;
	while (fd >= 0 && (got = syscall3(SYS_getdents64, fd, (long)buf, sizeof(buf))) > 0)
		for (long off = 0; off < got; off += *(unsigned short *)(buf + off + 16))
			found |= !strcmp(buf + off + 19, name);
	if (fd >= 0)
		close(fd);
	return found;
}

static void check_child(const char *name)
{
	char path[64], num[24], v[64];
	long child = fork();
	if (child == 0) {
		struct timespec t = { 0, 200000000 };	/* still there while read */
		for (;;)
			nanosleep(&t, 0);
	}
	char *cp = utoa((unsigned long)child, num + sizeof(num));
	cat(path, "/proc/", cp, "/status");
	char mypid[24];
	char *me = utoa((unsigned long)getpid(), mypid + sizeof(mypid));
	ok(slurp(path) > 0 && field(buf, "PPid", v, sizeof(v)) && !strcmp(v, me),
	   "a child's status names this process as PPid");
	ok(field(buf, "Name", v, sizeof(v)) && !strcmp(v, name), "a forked child has the same Name");
	kill(child, SIGKILL);
	int status;
	wait4(child, &status, 0, 0);
	ok(slurp(path) == -ENOENT, "a reaped child's directory is gone");
}

int main(int argc, char **argv)
{
	char pidbuf[24], ppidbuf[24], link[256];
	const char *pid = utoa((unsigned long)getpid(), pidbuf + sizeof(pidbuf));
	const char *ppid = utoa((unsigned long)getppid(), ppidbuf + sizeof(ppidbuf));
	const char *name = argv[0];
	for (const char *p = argv[0]; *p; p++)
		if (*p == '/')
			name = p + 1;

	tap_start();
	/* In the order the checks appear in this file (the test reads them so). */
	check_status(pid, ppid, name);
	check_stat(pid, ppid, name, argv);
	check_cmdline(argc, argv);
	check_maps(argv[0]);
	check_fds(pid);
	check_child(name);
	int n = readlink("/proc/self", link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = '\0';
	ok(n > 0 && !strcmp(link, pid), "/proc/self links to getpid()");
	char want[32];
	ok(slurp("/proc/self/comm") > 0 && !strcmp(buf, cat(want, name, "\n", "")), "comm is the name");
	n = readlink("/proc/self/exe", link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = '\0';
	ok(n > 0 && !strcmp(link, argv[0]), "exe links to the program's path");
	n = readlink("/proc/self/cwd", link, sizeof(link) - 1);
	ok(n == 1 && link[0] == '/', "cwd links to /");
	ok(open("/proc/99999/status", O_RDONLY) == -ENOENT, "no directory for a pid not in use");
	ok(lists("/proc", pid) && lists("/proc", "self") && lists("/proc", "meminfo"),
	   "/proc lists this process, self and meminfo");
	ok(lists("/proc/self", "status") && lists("/proc/self", "fd") && lists("/proc/self", ".."),
	   "/proc/self lists status, fd and ..");
	/* A second read of one open file sees the same text after lseek 0. */
	int fd = open("/proc/self/stat", O_RDONLY);
	long a = read(fd, buf, 4096);
	long b = syscall3(SYS_lseek, fd, 0, 0) == 0 ? read(fd, buf + 4096, 4096) : -1;
	ok(a > 0 && a == b && !memcmp(buf, buf + 4096, (size_t)a), "lseek 0 reads the same snapshot again");
	close(fd);
	return tap_done();
}
