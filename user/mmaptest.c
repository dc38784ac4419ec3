/*
 * mmaptest - what mmap must never do wrong over many calls: leak a frame,
 * free one twice (the kernel's frame allocator panics on that, ending the
 * boot), or let a mapping outlive its munmap.  Each cycle maps anonymous
 * private, anonymous shared and file-backed private and shared memory,
 * touches it, forks a child that writes to all of it (copy-on-write and
 * shared pages both), splits the areas with mprotect and munmap, shrinks
 * and unlinks the file while it is mapped, and unmaps everything; after
 * 10,000 cycles the free memory sysinfo reports must be what it was.
 * Also MAP_GROWSDOWN, which anvil refuses (EINVAL) and Linux accepts.
 * TAP on fd 1, exit 0 if all passed; runs on Linux too, where the memory
 * comparison is skipped (a shared machine's free memory moves).
 *
 * Needs: mmap, munmap, mprotect, fork, wait4, open, ftruncate, unlink,
 * sysinfo, uname.
 */
#include "lib/ulib.h"

#define PAGE	4096
#define CYCLES	10000
#define SLACK	(64 * 1024UL)	/* kernel heap pages kept for reuse, not leaks */

static const char FILE_NAME[] = "/tmp/mmaptest.file";

static int on_anvil(void)
{
	struct { char f[6][65]; } uts;
	return syscall1(SYS_uname, (long)&uts) == 0 && strcmp(uts.f[0], "anvil") == 0;
}

/* struct sysinfo's freeram * mem_unit (Linux include/uapi/linux/sysinfo.h:
 * freeram at byte 40, mem_unit at 104). */
static unsigned long free_bytes(void)
{
	unsigned long buf[16] = { 0 };
	if (syscall1(SYS_sysinfo, (long)buf) != 0)
		return 0;
	return buf[5] * *(unsigned *)((char *)buf + 104);
}

static int wait_ok(long pid)
{
	int st = 0;
	return pid > 0 && wait4(pid, &st, 0, NULL) == pid && st == 0;
}

/* One cycle; 0 when something went wrong. */
static int cycle(int fd)
{
	char *a = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *s = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	char *fp = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char *fs = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (mmap_failed(a) || mmap_failed(s) || mmap_failed(fp) || mmap_failed(fs))
		return 0;
	for (int i = 0; i < 4; i++)
		a[i * PAGE] = 'a';
	s[0] = fs[0] = 's';
	(void)*(volatile char *)fp;			/* the file's page, read-only */
	fp[PAGE] = 'p';					/* a private copy */
	long pid = fork();
	if (pid == 0) {
		a[0] = s[PAGE] = fp[0] = fs[PAGE] = 'c';
		exit(a[PAGE] == 'a' && s[0] == 's' ? 0 : 1);
	}
	if (!wait_ok(pid) || a[0] != 'a' || s[PAGE] != 'c' || fs[PAGE] != 'c')
		return 0;
	if (mprotect(a + PAGE, PAGE, PROT_NONE) || munmap(a + 2 * PAGE, PAGE) ||
	    mprotect(a + PAGE, PAGE, PROT_READ))
		return 0;
	return munmap(a, 4 * PAGE) == 0 && munmap(s, 2 * PAGE) == 0 &&
	       munmap(fp, 2 * PAGE) == 0 && munmap(fs, 2 * PAGE) == 0;
}

/* A file mapped shared, faulted in, then shrunk, closed and unlinked
 * while still mapped: the mapping's page outlives the file's. */
static int orphaned_file(void)
{
	int fd = (int)syscall3(SYS_open, (long)FILE_NAME, O_RDWR | 0100 /* O_CREAT */, 0600);
	if (fd < 0 || syscall2(SYS_ftruncate, fd, 2 * PAGE) != 0)
		return 0;
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (mmap_failed(p))
		return 0;
	p[0] = p[PAGE] = 'x';
	syscall2(SYS_ftruncate, fd, 0);
	close(fd);
	syscall1(SYS_unlink, (long)FILE_NAME);
	return munmap(p, 2 * PAGE) == 0;
}

int main(void)
{
	tap_start();
	int anvil = on_anvil();

	void *g = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0);
	if (!anvil)
		tap_skip_next("Linux supports MAP_GROWSDOWN");
	ok(g == (void *)(long)-EINVAL, "MAP_GROWSDOWN is refused with EINVAL");

	int fd = (int)syscall3(SYS_open, (long)FILE_NAME, O_RDWR | 0100 /* O_CREAT */, 0600);
	ok(fd >= 0 && syscall2(SYS_ftruncate, fd, 2 * PAGE) == 0, "a two-page file in /tmp");
	syscall1(SYS_unlink, (long)FILE_NAME);	/* it lives on while open */

	ok(cycle(fd), "a first cycle of every kind of mapping");
	unsigned long before = free_bytes();
	int good = 1;
	/* Fewer on the host, where the memory is not compared: a loaded
	 * Linux takes far longer over 10,000 forks than anvil does. */
	int cycles = anvil ? CYCLES : CYCLES / 50;
	for (int i = 0; i < cycles && good; i++)
		good = cycle(fd);
	ok(good, "10000 cycles of mmap, fork, mprotect and munmap (200 on Linux)");
	unsigned long after = free_bytes();
	if (!anvil)
		tap_skip_next("the host's free memory moves with everything else it runs");
	ok(before && after + SLACK >= before, "no memory lost over the cycles (sysinfo)");
	if (anvil && after + SLACK < before)
		uprintf("# %lu bytes free before, %lu after\n", before, after);
	close(fd);

	ok(orphaned_file(), "a mapping outlives its file's truncation and unlink");
	return tap_done();
}
