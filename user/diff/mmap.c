/*
 * mmap - memory mappings as a program sees them: anonymous private and
 * shared memory across fork, private and shared mappings of a /tmp file
 * against read(2)/pread/pwrite, munmap and mprotect splitting an area,
 * PROT_NONE guard pages, SIGBUS past the end of a file, MAP_FIXED and
 * MAP_FIXED_NOREPLACE, and the errno of each misuse (Linux's mmap(2)).
 * A fault is caught by doing it in a child and reading its WTERMSIG with
 * wait4 (anvil has no signal handlers yet).  No address is printed: only
 * contents, outcomes and signals, the same on any Linux.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diff_mem.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define PG 4096

static void anonymous(void)
{
	char *p = anon(3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	say("anon private: %s, zeroed %s", p ? "mapped" : errname(errno), yesno(p && all(p, 3 * PG, 0)));
	if (!p)
		return;
	memset(p, 'p', 3 * PG);
	pid_t pid = fork();
	if (pid == 0) {
		int saw = all(p, 3 * PG, 'p');
		memset(p, 'c', 3 * PG);
		_exit(saw ? 0 : 1);
	}
	int st;
	wait4(pid, &st, 0, NULL);
	say("fork private: child saw the parent's data %s, parent still sees its own %s",
	    yesno(WIFEXITED(st) && WEXITSTATUS(st) == 0), yesno(all(p, 3 * PG, 'p')));

	/* The middle page goes: the others keep their data, it faults. */
	say("munmap middle: %s", outcome(munmap(p + PG, PG)));
	const char *first = yesno(all(p, PG, 'p')), *last = yesno(all(p + 2 * PG, PG, 'p'));
	say("after munmap: first %s, last %s, middle read %s", first, last, touch(p + PG, 0));
	say("munmap all (with the hole): %s", outcome(munmap(p, 3 * PG)));
	say("first page read: %s", touch(p, 0));
	say("munmap of nothing: %s", outcome(munmap(p, 3 * PG)));

	char *s = anon(2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);
	say("anon shared: %s, zeroed %s", s ? "mapped" : errname(errno), yesno(s && all(s, 2 * PG, 0)));
	if (!s)
		return;
	s[0] = 'a';
	if ((pid = fork()) == 0) {
		int saw = s[0] == 'a';
		s[1] = 'b';
		s[PG + 5] = 'c';	/* a page nobody had touched before the fork */
		_exit(saw ? 0 : 1);
	}
	wait4(pid, &st, 0, NULL);
	say("fork shared: child saw the parent's write %s, parent sees the child's %s %s",
	    yesno(WIFEXITED(st) && WEXITSTATUS(st) == 0), yesno(s[1] == 'b'), yesno(s[PG + 5] == 'c'));
	munmap(s, 2 * PG);

	char *q = anon(4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_POPULATE | MAP_NORESERVE | MAP_STACK);
	say("populate, noreserve, stack: %s, zeroed %s", q ? "mapped" : errname(errno),
	    yesno(q && all(q, 4 * PG, 0)));
	if (q)
		munmap(q, 4 * PG);
}

