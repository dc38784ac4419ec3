/* init= and run= (kernel/run.h). */
#include "kernel/run.h"
#include "kernel/cmdline.h"
#include "kernel/format.h"
#include "kernel/power.h"
#include "kernel/printf.h"
#include "kernel/process.h"
#include "kernel/string.h"
#include "kernel/console_input.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/vfs.h"

/* Run argv[0]; log and return its status, or 127 when it cannot run
 * (a shell's "command not found"). */
static int run_one(int argc, const char *const *argv, struct process_result *r)
{
	int err = process_run(argv[0], argc, argv, r);
	if (err) {
		kprintf("run: cannot run %s (error %d)\n", argv[0], -err);
		return 127;
	}
	if (r->signal)
		kprintf("run: %s (pid %d): killed by signal %d, status %d\n", argv[0], r->pid,
			r->signal, r->status);
	else
		kprintf("run: %s (pid %d): exited with status %d\n", argv[0], r->pid, r->status);
	return r->status;
}

void run_init(const char *path)
{
	const char *argv[PROCESS_MAX_ARGS];
	int argc = 0;
	argv[argc++] = path;
	for (int i = 0; i < cmdline_init_argc() && argc < PROCESS_MAX_ARGS; i++)
		argv[argc++] = cmdline_init_arg(i);

	struct process_result r = { 0 };
	console_input_to_tty();	/* the programs own the terminal */
	process_set_init();	/* PID 1: the reaper of orphans */
	int status = run_one(argc, argv, &r);
	char reason[48];
	if (status == 127 && !r.pid)
		ksnprintf(reason, sizeof(reason), "init could not be run");
	else if (r.signal)
		ksnprintf(reason, sizeof(reason), "init killed by signal %d", r.signal);
	else
		ksnprintf(reason, sizeof(reason), "init exited");
	kernel_exit(status, reason);
}

void run_list(const char *list)
{
	char buf[256], *argv[PROCESS_MAX_ARGS];
	int status = 0;
	console_input_to_tty();
	while (*list) {
		/* One item: up to the next ',' (or the end), split at ':'. */
		size_t len = 0;
		while (list[len] && list[len] != ',')
			len++;
		if (len >= sizeof(buf))
			len = sizeof(buf) - 1;
		memcpy(buf, list, len);
		buf[len] = '\0';
		list += list[len] == ',' ? len + 1 : len;

		int argc = 0;
		for (char *w = buf; w && argc < PROCESS_MAX_ARGS;) {
			argv[argc++] = w;
			w = strchr(w, ':');
			if (w)
				*w++ = '\0';
		}
		struct process_result r = { 0 };
		status = run_one(argc, (const char *const *)argv, &r);
	}
	kernel_exit(status, "run= finished");
}

void run_default_init(void)
{
	struct path p;

	if (cmdline_has("kshell"))
		return;
	if (path_walk(AT_FDCWD, RUN_DEFAULT_INIT, 0, &p) < 0) {
		kprintf("run: no %s in the root (the userland archive was not loaded): "
			"the kernel's shell\n", RUN_DEFAULT_INIT);
		return;
	}
	path_put(p);
	run_init(RUN_DEFAULT_INIT);
}
