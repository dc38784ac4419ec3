/*
 * The fixed files of /proc and the small ones among them: uptime,
 * loadavg, stat, version, filesystems, mounts (Linux fs/proc/uptime.c,
 * loadavg.c, stat.c, version.c, fs/filesystems.c, fs/proc_namespace.c).
 */
#include "kernel/errno.h"
#include "kernel/fs/procfs/internal.h"
#include "kernel/mm/heap.h"
#include "kernel/process.h"
#include "kernel/string.h"
#include "kernel/timer.h"
#include "kernel/version.h"

#ifndef MS_RDONLY
#define MS_RDONLY	1	/* include/uapi/linux/mount.h */
#endif

#define REG	(S_IFREG | 0444)

const struct proc_entry proc_root_entries[] = {
	{ "self",	 S_IFLNK | 0777, NULL, &proc_self_iops },
	{ "anvil",	 S_IFDIR | 0555, NULL, &proc_anvil_iops },
	{ "cpuinfo",	 REG, proc_show_cpuinfo, NULL },
	{ "filesystems", REG, proc_show_filesystems, NULL },
	{ "interrupts",	 REG, proc_show_interrupts, NULL },
	{ "loadavg",	 REG, proc_show_loadavg, NULL },
	{ "meminfo",	 REG, proc_show_meminfo, NULL },
	{ "mounts",	 REG, proc_show_mounts, NULL },
	{ "stat",	 REG, proc_show_stat, NULL },
	{ "uptime",	 REG, proc_show_uptime, NULL },
	{ "version",	 REG, proc_show_version, NULL },
};
const unsigned proc_root_count = sizeof(proc_root_entries) / sizeof(proc_root_entries[0]);

uint64_t proc_ticks_to_clock(uint64_t t)
{
	return t * 100 / timer_hz();	/* USER_HZ */
}

/* What the CPU spent, in ticks, as /proc/stat's cpu line needs it.  anvil
 * counts user and system ticks per process (kernel/proc/sched.c); a
 * reaped process's go to its parent's cutime/cstime, so the table plus
 * the boot task hold all of them but an autoreaped one's.  The rest of
 * the time since boot is idle. */
struct cpu_times {
	uint64_t user, system, idle;
};

static void add_times(struct process *p, void *arg)
{
	struct cpu_times *t = arg;
	t->user += p->utime + p->cutime;
	t->system += p->stime + p->cstime;
}

static struct cpu_times cpu_times(void)
{
	struct cpu_times t = { 0 };
	uint64_t now = ticks();
	uint64_t flags = process_lock();
	struct process *boot = process_boot_task();
	add_times(boot, &t);
	process_unlock(flags);
	process_for_each(add_times, &t);
	t.idle = now > t.user + t.system ? now - t.user - t.system : 0;
	return t;
}

/* "12.34 5.67": seconds up, and seconds all CPUs were idle. */
int proc_show_uptime(struct seq *s, uint64_t key)
{
	(void)key;
	uint64_t ns = uptime_ns();
	uint64_t idle = proc_ticks_to_clock(cpu_times().idle);
	seq_printf(s, "%lu.%02lu %lu.%02lu\n", (unsigned long)(ns / 1000000000),
		   (unsigned long)(ns / 10000000 % 100), (unsigned long)(idle / 100),
		   (unsigned long)(idle % 100));
	return 0;
}

struct run_count {
	unsigned runnable, total;
	int last_pid;
};

static void count_run(struct process *p, void *arg)
{
	struct run_count *c = arg;
	c->total++;
	if (p->state == PROC_RUNNING || p->state == PROC_RUNNABLE)
		c->runnable++;
	if (p->pid > c->last_pid)
		c->last_pid = p->pid;
}

/* "0.00 0.00 0.00 1/3 42": anvil keeps no load averages yet; runnable
 * and all tasks; the last pid (here: the highest in the table). */
int proc_show_loadavg(struct seq *s, uint64_t key)
{
	(void)key;
	struct run_count c = { 0 };
	process_for_each(count_run, &c);
	seq_printf(s, "0.00 0.00 0.00 %u/%u %d\n", c.runnable, c.total, c.last_pid);
	return 0;
}

/* /proc/stat: the cpu lines in USER_HZ ticks (user nice system idle
 * iowait irq softirq steal guest guest_nice), then the counters ps and
 * top read. */
int proc_show_stat(struct seq *s, uint64_t key)
{
	(void)key;
	struct cpu_times t = cpu_times();
	struct run_count c = { 0 };
	process_for_each(count_run, &c);
	unsigned long u = proc_ticks_to_clock(t.user), sy = proc_ticks_to_clock(t.system);
	unsigned long id = proc_ticks_to_clock(t.idle);
	seq_printf(s, "cpu  %lu 0 %lu %lu 0 0 0 0 0 0\n", u, sy, id);
	seq_printf(s, "cpu0 %lu 0 %lu %lu 0 0 0 0 0 0\n", u, sy, id);
	seq_printf(s, "intr 0\nctxt 0\nbtime 0\nprocesses %d\n", c.last_pid);
	seq_printf(s, "procs_running %u\nprocs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n",
		   c.runnable);
	return 0;
}

/* Linux's "Linux version R (user@host) (compiler) V", from the same
 * strings uname gives. */
int proc_show_version(struct seq *s, uint64_t key)
{
	(void)key;
	seq_printf(s, "%s version %s (anvil@anvil) (%s) %s\n", ANVIL_UTS_SYSNAME, ANVIL_VERSION,
#ifdef __clang__
		   "clang " __clang_version__,
#else
		   "gcc " __VERSION__,
#endif
		   ANVIL_UTS_VERSION);
	return 0;
}

int proc_show_filesystems(struct seq *s, uint64_t key)
{
	(void)key;
	const struct fs_type *t;
	for (unsigned i = 0; (t = fs_type_at(i)) != NULL; i++)
		seq_printf(s, "%s\t%s\n", t->nodev ? "nodev" : "", t->name);
	return 0;
}

/* A field of /proc/mounts with space, tab, newline and backslash as
 * octal escapes (Linux's mangle(), " \t\n\\"). */
static void put_escaped(struct seq *s, const char *str)
{
	for (; *str; str++) {
		if (*str == ' ' || *str == '\t' || *str == '\n' || *str == '\\')
			seq_printf(s, "\\%c%c%c", '0' + (*str >> 6 & 3), '0' + (*str >> 3 & 7),
				   '0' + (*str & 7));
		else
			seq_putc(s, *str);
	}
}

/* "tmpfs / tmpfs rw 0 0": source, mount point, type, options. */
int proc_show_mounts(struct seq *s, uint64_t key)
{
	(void)key;
	char *path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	for (struct mount *m = mount_first(); m; m = m->next) {
		long n = path_name((struct path){ .mnt = m, .inode = m->root }, path, PATH_MAX);
		if (n < 0)
			continue;
		path[n < PATH_MAX ? n : PATH_MAX - 1] = '\0';
		put_escaped(s, m->source[0] ? m->source : "none");
		seq_putc(s, ' ');
		put_escaped(s, path);
		seq_printf(s, " %s %s 0 0\n", m->sb->type->name, m->flags & MS_RDONLY ? "ro" : "rw");
	}
	kfree(path);
	return 0;
}