static void protections(void)
{
	char *p = anon(3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	if (!p)
		return;
	memset(p, 'x', 3 * PG);
	say("mprotect middle PROT_NONE: %s", outcome(mprotect(p + PG, PG, PROT_NONE)));
	say("guard page read: %s", touch(p + PG, 0));
	say("guard page write: %s", touch(p + PG, 1));
	say("the page above written: %s", touch(p + 2 * PG, 1));
	say("mprotect middle back: %s", outcome(mprotect(p + PG, PG, PROT_READ | PROT_WRITE)));
	say("its data kept: %s", yesno(all(p + PG, PG, 'x')));
	say("mprotect all read-only: %s", outcome(mprotect(p, 3 * PG, PROT_READ)));
	say("read-only read: %s", touch(p + 2 * PG, 0));
	say("read-only write: %s", touch(p, 1));
	say("data: %s", yesno(all(p, 3 * PG, 'x')));
	say("mprotect writable again: %s", outcome(mprotect(p, 3 * PG, PROT_READ | PROT_WRITE)));
	say("write: %s", touch(p, 1));
	char *n = anon(PG, PROT_NONE, MAP_PRIVATE);
	say("mmap PROT_NONE: %s, read %s", n ? "mapped" : errname(errno), n ? touch(n, 0) : "-");
	munmap(p, 3 * PG);
	say("mprotect of a hole: %s", outcome(mprotect(p, PG, PROT_READ)));
	if (n)
		munmap(n, PG);
}

/* A 2-page file: "page0..." then "page1...". */
static int make_file(const char *name)
{
	int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0600);
	char buf[PG];
	for (int i = 0; i < 2; i++) {
		memset(buf, '0' + i, PG);
		memcpy(buf, i ? "page1" : "page0", 5);
		if (write(fd, buf, PG) != PG)
			say("write %s: %s", name, errname(errno));
	}
	return fd;
}

static void files(void)
{
	int fd = make_file("f");
	char buf[16] = "";
	char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	say("file private: %s", p == MAP_FAILED ? errname(errno) : "mapped");
	if (p != MAP_FAILED) {
		say("file private reads: %.5s %.5s", p, p + PG);
		memcpy(p, "PRIV!", 5);
		if (pread(fd, buf, 5, 0) != 5)
			say("pread: %s", errname(errno));
		say("after a write through it: mapping %.5s, pread %.5s", p, buf);
		lseek(fd, 0, SEEK_SET);
		if (read(fd, buf, 5) != 5)
			say("read: %s", errname(errno));
		say("read(2) from the start: %.5s", buf);
		pwrite(fd, "fresh", 5, PG);	/* a page the mapping has not copied */
		say("pwrite to a page it only read: mapping %.5s", p + PG);
		munmap(p, 2 * PG);
	}
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, PG);
	say("file private at offset 4096: %.5s", p == MAP_FAILED ? errname(errno) : p);
	if (p != MAP_FAILED)
		munmap(p, PG);

	p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	say("file shared: %s", p == MAP_FAILED ? errname(errno) : "mapped");
	if (p != MAP_FAILED) {
		memcpy(p + 10, "SHARED", 6);
		pread(fd, buf, 6, 10);
		say("write through it, pread: %.6s", buf);
		pwrite(fd, "pwrite", 6, PG + 20);
		say("pwrite, read through it: %.6s", p + PG + 20);
		pid_t pid = fork();
		if (pid == 0) {
			memcpy(p + 30, "child", 5);
			_exit(0);
		}
		int st;
		wait4(pid, &st, 0, NULL);
		pread(fd, buf, 5, 30);
		say("a fork child's write: mapping %.5s, pread %.5s", p + 30, buf);
		munmap(p, 2 * PG);
	}
	/* Past the end of the file: SIGBUS (a page never touched). */
	p = mmap(NULL, 3 * PG, PROT_READ, MAP_SHARED, fd, 0);
	if (p != MAP_FAILED) {
		say("beyond the end: page 1 %s", touch(p + PG, 0));
		say("beyond the end: page 2 %s", touch(p + 2 * PG, 0));
		say("ftruncate to one page: %s", outcome(ftruncate(fd, PG)));
		say("after shrinking: page 0 %s", touch(p, 0));
		say("after shrinking: page 1 %s", touch(p + PG, 0));
		munmap(p, 3 * PG);
	}
	close(fd);

	int ro = open("f", O_RDONLY), wo = open("f", O_WRONLY);
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED, ro, 0);
	say("read-only fd, shared PROT_READ: %s", p == MAP_FAILED ? errname(errno) : "mapped");
	if (p != MAP_FAILED) {
		say("then mprotect PROT_WRITE: %s", outcome(mprotect(p, PG, PROT_READ | PROT_WRITE)));
		munmap(p, PG);
	}
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
	say("read-only fd, private writable: %s", p == MAP_FAILED ? errname(errno) : "mapped");
	if (p != MAP_FAILED)
		munmap(p, PG);
	say("read-only fd, shared writable: %s",
	    mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED ? errname(errno) : "mapped");
	say("write-only fd, private: %s",
	    mmap(NULL, PG, PROT_READ, MAP_PRIVATE, wo, 0) == MAP_FAILED ? errname(errno) : "mapped");
	close(ro);
	close(wo);
	unlink("f");
}

