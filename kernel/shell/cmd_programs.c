/* Programs: the /bin/NAME boot modules, listed and run. */
#include "kernel/boot.h"
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/printf.h"
#include "kernel/shell/commands.h"
#include "kernel/shell/shell.h"
#include "kernel/string.h"

#define BIN_PREFIX "/bin/"

int cmd_ls(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	uint32_t shown = 0;
	for (uint32_t i = 0; i < boot_info.module_count; i++) {
		const struct mb2_module *m = &boot_info.modules[i];
		if (strncmp(m->string, BIN_PREFIX, strlen(BIN_PREFIX)) != 0)
			continue;
		kprintf_raw("  %-20s %8lu bytes\n", m->string, (unsigned long)(m->end - m->start));
		shown++;
	}
	if (!shown)
		kprintf_raw("ls: no programs (no /bin/ modules were loaded)\n");
	return 0;
}

int shell_run_program(int argc, char **argv, bool typed_as_command)
{
	/* argv[0] becomes the program's path, as a Linux shell would pass it. */
	char path[PROCESS_PATH_LEN];
	int len = ksnprintf(path, sizeof(path), "%s%s", BIN_PREFIX, argv[0]);
	if (strchr(argv[0], '/') || len >= (int)sizeof(path) || !boot_module(path)) {
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

	struct process_result r;
	int err = process_run(path, n, pargv, &r);
	if (err) {
		kprintf_raw("run: cannot run %s: %s\n", path,
			    err == -ENOEXEC ? "not a valid program (see the log)" :
			    err == -ENOMEM ? "out of memory" :
			    err == -EINVAL ? "too many or too long arguments" : "error");
		return 126;
	}
	if (r.signal)
		kprintf_raw("%s (pid %d) killed by signal %d: %s; status %d\n", path, r.pid,
			    r.signal, r.reason, r.status);
	else
		kprintf_raw("%s (pid %d) exited with status %d\n", path, r.pid, r.status);
	return r.status;
}

int cmd_run(int argc, char **argv)
{
	if (argc < 2)
		return shell_usage(argv);
	return shell_run_program(argc - 1, argv + 1, false);
}

int cmd_bench(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	char prog[] = "bench", quick[] = "quick";
	char *bench_argv[] = { prog, quick, NULL };
	return shell_run_program(2, bench_argv, false);
}
