/*
 * execve_edge - execve's errors and a few successes. A failed execve must
 * return the error and leave the caller as it was; a successful one must
 * start the new program with the arguments and environment given, in a
 * fresh image. TAP on fd 1, exit 0 if all passed.
 *
 *	execve_edge [PREFIX [NOTELF [DYNAMIC [DYNAMIC_RESULT]]]]
 *
 * PREFIX          where exit7 is: "/bin/" (the default, anvil) or, on the
 *                 host, "build/user/"
 * NOTELF          an executable file that is not an ELF and has no "#!":
 *                 -ENOEXEC on both kernels (default /bin/notelf, a text
 *                 module on anvil; the host test makes one with mode 755)
 * DYNAMIC         a dynamically linked ELF (PT_INTERP names Linux's
 *                 ld.so), whose code exits with 7 (default /bin/dynamic)
 * DYNAMIC_RESULT  what execve of it must do: "ENOEXEC" (the default; anvil
 *                 has no dynamic loader and refuses it) or "runs" (Linux
 *                 starts ld.so, which runs it: status 7)
 * The paths and the one expectation that differs are arguments so that the
 * same binary checks each kernel's documented behaviour.
 *
 * Attempts that could wrongly succeed run in a child: it exits with
 * 100 + errno if execve returns, so a wrong success (exit7's status 7)
 * never looks like an error. Attempts that cannot start anything (missing
 * or unreadable paths) run here, to show the caller survives them.
 *
 * Linux's limits (fs/exec.c): one string at most MAX_ARG_STRLEN (32
 * pages, 128 KiB); all of argv and envp, pointers included, at most a
 * quarter of the stack limit and never more than 6 MiB.
 *
 * Needs: execve, fork, wait4, brk, exit_group; argv and envp copied to
 * the new program's stack.
 */
#include "lib/ulib.h"

#define KERNEL_ADDR	0xffffffff80100000UL
#define LONG_ARG	200000		/* > 128 KiB: one string too long */
#define BIG_ARG		100000		/* each fine, 80 of them (8 MB) too much */
#define BIG_COUNT	80
#define MANY_ARGS	1100000		/* 8.8 MB of pointers alone */

static char long_arg[LONG_ARG + 1];
static int marker;			/* set before exec; the new image must have 0 */
static char exit7[256];

/* "--echo" mode: the program exec'd by itself checks what it was given. */
static int echo_check(int argc, char **argv, char **envp)
{
	return argc == 4 && strcmp(argv[2], "two words") == 0 && argv[3][0] == 0 &&
	       argv[4] == NULL && envp[0] && strcmp(envp[0], "ANVIL=1") == 0 &&
	       strcmp(envp[1], "X=") == 0 && envp[2] == NULL && marker == 0 ? 0 : 1;
}

/* execve in a child; its wait status (100 + errno if execve returned). */
static int try_exec(const char *path, char *const *argv, char *const *envp)
{
	int status = -1;
	long pid = fork();

	if (pid == 0) {
		marker = 1;
		exit(100 - (int)execve(path, argv, envp));
	}
	if (pid < 0 || wait4(pid, &status, 0, NULL) != pid)
		return -1;
	return status;
}

static int exited(int status, int code)
{
	return status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == code;
}

static void here(void)
{
	char *argv[] = { "x", NULL }, *envp[] = { NULL };

	ok(execve("/no/such/file", argv, envp) == -ENOENT, "execve of a missing file is -ENOENT");
	ok(execve("", argv, envp) == -ENOENT, "execve of the empty path is -ENOENT");
	ok(execve(NULL, argv, envp) == -EFAULT, "execve of a NULL path is -EFAULT");
	ok(execve((const char *)KERNEL_ADDR, argv, envp) == -EFAULT,
	   "execve of a path in kernel memory is -EFAULT");
	ok(strcmp(argv[0], "x") == 0 && envp[0] == NULL,
	   "after the failures the caller runs on, its memory as it was");
}