static const char *try_map(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p = mmap(addr, len, prot, flags, fd, off);
	if (p == MAP_FAILED)
		return errname(errno);
	munmap(p, len);
	return "mapped";
}

static void errors(void)
{
	int rw = PROT_READ | PROT_WRITE, pa = MAP_PRIVATE | MAP_ANONYMOUS;
	int dir = open(".", O_RDONLY | O_DIRECTORY), null = open("/dev/null", O_RDWR);
	int fd = make_file("g");
	say("len 0: %s", try_map(NULL, 0, rw, pa, -1, 0));
	say("MAP_FIXED unaligned: %s", try_map((void *)0x10000123, PG, rw, pa | MAP_FIXED, -1, 0));
	say("bad fd: %s", try_map(NULL, PG, rw, MAP_PRIVATE, 999, 0));
	say("fd -1 without MAP_ANONYMOUS: %s", try_map(NULL, PG, rw, MAP_PRIVATE, -1, 0));
	say("a directory: %s", try_map(NULL, PG, PROT_READ, MAP_PRIVATE, dir, 0));
	say("/dev/null: %s", try_map(NULL, PG, PROT_READ, MAP_PRIVATE, null, 0));
	say("offset not page-aligned: %s", try_map(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 100));
	say("neither private nor shared: %s", try_map(NULL, PG, rw, MAP_ANONYMOUS, -1, 0));
	say("larger than the address space: %s", try_map(NULL, 1UL << 47, rw, pa, -1, 0));
	say("munmap unaligned: %s", outcome(munmap((void *)0x10000123, PG)));
	say("munmap len 0: %s", outcome(munmap((void *)0x10000000, 0)));

	char *p = anon(2 * PG, rw, MAP_PRIVATE);
	if (!p)
		return;
	p[PG] = 'z';
	say("MAP_FIXED_NOREPLACE on a mapping: %s", try_map(p + PG, PG, rw, pa | MAP_FIXED_NOREPLACE, -1, 0));
	char *f = mmap(p + PG, PG, rw, pa | MAP_FIXED, -1, 0);
	say("MAP_FIXED over it: %s", f == p + PG ? "at the address" : "elsewhere");
	say("replaced by zeros: %s", yesno(f == p + PG && f[0] == 0));
	say("first page kept: %s", touch(p, 0));
	munmap(p, 2 * PG);
	char *g = mmap(p, PG, rw, pa | MAP_FIXED_NOREPLACE, -1, 0);
	say("MAP_FIXED_NOREPLACE on a free range: %s", g == p ? "at the address" : errname(errno));
	if (g != MAP_FAILED)
		munmap(g, PG);
	close(fd);
	close(dir);
	close(null);
	unlink("g");
}

int main(void)
{
	diff_start("mmap");
	char dir[] = "/tmp/mmapXXXXXX";
	if (!mkdtemp(dir) || chdir(dir)) {
		say("no directory in /tmp: %s", errname(errno));
		return 1;
	}
	/* No core files from the children that fault on purpose. */
	struct rlimit core = { 0, 0 };
	setrlimit(RLIMIT_CORE, &core);
	anonymous();
	protections();
	files();
	errors();
	chdir("/");
	say("rmdir: %s", outcome(rmdir(dir)));
	return 0;
}
