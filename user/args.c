/*
 * args - prints its arguments, one a line, so that tests (and learners) can
 * see exactly which words the kernel command line handed to a program:
 *
 *	make run ARGS='init=/bin/args -- one "two words"'
 *	argc 3
 *	argv[0] = "/bin/args"
 *	argv[1] = "one"
 *	argv[2] = "two words"
 */
#include "lib/ulib.h"

int main(int argc, char **argv)
{
	uprintf("argc %d\n", argc);
	for (int i = 0; i < argc; i++)
		uprintf("argv[%d] = \"%s\"\n", i, argv[i]);
	return 0;
}
