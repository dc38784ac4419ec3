/*
 * The argument and environment strings of a program being started
 * (struct exec_args in kernel/exec.h): one buffer that grows from one
 * page to EXEC_ARGS_MAX, argv's strings first, then envp's.
 */
#include "kernel/errno.h"
#include "kernel/exec.h"
#include "kernel/mm/heap.h"
#include "kernel/string.h"
#include "kernel/uaccess.h"

/* The buffer starts at one page and doubles as strings come, up to
 * EXEC_ARGS_MAX: most programs get a few short arguments, and a 128 KiB
 * buffer for each exec would cost more than the rest of exec to clear
 * and poison. */
#define EXEC_ARGS_FIRST	PAGE_SIZE

int exec_args_init(struct exec_args *a)
{
	*a = (struct exec_args){ .buf = kmalloc(EXEC_ARGS_FIRST), .cap = EXEC_ARGS_FIRST };
	return a->buf ? 0 : -ENOMEM;
}

void exec_args_free(struct exec_args *a)
{
	kfree(a->buf);
	a->buf = NULL;
}

/* What the strings so far and need more bytes take with their pointers
 * (Linux counts both against the limit). */
static size_t args_total(const struct exec_args *a, size_t need)
{
	return a->len + need + 8 * (size_t)(a->argc + a->envc + 1);
}

/* Make room for need more bytes: 0, -E2BIG past the limit, -ENOMEM. */
static int args_grow(struct exec_args *a, size_t need)
{
	if (args_total(a, need) > EXEC_ARGS_MAX)
		return -E2BIG;
	if (a->len + need <= a->cap)
		return 0;
	size_t cap = a->cap;
	while (cap < a->len + need)
		cap *= 2;
	if (cap > EXEC_ARGS_MAX)
		cap = EXEC_ARGS_MAX;
	char *buf = kmalloc(cap);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, a->buf, a->len);
	kfree(a->buf);
	a->buf = buf;
	a->cap = cap;
	return 0;
}

static void args_count(struct exec_args *a, bool env)
{
	if (env)
		a->envc++;
	else
		a->argc++;
}

int exec_args_add(struct exec_args *a, const char *str, bool env)
{
	size_t len = strlen(str) + 1;
	int err = args_grow(a, len);
	if (err)
		return err;
	memcpy(a->buf + a->len, str, len);
	a->len += len;
	args_count(a, env);
	return 0;
}

/* Copy into what the buffer has room for; when the string does not end
 * there, grow the buffer and copy again. */
int exec_args_add_user(struct exec_args *a, uint64_t ustr, bool env)
{
	for (;;) {
		size_t room = a->cap - a->len;
		if (args_total(a, 1) > EXEC_ARGS_MAX)
			return -E2BIG;
		if (room == 0) {	/* full: strncpy_from_user needs a byte */
			int err = args_grow(a, 1);
			if (err)
				return err;
			continue;
		}
		long n = strncpy_from_user(a->buf + a->len, ustr, room);
		if (n >= 0) {
			if (args_total(a, (size_t)n + 1) > EXEC_ARGS_MAX)
				return -E2BIG;
			a->len += (size_t)n + 1;
			args_count(a, env);
			return 0;
		}
		if (n != -ENAMETOOLONG)
			return (int)n;
		if (a->cap == EXEC_ARGS_MAX)
			return -E2BIG;
		int err = args_grow(a, room + 1);
		if (err)
			return err;
	}
}

