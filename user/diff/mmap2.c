/*
 * mmap2 - the rest of memory mapping as a program sees it: mremap
 * shrinking, growing and moving an area with its contents (COW and all),
 * MREMAP_FIXED and MREMAP_DONTUNMAP; madvise(MADV_DONTNEED) on private
 * anonymous, private file and shared file pages; mincore's vector;
 * msync's checks; mprotect splitting an area and merging it back; brk
 * next to a mapping; and the errno of each misuse (Linux's mremap(2),
 * madvise(2), mincore(2), msync(2), brk(2)).  The calls go straight to
 * the kernel (syscall()), so the C libraries' own checks are not what is
 * compared.  No address is printed: only contents, outcomes, signals.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diff_mem.h"

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

#define RW (PROT_READ | PROT_WRITE)
#define PG 4096
#define DIR "/tmp/diff-mmap2"

static long sys(long n, long a, long b, long c, long d, long e)
{
	return syscall(n, a, b, c, d, e);
}

static char *remap(void *p, size_t old, size_t len, int flags, void *to)
{
	return (char *)sys(SYS_mremap, (long)p, (long)old, (long)len, flags, (long)to);
}

/* Fill page i of p with 'a' + i. */
static void fill(char *p, int pages)
{
	for (int i = 0; i < pages; i++)
		memset(p + i * PG, 'a' + i, PG);
}

static int filled(const char *p, int pages)
{
	for (int i = 0; i < pages; i++)
		if (!all(p + i * PG, PG, 'a' + i))
			return 0;
	return 1;
}

static void mremap_sizes(void)
{
	char *p = anon(4 * PG, RW, MAP_PRIVATE);
	fill(p, 4);
	char *q = remap(p, 4 * PG, 2 * PG, 0, NULL);
	say("mremap shrink: %s, same place %s, kept %s, the tail read %s", outcome((long)q),
	    yesno(q == p), yesno(filled(p, 2)), touch(p + 2 * PG, 0));
	q = remap(p, 2 * PG, 4 * PG, 0, NULL);
	say("mremap grow in place (free above): %s, same place %s, kept %s, new pages zero %s",
	    outcome((long)q), yesno(q == p), yesno(filled(p, 2)), yesno(q == p && all(p + 2 * PG, 2 * PG, 0)));
	say("mremap grow of a head without MAYMOVE: %s", outcome((long)remap(p, PG, 2 * PG, 0, NULL)));
	mprotect(p + 3 * PG, PG, PROT_NONE);	/* another area right above */
	say("mremap grow into the next area without MAYMOVE: %s",
	    outcome((long)remap(p, 3 * PG, 4 * PG, 0, NULL)));
	fill(p, 3);
	q = remap(p, 3 * PG, 8 * PG, MREMAP_MAYMOVE, NULL);
	say("mremap MAYMOVE: %s, moved %s, kept %s, new pages zero %s, old place read %s",
	    outcome((long)q), yesno(q != p), yesno(q != MAP_FAILED && filled(q, 3)),
	    yesno(q != MAP_FAILED && all(q + 3 * PG, 5 * PG, 0)), touch(p, 0));
	say("the PROT_NONE page stayed: read %s", touch(p + 3 * PG, 0));
	munmap(p, 4 * PG);
	if (q != MAP_FAILED)
		munmap(q, 8 * PG);
}

static void mremap_fixed(void)
{
	char *y = anon(2 * PG, RW, MAP_PRIVATE), *z = anon(4 * PG, RW, MAP_PRIVATE);
	fill(y, 2);
	memset(z, 'z', 4 * PG);
	char *q = remap(y, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, z + PG);
	say("mremap FIXED onto a mapping: %s, at the place asked %s, moved %s, around it %s %s",
	    outcome((long)q), yesno(q == z + PG), yesno(q == z + PG && filled(q, 2)),
	    yesno(all(z, PG, 'z')), yesno(all(z + 3 * PG, PG, 'z')));
	say("old place after FIXED: read %s", touch(y, 0));
	say("FIXED without MAYMOVE: %s", outcome((long)remap(z, PG, PG, MREMAP_FIXED, y)));
	say("FIXED overlapping itself: %s",
	    outcome((long)remap(z, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, z + PG)));
	say("FIXED to an unaligned place: %s",
	    outcome((long)remap(z, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, y + 1)));

	memset(z, 'd', PG);
	q = remap(z, PG, PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL);
	say("DONTUNMAP: %s, moved %s, kept %s, old place now zero %s", outcome((long)q),
	    yesno(q != z), yesno(q != MAP_FAILED && all(q, PG, 'd')), yesno(all(z, PG, 0)));
	say("DONTUNMAP with a new length: %s",
	    outcome((long)remap(z, PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL)));
	if (q != MAP_FAILED)
		munmap(q, PG);
	munmap(z, 4 * PG);
}

