/*
 * start.c - the C half of program start-up: read the stack the kernel built,
 * call main, and exit with its result.
 */
#include "ulib.h"

int main(int argc, char **argv, char **envp);

/* Auxiliary vector entries (Linux include/uapi/linux/auxvec.h). */
struct auxv {
	unsigned long type;	/* AT_* */
	unsigned long value;
};

/* Where the process's auxiliary vector is, for programs that look at it. */
const struct auxv *__libanvil_auxv;

/* Called from _start with the initial RSP, which points at argc. */
void __libanvil_start(long *sp) __attribute__((noreturn));
void __libanvil_start(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;		/* skip argv's NULL */
	char **p = envp;

	while (*p)				/* skip envp and its NULL */
		p++;
	__libanvil_auxv = (const struct auxv *)(p + 1);

	exit(main(argc, argv, envp));
}

unsigned long getauxval(unsigned long type)
{
	const struct auxv *a;

	for (a = __libanvil_auxv; a && a->type != AT_NULL; a++)
		if (a->type == type)
			return a->value;
	return 0;
}
