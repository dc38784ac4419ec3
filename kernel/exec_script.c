/*
 * "#!" scripts, as Linux's fs/binfmt_script.c: a file that starts with
 *
 *	#!/bin/sh -e
 *
 * runs the interpreter instead, with the arguments
 *
 *	interp [the one optional argument] script-path argv[1] ...
 *
 * The line ends at the first newline or at BINPRM_BUF_SIZE bytes; what
 * follows the interpreter's name, blanks trimmed, is one argument, as
 * Linux passes it (no splitting).  A script may name a script, at most
 * EXEC_MAX_DEPTH deep (-ELOOP past it, Linux's BINPRM_MAX_RECURSION).
 */
#include "kernel/errno.h"
#include "kernel/exec.h"
#include "kernel/string.h"

#define BINPRM_BUF_SIZE	256

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

bool exec_is_script(const uint8_t *head, size_t n)
{
	return n >= 2 && head[0] == '#' && head[1] == '!';
}

/* The string after the first skip strings of a's argv/envp buffer. */
static const char *nth_string(const struct exec_args *a, int skip)
{
	const char *s = a->buf;
	while (skip-- > 0)
		s += strlen(s) + 1;
	return s;
}

int exec_script_args(const uint8_t *head, size_t n, const char *path,
		     const struct exec_args *old, struct exec_args *out, char *interp)
{
	char line[BINPRM_BUF_SIZE + 1];
	size_t len = n < BINPRM_BUF_SIZE ? n : BINPRM_BUF_SIZE;
	memcpy(line, head, len);
	line[len] = 0;
	char *nl = strchr(line, '\n');
	if (nl)
		*nl = 0;
	else if (len == BINPRM_BUF_SIZE)
		return -ENOEXEC;	/* Linux: the interpreter's line is cut */
	char *s = line + 2, *end;
	while (blank(*s))
		s++;
	if (!*s)
		return -ENOEXEC;	/* "#!" and no interpreter */
	for (end = s; *end && !blank(*end); end++)
		;
	char *arg = *end ? end + 1 : end;
	*end = 0;
	strlcpy(interp, s, EXEC_INTERP_MAX);
	while (blank(*arg))
		arg++;
	size_t alen = strlen(arg);
	while (alen && blank(arg[alen - 1]))
		arg[--alen] = 0;

	int err = exec_args_init(out);
	if (err)
		return err;
	err = exec_args_add(out, interp, false);
	if (!err && *arg)
		err = exec_args_add(out, arg, false);
	if (!err)
		err = exec_args_add(out, path, false);
	for (int i = 1; !err && i < old->argc; i++)
		err = exec_args_add(out, nth_string(old, i), false);
	for (int i = 0; !err && i < old->envc; i++)
		err = exec_args_add(out, nth_string(old, old->argc + i), true);
	if (err)
		exec_args_free(out);
	return err;
}