static void mremap_errors(void)
{
	char *p = anon(2 * PG, RW, MAP_PRIVATE), *s = anon(PG, RW, MAP_SHARED);
	say("mremap unaligned: %s", outcome((long)remap(p + 1, PG, 2 * PG, MREMAP_MAYMOVE, NULL)));
	say("mremap new length 0: %s", outcome((long)remap(p, PG, 0, MREMAP_MAYMOVE, NULL)));
	say("mremap unknown flag: %s", outcome((long)remap(p, PG, PG, 8, NULL)));
	say("mremap past the area's end: %s", outcome((long)remap(p, 3 * PG, 4 * PG, MREMAP_MAYMOVE, NULL)));
	munmap(p, 2 * PG);
	say("mremap of nothing: %s", outcome((long)remap(p, PG, 2 * PG, MREMAP_MAYMOVE, NULL)));
	char *d = remap(s, 0, PG, MREMAP_MAYMOVE, NULL);
	if (d != MAP_FAILED)
		d[0] = 'd';
	say("mremap old length 0, shared: %s, a second view of the same page %s", outcome((long)d),
	    yesno(d != MAP_FAILED && d != s && s[0] == 'd'));
	if (d != MAP_FAILED)
		munmap(d, PG);
	munmap(s, PG);
	char *v = anon(PG, RW, MAP_PRIVATE);
	say("mremap old length 0, private: %s", outcome((long)remap(v, 0, PG, MREMAP_MAYMOVE, NULL)));
	munmap(v, PG);

	/* A moved private page stays copy-on-write after a fork. */
	char *c = anon(PG, RW, MAP_PRIVATE);
	memset(c, 'p', PG);
	pid_t pid = fork();
	if (pid == 0) {
		char *g = anon(PG, RW, MAP_PRIVATE);	/* blocks growing in place */
		char *m = remap(c, PG, 2 * PG, MREMAP_MAYMOVE, NULL);
		int ok = m != MAP_FAILED && all(m, PG, 'p');
		if (m != MAP_FAILED)
			memset(m, 'c', PG);
		(void)g;
		_exit(ok ? 0 : 1);
	}
	int st;
	wait4(pid, &st, 0, NULL);
	say("mremap after fork: the child's moved page had the data %s, the parent's kept its own %s",
	    yesno(WIFEXITED(st) && WEXITSTATUS(st) == 0), yesno(all(c, PG, 'p')));
	munmap(c, PG);
}

static int tmpfile_of(const char *name, char c, int pages)
{
	char path[64];
	snprintf(path, sizeof(path), DIR "/%s", name);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	char buf[PG];
	memset(buf, c, PG);
	for (int i = 0; fd >= 0 && i < pages; i++)
		if (write(fd, buf, PG) != PG)
			return -1;
	return fd;
}

