/* Programs: the files in /bin, listed and run. */
#include "kernel/exec.h"
#include "kernel/fs/fcntl.h"
#include "kernel/console_input.h"
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/printf.h"
#include "kernel/shell/commands.h"
#include "kernel/shell/shell.h"
#include "kernel/string.h"

#define BIN_PREFIX "/bin/"

struct ls_state {
	struct inode *dir;
	uint32_t shown;
};

static bool ls_one(void *ctx, const char *name, size_t len, uint64_t ino, unsigned type)
{
	(void)ino;
	struct ls_state *st = ctx;
	struct inode *inode;
	if (name[0] == '.' || type == DT_DIR)
		return true;
	if (st->dir->iops->lookup(st->dir, name, len, &inode) != 0)
		return true;
	kprintf_raw("  %s%-15.*s %8lu bytes\n", BIN_PREFIX, (int)len, name,
		    (unsigned long)inode->size);
	inode_put(inode);
	st->shown++;
	return true;
}

int cmd_ls(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	struct path bin;
	struct ls_state st = { 0 };
	if (path_walk(AT_FDCWD, BIN_PREFIX, WALK_FOLLOW | WALK_DIRECTORY, &bin) == 0) {
		uint64_t pos = 0;
		st.dir = bin.inode;
		bin.inode->iops->iterate(bin.inode, &pos, ls_one, &st);
		path_put(bin);
	}
	if (!st.shown)
		kprintf_raw("ls: no programs in /bin\n");
	return 0;
}

static int shell_report_error(const char *path, int err)
{
	kprintf_raw("run: cannot run %s: %s\n", path,
		    err == -ENOEXEC ? "not a valid program (see the log)" :
		    err == -ENOMEM ? "out of memory" :
		    err == -EAGAIN ? "too many processes" :
		    err == -E2BIG ? "too many or too long arguments" : "error");
	return 126;
}

/* Is there a program file at path? */
static bool program_exists(const char *path)
{
	struct path exe;
	if (exec_open(path, &exe) != 0)
		return false;
	path_put(exe);
	return true;
}

int shell_run_program(int argc, char **argv, bool typed_as_command, bool background)
{
	/* argv[0] becomes the program's path, as a Linux shell would pass it. */
	char path[PROCESS_PATH_LEN];
	int len = ksnprintf(path, sizeof(path), "%s%s", BIN_PREFIX, argv[0]);
	if (strchr(argv[0], '/') || len >= (int)sizeof(path) || !program_exists(path)) {
		if (typed_as_command)
			kprintf_raw("anvil: unknown command '%s' (help lists the commands, ls the programs)\n",
				    argv[0]);
		else
			kprintf_raw("run: no program %s%s (ls lists them)\n", BIN_PREFIX, argv[0]);
		return 127;
	}

	const char *pargv[PROCESS_MAX_ARGS];
	int n = argc < PROCESS_MAX_ARGS ? argc : PROCESS_MAX_ARGS;
	pargv[0] = path;
	for (int i = 1; i < n; i++)
		pargv[i] = argv[i];

	if (background) {
		int pid = process_spawn(path, n, pargv, true);
		if (pid > 0) {
			kprintf_raw("[%d] %s\n", pid, path);
			return 0;
		}
		return shell_report_error(path, pid);
	}
	struct process_result r;
	int err = process_spawn(path, n, pargv, false);
	if (err > 0) {
		console_set_foreground(err);	/* Ctrl-C interrupts it */
		err = process_wait_kernel(err, &r);
		console_set_foreground(0);
	}
	if (!err && r.signal == SIGINT)
		kprintf_raw("\n");	/* after the terminal's ^C, as bash */
	if (err)
		return shell_report_error(path, err);
	if (r.signal && r.reason[0])
		kprintf_raw("%s (pid %d) killed by signal %d: %s; status %d\n", path, r.pid,
			    r.signal, r.reason, r.status);
	else if (r.signal)
		kprintf_raw("%s (pid %d) killed by signal %d; status %d\n", path, r.pid, r.signal,
			    r.status);
	else
		kprintf_raw("%s (pid %d) exited with status %d\n", path, r.pid, r.status);
	return r.status;
}

int cmd_run(int argc, char **argv)
{
	if (argc < 2)
		return shell_usage(argv);
	bool bg = argc > 2 && strcmp(argv[argc - 1], "&") == 0;
	return shell_run_program(argc - 1 - bg, argv + 1, false, bg);
}

int cmd_bench(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	char prog[] = "bench", quick[] = "quick";
	char *bench_argv[] = { prog, quick, NULL };
	return shell_run_program(2, bench_argv, false, false);
}

/* ps: the process table, as Linux's ps -o pid,ppid,stat,comm. */
static char state_letter(enum process_state s)
{
	static const char letters[] = { [PROC_RUNNING] = 'R', [PROC_RUNNABLE] = 'R',
		[PROC_SLEEPING] = 'S', [PROC_SLEEPING_UNINT] = 'D', [PROC_STOPPED] = 'T',
		[PROC_ZOMBIE] = 'Z' };
	return letters[s];
}

/* One line of ps, copied out under the table lock and printed after it:
 * printing to the serial port is slow, and interrupts are off while the
 * lock is held. */
struct ps_row {
	int pid, ppid;
	char state;
	char name[PROCESS_NAME_LEN];
};

static struct ps_row ps_rows[PROCESS_MAX];
static unsigned ps_count;

static void ps_take(struct process *p, void *arg)
{
	(void)arg;
	if (ps_count == PROCESS_MAX)
		return;
	struct ps_row *r = &ps_rows[ps_count++];
	*r = (struct ps_row){ p->pid, p->parent->pid, state_letter(p->state), "" };
	memcpy(r->name, p->name, sizeof(r->name));
}

int cmd_ps(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	ps_count = 0;
	process_for_each(ps_take, NULL);
	kprintf_raw("  PID  PPID STAT COMMAND\n");
	for (unsigned i = 0; i < ps_count; i++)
		kprintf_raw("%5d %5d %c    %s\n", ps_rows[i].pid, ps_rows[i].ppid, ps_rows[i].state,
			    ps_rows[i].name);
	return 0;
}