static void bad_pointers(void)
{
	char *bad_elem[] = { exit7, (char *)KERNEL_ADDR, NULL };
	char *good[] = { exit7, NULL };

	ok(exited(try_exec(exit7, (char *const *)KERNEL_ADDR, good), 100 + EFAULT),
	   "argv pointing into kernel memory is -EFAULT");
	ok(exited(try_exec(exit7, bad_elem, good + 1), 100 + EFAULT),
	   "an argv string in kernel memory is -EFAULT");
	ok(exited(try_exec(exit7, good, bad_elem + 1), 100 + EFAULT),
	   "an envp string in kernel memory is -EFAULT");
	ok(exited(try_exec(exit7, good, (char *const *)1), 100 + EFAULT),
	   "envp at address 1 is -EFAULT");
}

static void too_big(void)
{
	char *one_long[] = { exit7, long_arg, NULL }, *big[BIG_COUNT + 2], *envp[] = { NULL };
	char **many = NULL;
	long heap = brk(0), size = (MANY_ARGS + 2) * sizeof(char *);
	int i, room;

	memset(long_arg, 'a', LONG_ARG);
	ok(exited(try_exec(exit7, one_long, envp), 100 + E2BIG),
	   "an argument of 200000 bytes (over 128 KiB) is -E2BIG");

	long_arg[BIG_ARG] = 0;
	big[0] = exit7;
	for (i = 1; i <= BIG_COUNT; i++)
		big[i] = long_arg;
	big[BIG_COUNT + 1] = NULL;
	ok(exited(try_exec(exit7, big, envp), 100 + E2BIG),
	   "80 arguments of 100000 bytes (8 MB in all) are -E2BIG");

	room = brk((void *)(heap + size)) == heap + size;
	if (room) {
		many = (char **)heap;
		many[0] = exit7;
		for (i = 1; i <= MANY_ARGS; i++)
			many[i] = "";
		many[MANY_ARGS + 1] = NULL;
	}
	ok(room && exited(try_exec(exit7, many, envp), 100 + E2BIG),
	   "1100000 arguments (8.8 MB of pointers) are -E2BIG");
	brk((void *)heap);
}

static void formats(const char *notelf, const char *dynamic, const char *dynamic_result)
{
	char *argv[] = { "x", NULL }, *envp[] = { NULL };
	int runs = strcmp(dynamic_result, "runs") == 0;

	ok(exited(try_exec(notelf, argv, envp), 100 + ENOEXEC),
	   "execve of an executable text file (no #!) is -ENOEXEC");
	uprintf("# dynamic ELF %s: expected to %s\n", dynamic, runs ? "run (status 7)" : "be refused");
	ok(exited(try_exec(dynamic, argv, envp), runs ? 7 : 100 + ENOEXEC),
	   "execve of a dynamically linked ELF does what this kernel documents");
}

static void successes(const char *self)
{
	char *argv7[] = { exit7, NULL }, *envp[] = { NULL };
	char *echo_argv[] = { (char *)self, "--echo", "two words", "", NULL };
	char *echo_envp[] = { "ANVIL=1", "X=", NULL };

	ok(exited(try_exec(exit7, argv7, envp), 7), "execve of exit7 runs it: status 7");
	ok(exited(try_exec(self, echo_argv, echo_envp), 0),
	   "execve of this program passes argv and envp, in a fresh image");
}

int main(int argc, char **argv, char **envp)
{
	const char *prefix = argc > 1 ? argv[1] : "/bin/";

	if (argc > 1 && strcmp(argv[1], "--echo") == 0)
		return echo_check(argc, argv, envp);
	if (strlen(prefix) + 6 > sizeof(exit7))
		return 2;
	memcpy(exit7, prefix, strlen(prefix));
	memcpy(exit7 + strlen(prefix), "exit7", 6);

	tap_start();
	here();
	bad_pointers();
	too_big();
	formats(argc > 2 ? argv[2] : "/bin/notelf", argc > 3 ? argv[3] : "/bin/dynamic",
		argc > 4 ? argv[4] : "ENOEXEC");
	successes(argv[0]);
	ok(wait4(-1, NULL, 0, NULL) == -ECHILD, "nothing is left to reap");
	return tap_done();
}