static void madvise_tests(void)
{
	char *p = anon(3 * PG, RW, MAP_PRIVATE);
	fill(p, 3);
	long r = sys(SYS_madvise, (long)(p + PG), PG, MADV_DONTNEED, 0, 0);
	say("DONTNEED private anon: %s, the page is zero %s, the others kept %s %s", outcome(r),
	    yesno(all(p + PG, PG, 0)), yesno(all(p, PG, 'a')), yesno(all(p + 2 * PG, PG, 'c')));
	static const struct {
		int advice;
		const char *name;
	} hints[] = {
		{ MADV_NORMAL, "NORMAL" }, { MADV_RANDOM, "RANDOM" }, { MADV_SEQUENTIAL, "SEQUENTIAL" },
		{ MADV_WILLNEED, "WILLNEED" }, { MADV_FREE, "FREE" }, { MADV_DOFORK, "DOFORK" },
		{ MADV_HUGEPAGE, "HUGEPAGE" }, { MADV_NOHUGEPAGE, "NOHUGEPAGE" },
		{ MADV_DONTDUMP, "DONTDUMP" }, { MADV_DODUMP, "DODUMP" },
	};
	for (size_t i = 0; i < sizeof(hints) / sizeof(hints[0]); i++)
		say("madvise %s: %s", hints[i].name,
		    outcome(sys(SYS_madvise, (long)p, 3 * PG, hints[i].advice, 0, 0)));
	say("madvise unknown advice: %s", outcome(sys(SYS_madvise, (long)p, PG, 12345, 0, 0)));
	say("madvise unaligned: %s", outcome(sys(SYS_madvise, (long)p + 1, PG, MADV_DONTNEED, 0, 0)));
	say("madvise length 0: %s", outcome(sys(SYS_madvise, (long)p, 0, MADV_DONTNEED, 0, 0)));
	munmap(p + PG, PG);
	say("madvise over a hole: %s", outcome(sys(SYS_madvise, (long)p, 3 * PG, MADV_NORMAL, 0, 0)));
	munmap(p, 3 * PG);
	say("madvise of nothing: %s", outcome(sys(SYS_madvise, (long)p, PG, MADV_DONTNEED, 0, 0)));

	int fd = tmpfile_of("f", 'F', 2);
	char *f = fd < 0 ? MAP_FAILED : mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char *s = fd < 0 ? MAP_FAILED : mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (f == MAP_FAILED || s == MAP_FAILED) {
		say("file mappings: %s", errname(errno));
		return;
	}
	memset(f, 'x', PG);
	r = sys(SYS_madvise, (long)f, 2 * PG, MADV_DONTNEED, 0, 0);
	say("DONTNEED private file: %s, the private copy gone, the file again %s", outcome(r),
	    yesno(all(f, 2 * PG, 'F')));
	say("FREE on a file mapping: %s", outcome(sys(SYS_madvise, (long)f, PG, MADV_FREE, 0, 0)));
	memset(s + PG, 's', PG);
	r = sys(SYS_madvise, (long)s, 2 * PG, MADV_DONTNEED, 0, 0);
	char back[PG];
	say("DONTNEED shared file: %s, the data stays %s, the file has it %s", outcome(r),
	    yesno(all(s + PG, PG, 's')), yesno(pread(fd, back, PG, PG) == PG && all(back, PG, 's')));

	unsigned char v[4];
	r = sys(SYS_mincore, (long)s, 2 * PG, (long)v, 0, 0);
	say("mincore shared file (pages in the file): %s, %d %d", outcome(r), v[0] & 1, v[1] & 1);
	say("msync MS_SYNC: %s", outcome(sys(SYS_msync, (long)s, 2 * PG, MS_SYNC, 0, 0)));
	say("msync MS_ASYNC: %s", outcome(sys(SYS_msync, (long)s, 2 * PG, MS_ASYNC, 0, 0)));
	say("msync MS_INVALIDATE: %s", outcome(sys(SYS_msync, (long)s, 2 * PG, MS_INVALIDATE, 0, 0)));
	say("msync private: %s", outcome(sys(SYS_msync, (long)f, PG, MS_SYNC, 0, 0)));
	say("msync ASYNC|SYNC: %s", outcome(sys(SYS_msync, (long)s, PG, MS_ASYNC | MS_SYNC, 0, 0)));
	say("msync unknown flag: %s", outcome(sys(SYS_msync, (long)s, PG, 8, 0, 0)));
	say("msync unaligned: %s", outcome(sys(SYS_msync, (long)s + 1, PG, MS_SYNC, 0, 0)));
	say("msync length 0: %s", outcome(sys(SYS_msync, (long)s, 0, MS_SYNC, 0, 0)));
	munmap(f, 2 * PG);
	munmap(s + PG, PG);
	say("msync over a hole at the end: %s", outcome(sys(SYS_msync, (long)s, 2 * PG, MS_ASYNC, 0, 0)));
	munmap(s, PG);
	say("msync of nothing: %s", outcome(sys(SYS_msync, (long)s, PG, MS_SYNC, 0, 0)));
	close(fd);
}

