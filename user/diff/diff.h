/*
 * diff.h - what every differential-test program shares.
 *
 * A program here is ordinary C against the real C library (built with
 * musl-gcc -static and gcc -static, user/diff/diff.mk).  It runs on the
 * host, where Linux is the oracle, and on anvil, and the two outputs are
 * compared line for line (tests/groups/differential.py).  So it prints
 * only facts that are the same on every correct Linux: never a pid, an
 * address, a time or anything of the machine's identity, and always in
 * the same order.
 *
 * Every line goes through say(), which starts it with the program's tag
 * and a colon ("facts: ..."): the test takes exactly those lines from the
 * serial log, where the kernel's own lines ("[   0.031] run: ...") are
 * interleaved.  stdout is line-buffered (diff_start()), so each line
 * reaches the kernel in one write, and no buffered text is copied into a
 * child by fork().
 */
#ifndef DIFF_H
#define DIFF_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *diff_tag = "?";

/* Call first in main(): the tag of every line, and line buffering. */
static inline void diff_start(const char *tag)
{
	diff_tag = tag;
	setvbuf(stdout, NULL, _IOLBF, 0);
}

__attribute__((format(printf, 1, 2)))
static inline void say(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	printf("%s: %s\n", diff_tag, line);
}

/* "yes"/"no", for facts that are booleans. */
static inline const char *yesno(int cond)
{
	return cond ? "yes" : "no";
}

/* The symbolic name of an errno value (the numbers are Linux's, the same
 * under both C libraries; a name reads better in a diff). */
static inline const char *errname(int e)
{
	static const struct {
		int e;
		const char *name;
	} names[] = {
		{ 0, "0" },
		{ EPERM, "EPERM" },	{ ENOENT, "ENOENT" },	{ ESRCH, "ESRCH" },
		{ EINTR, "EINTR" },	{ EIO, "EIO" },		{ E2BIG, "E2BIG" },
		{ ENOEXEC, "ENOEXEC" },	{ EBADF, "EBADF" },	{ ECHILD, "ECHILD" },
		{ EAGAIN, "EAGAIN" },	{ ENOMEM, "ENOMEM" },	{ EACCES, "EACCES" },
		{ EFAULT, "EFAULT" },	{ ENOTDIR, "ENOTDIR" },	{ EISDIR, "EISDIR" },
		{ EINVAL, "EINVAL" },	{ EMFILE, "EMFILE" },	{ ENOTTY, "ENOTTY" },
		{ ENOSPC, "ENOSPC" },	{ ESPIPE, "ESPIPE" },	{ EROFS, "EROFS" },
		{ ERANGE, "ERANGE" },	{ ENOSYS, "ENOSYS" },	{ ENAMETOOLONG, "ENAMETOOLONG" },
		{ EOPNOTSUPP, "EOPNOTSUPP" }, { EEXIST, "EEXIST" }, { ENOTEMPTY, "ENOTEMPTY" },
		{ ELOOP, "ELOOP" },	{ EXDEV, "EXDEV" },	{ EBUSY, "EBUSY" },
		{ EMLINK, "EMLINK" },	{ EPIPE, "EPIPE" },	{ EFBIG, "EFBIG" },
		{ ENXIO, "ENXIO" },	{ ENODEV, "ENODEV" },	{ EOVERFLOW, "EOVERFLOW" },
		{ ENOTSOCK, "ENOTSOCK" }, { EAFNOSUPPORT, "EAFNOSUPPORT" },
	};
	static char other[16];
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	snprintf(other, sizeof(other), "errno %d", e);
	return other;
}

/* The outcome of a call that returns -1 and sets errno on failure:
 * "ok" or the errno's name. */
static inline const char *outcome(long ret)
{
	return ret == -1 ? errname(errno) : "ok";
}

/*
 * The names in directory path, sorted (getdents order is the file
 * system's own), each with "/" for a directory and "@" for a symlink,
 * as one line "ls PATH: a b/ c@".  Raw getdents64, not readdir: musl's
 * opendir allocates, and the calls under test are the kernel's.
 */
static inline int diff_cmp_names(const void *a, const void *b)
{
	return strcmp(a, b);
}

static inline void show_dir(const char *path)
{
	static char names[64][64];
	static char buf[2048];
	int n = 0;
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	if (fd < 0) {
		say("ls %s: %s", path, errname(errno));
		return;
	}
	long got;
	while ((got = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long at = 0; at < got;) {
			unsigned short reclen;
			memcpy(&reclen, buf + at + 16, 2);
			unsigned char type = (unsigned char)buf[at + 18];
			if (n < 64)
				snprintf(names[n++], sizeof(names[0]), "%s%s", buf + at + 19,
					 type == 4 ? "/" : type == 10 ? "@" : "");
			at += reclen;
		}
	}
	if (got < 0)
		say("getdents64 %s: %s", path, errname(errno));
	close(fd);
	qsort(names, (size_t)n, sizeof(names[0]), diff_cmp_names);
	char line[240] = "";
	for (int i = 0; i < n; i++) {
		strncat(line, " ", sizeof(line) - strlen(line) - 1);
		strncat(line, names[i], sizeof(line) - strlen(line) - 1);
	}
	say("ls %s:%s", path, line);
}

/* Remove dir and everything under it (a test's directory in /tmp: the
 * host keeps /tmp), listing with raw getdents64 as show_dir does. */
static inline void diff_clean(const char *dir)
{
	char buf[1024], path[512];
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return;
	long got;
	while ((got = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long at = 0; at < got;) {
			unsigned short reclen;
			memcpy(&reclen, buf + at + 16, 2);
			const char *name = buf + at + 19;
			at += reclen;
			if (!strcmp(name, ".") || !strcmp(name, ".."))
				continue;
			if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
				continue;	/* no test makes a path this long */
			if (unlink(path) && errno == EISDIR)
				diff_clean(path);
		}
	}
	close(fd);
	rmdir(dir);
}

#endif