static void mincore_tests(void)
{
	char *p = anon(4 * PG, RW, MAP_PRIVATE);
	unsigned char v[4];
	long r = sys(SYS_mincore, (long)p, 4 * PG, (long)v, 0, 0);
	say("mincore fresh: %s, %d%d%d%d", outcome(r), v[0] & 1, v[1] & 1, v[2] & 1, v[3] & 1);
	p[0] = 1;
	(void)*(volatile char *)(p + 2 * PG);
	r = sys(SYS_mincore, (long)p, 4 * PG - 100, (long)v, 0, 0);
	say("mincore after touching 0 and 2: %s, %d%d%d%d", outcome(r), v[0] & 1, v[1] & 1, v[2] & 1, v[3] & 1);
	sys(SYS_madvise, (long)p, PG, MADV_DONTNEED, 0, 0);
	r = sys(SYS_mincore, (long)p, 4 * PG, (long)v, 0, 0);
	say("mincore after DONTNEED of 0: %s, %d%d%d%d", outcome(r), v[0] & 1, v[1] & 1, v[2] & 1, v[3] & 1);
	say("mincore unaligned: %s", outcome(sys(SYS_mincore, (long)p + 1, PG, (long)v, 0, 0)));
	say("mincore length 0: %s", outcome(sys(SYS_mincore, (long)p, 0, (long)v, 0, 0)));
	munmap(p + 3 * PG, PG);
	say("mincore bad vector: %s", outcome(sys(SYS_mincore, (long)p, PG, (long)(p + 3 * PG), 0, 0)));
	say("mincore over the end: %s", outcome(sys(SYS_mincore, (long)p, 4 * PG, (long)v, 0, 0)));
	munmap(p, 3 * PG);
	say("mincore of nothing: %s", outcome(sys(SYS_mincore, (long)p, PG, (long)v, 0, 0)));
}

static void split_merge(void)
{
	char *p = anon(3 * PG, RW, MAP_PRIVATE);
	fill(p, 3);
	say("mprotect the middle read-only: %s", outcome(mprotect(p + PG, PG, PROT_READ)));
	say("write the middle: %s", touch(p + PG, 1));
	say("write the end: %s", touch(p + 2 * PG, 1));
	say("mremap grow across the split: %s",
	    outcome((long)remap(p, 3 * PG, 4 * PG, MREMAP_MAYMOVE, NULL)));
	say("mprotect back: %s", outcome(mprotect(p + PG, PG, PROT_READ | PROT_WRITE)));
	char *q = remap(p, 3 * PG, 4 * PG, MREMAP_MAYMOVE, NULL);
	say("mremap grow of the merged area: %s, kept %s", outcome((long)q),
	    yesno(q != MAP_FAILED && filled(q, 3)));
	if (q == MAP_FAILED)
		q = p;
	say("munmap the middle: %s", outcome(munmap(q + PG, PG)));
	say("mremap grow across the hole: %s", outcome((long)remap(q, 3 * PG, 4 * PG, MREMAP_MAYMOVE, NULL)));
	munmap(q, 4 * PG);
}

/* brk never grows into a mapping, and may grow up to the page below it.
 * Every call first, the printing after (printf may move the break). */
static void brk_next_to_mapping(void)
{
	uintptr_t cur = (uintptr_t)sys(SYS_brk, 0, 0, 0, 0, 0);
	uintptr_t top = (cur + PG - 1) & ~(uintptr_t)(PG - 1);
	char *m = mmap((void *)(top + 2 * PG), PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	uintptr_t into = (uintptr_t)sys(SYS_brk, (long)(cur + 3 * PG), 0, 0, 0, 0);
	uintptr_t below = (uintptr_t)sys(SYS_brk, (long)(cur + PG), 0, 0, 0, 0);
	int heap_ok = 0;
	if (below == cur + PG) {
		((volatile char *)cur)[PG - 1] = 1;
		heap_ok = 1;
	}
	m[0] = 'm';
	uintptr_t back = (uintptr_t)sys(SYS_brk, (long)cur, 0, 0, 0, 0);
	int kept = m[0] == 'm';
	munmap(m, PG);
	say("brk beside a mapping: mapped %s, into it refused %s, up to the page below %s, "
	    "back %s, the mapping kept %s", yesno(m != MAP_FAILED), yesno(into == cur),
	    yesno(heap_ok), yesno(back == cur), yesno(kept));
}

int main(void)
{
	diff_start("mmap2");
	diff_clean(DIR);
	if (mkdir(DIR, 0700) != 0)
		say("mkdir: %s", errname(errno));
	mremap_sizes();
	mremap_fixed();
	mremap_errors();
	madvise_tests();
	mincore_tests();
	split_merge();
	brk_next_to_mapping();
	diff_clean(DIR);
	return 0;
}
