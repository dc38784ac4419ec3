/*
 * fuzz SEED [CALLS] - a ring-3 system call fuzzer in the spirit of trinity
 * and syzkaller, scaled to anvil.
 *
 * From SEED it draws CALLS random system calls (default 20000): numbers
 * from the implemented set, out of range and negative, through SYSCALL and
 * through `int $0x80`, with arguments mixing small integers, boundary values
 * (0, -1, 2^63, 2^64-1), kernel-half and non-canonical addresses, unmapped
 * and mapped user pages, pointers straddling the end of a mapping, and huge
 * lengths.  It checks every answer is sane (a known errno, or a plausible
 * result) and prints one line:
 *
 *	fuzz: seed 1 calls 20000 insane 0 hash 8c3f0e91d2a4b7c5
 *
 * The same seed must give the same line: results that legitimately vary
 * (the pid, the time) enter the hash only as "succeeded".
 *
 * What it avoids, and why: exit and exit_group (they would end the fuzzer
 * on purpose); file descriptors 1 and 2 (random bytes on the console would
 * bury the log, and closing them would lose the result line); it closes
 * fd 0 first so a read cannot block waiting for a key; and it gives
 * nanosleep a zero or short sleep when its pointer is valid (each sleep
 * that is not zero lasts a timer tick or two).  Everything else, the
 * kernel must survive.
 *
 * The files open(O_CREAT) makes: the fuzzer works in a tmpfs of its own,
 * mounted on /tmp/fuzz, its cwd, and unmounted at the end, so what it
 * made goes with it and the memory figures of a torture run come back;
 * an absolute path loses O_CREAT, so nothing is made outside.
 */
#include "lib/ulib.h"

#define KERNEL_ADDR	0xffffffff80100000UL
#define NONCANONICAL	0x0000800000000000UL
#define UNMAPPED	0x0000100000000000UL
#define PAGE		4096UL

/* The i386 numbers of the calls anvil implements (syscall_32.tbl). */
#define SYS32_read		3
#define SYS32_open		5
#define SYS32_close		6
#define SYS32_brk		45
#define SYS32_uname		122
#define SYS32_writev		146
#define SYS32_sched_yield	158
#define SYS32_nanosleep		162
#define SYS32_clock_gettime	265
#define SYS32_getrandom		355

static unsigned long rng_state;

/* xorshift64*: small, fast, and the same sequence on every kernel. */
static unsigned long rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dUL;
}

/*
 * The arena the pointer pool points into: the first two pages of the heap
 * (brk).  The page after them is not part of the heap, so a buffer that
 * runs past heap_end runs off its mapping.  Nothing of the fuzzer's own
 * (its random state, its hash) lies where the kernel may write: a
 * getrandom() into a static array once overwrote the variables after it
 * and made two runs of one seed differ.
 */
#define ARENA_SIZE	(2 * PAGE)
static unsigned char *arena;
static unsigned long heap_end;

/* A fixed pattern in the arena, put back after any call that may leave
 * bytes that vary from run to run (getrandom, clock_gettime) or that
 * moved the heap (brk): later calls read the arena (writev's vectors,
 * open's path, nanosleep's time), so its contents must repeat. */
static void arena_reset(void)
{
	syscall1(SYS_brk, (long)heap_end);
	for (unsigned long k = 0; k < ARENA_SIZE; k++)
		arena[k] = (unsigned char)(k * 131 + 7);
}

static long pointer(void)
{
	switch (rnd() % 10) {
	case 0: return 0;
	case 1: return (long)KERNEL_ADDR + (long)(rnd() % 0x100000);
	case 2: return (long)NONCANONICAL + (long)(rnd() % 0x1000);
	case 3: return (long)UNMAPPED;
	case 4: return (long)(heap_end - 1 - rnd() % 16);	/* straddles the heap's end */
	case 5: return -1L;
	case 6: return (long)(arena + PAGE - 1 - rnd() % 32);	/* across its two pages */
	default: return (long)(arena + rnd() % ARENA_SIZE);
	}
}

static long length(void)
{
	switch (rnd() % 8) {
	case 0: return 0;
	case 1: return -1L;
	case 2: return 1L << 62;
	case 3: return (long)(rnd() % 64);
	case 4: return (long)(rnd() % (3 * PAGE));
	default: return (long)(rnd() % 256);
	}
}

static long fd(void)
{
	static const long pool[] = { 0, 3, 4, 5, 7, 63, 64, 1000, -1, 1L << 40 };
	return pool[rnd() % (sizeof(pool) / sizeof(pool[0]))];
}

static long integer(void)
{
	static const long boundary[] = { 0, 1, -1, 1L << 63, (long)~0UL, 0x7fffffff,
					 0x80000000L, 0x1002, 0x1003, 1, 2 };
	if (rnd() % 2)
		return boundary[rnd() % (sizeof(boundary) / sizeof(boundary[0]))];
	return (long)(rnd() % 0x2000);
}

struct call {
	long nr64, nr32;	/* -1: none on that path */
	long (*args[3])(void);
	int varying;		/* the successful result varies from run to run */
};

static const struct call calls[] = {
	{ SYS_read, SYS32_read, { fd, pointer, length }, 0 },
	{ SYS_write, SYS32_write, { fd, pointer, length }, 0 },
	{ SYS_open, SYS32_open, { pointer, integer, integer }, 0 },
	{ SYS_close, SYS32_close, { fd, 0, 0 }, 0 },
	{ SYS_brk, SYS32_brk, { pointer, 0, 0 }, 0 },
	{ SYS_writev, SYS32_writev, { fd, pointer, integer }, 0 },
	{ SYS_sched_yield, SYS32_sched_yield, { 0, 0, 0 }, 0 },
	{ SYS_nanosleep, SYS32_nanosleep, { pointer, pointer, 0 }, 0 },
	{ SYS_getpid, SYS32_getpid, { 0, 0, 0 }, 1 },
	{ SYS_uname, SYS32_uname, { pointer, 0, 0 }, 0 },
	{ SYS_arch_prctl, -1, { integer, pointer, 0 }, 0 },
	{ SYS_clock_gettime, SYS32_clock_gettime, { integer, pointer, 0 }, 0 },
	{ SYS_getrandom, SYS32_getrandom, { pointer, length, integer }, 0 },
};
#define NCALLS (sizeof(calls) / sizeof(calls[0]))

static int known_errno(long r)
{
	switch (-r) {
	case EPERM: case ENOENT: case EINTR: case EIO: case EBADF: case EAGAIN:
	case ENOMEM: case EFAULT: case EINVAL: case ENOSYS:
	/* What open() of a random path and flags may say. */
	case EEXIST: case ENOTDIR: case EISDIR: case EMFILE: case ENOTTY: case ENOSPC:
	case ESPIPE: case ENAMETOOLONG: case ELOOP: case EOPNOTSUPP: case EACCES:
		return 1;
	}
	return 0;
}

static unsigned long hash = 0xcbf29ce484222325UL;	/* FNV-1a */

static void mix(unsigned long v)
{
	for (int i = 0; i < 8; i++) {
		hash ^= (v >> (8 * i)) & 0xff;
		hash *= 0x100000001b3UL;
	}
}

#define SANDBOX	"/tmp/fuzz"

/* A tmpfs of its own as the cwd: 0, or the errno that stopped it. */
static long sandbox_enter(void)
{
	long r = syscall2(SYS_mkdir, (long)SANDBOX, 0755);
	if (r && r != -EEXIST)
		return r;
	r = syscall5(SYS_mount, (long)"fuzz", (long)SANDBOX, (long)"tmpfs", 0, (long)"size=1m");
	return r ? r : syscall1(SYS_chdir, (long)SANDBOX);
}

/* Close what the calls opened, leave, and unmount it (freeing it all). */
static long sandbox_leave(void)
{
	for (long fd = 0; fd < 1024; fd++) {
		if (fd == 1 || fd == 2)
			continue;
		syscall1(SYS_close, fd);
	}
	syscall1(SYS_chdir, (long)"/");
	long r = syscall2(SYS_umount2, (long)SANDBOX, 0);
	syscall1(SYS_rmdir, (long)SANDBOX);
	return r;
}

/* open's flags without O_CREAT (0100) for a path that starts with '/'. */
static void contain_open(long *a)
{
	if ((unsigned long)a[0] - (unsigned long)arena < ARENA_SIZE && arena[a[0] - (long)arena] == '/')
		a[1] &= ~0100L;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		uprintf("usage: fuzz SEED [CALLS]\n");
		return 2;
	}
	long seed = parse_ulong(argv[1]);
	long total = argc > 2 ? parse_ulong(argv[2]) : 20000;
	rng_state = (unsigned long)seed * 0x9e3779b97f4a7c15UL + 1;
	arena = (unsigned char *)syscall1(SYS_brk, 0);
	heap_end = (unsigned long)syscall1(SYS_brk, (long)(arena + ARENA_SIZE));
	if (heap_end != (unsigned long)arena + ARENA_SIZE) {
		uprintf("fuzz: brk cannot give the arena\n");
		return 2;
	}
	arena_reset();
	syscall1(SYS_close, 0);		/* so no read can wait for a key */
	long err = sandbox_enter();
	if (err) {
		uprintf("fuzz: cannot mount a tmpfs on %s (error %ld)\n", SANDBOX, -err);
		return 2;
	}

	long insane = 0;
	for (long i = 0; i < total; i++) {
		int via_int80 = rnd() % 4 == 0;
		unsigned kind = rnd() % 16;
		long nr, a[3] = { 0, 0, 0 };
		const struct call *c = NULL;
		if (kind < 12) {
			c = &calls[rnd() % NCALLS];
			for (int k = 0; k < 3; k++)
				a[k] = c->args[k] ? c->args[k]() : integer();
			nr = via_int80 ? c->nr32 : c->nr64;
			if (nr < 0)
				nr = 384 + (long)(rnd() % 8);	/* nothing there on i386 */
		} else {
			static const long odd[] = { 999, 4096, -1, -100, 1L << 32, 1L << 62, 600, 500 };
			nr = odd[rnd() % 8];
			for (int k = 0; k < 3; k++)
				a[k] = integer();
		}
		/* Measured from the arena's start, so a pointer such as -1 cannot
		 * wrap round the end of the address space and pass the test. */
		if (c && c->nr64 == SYS_nanosleep &&
		    (unsigned long)a[0] - (unsigned long)arena <= ARENA_SIZE - 16) {
			/* Mostly zero (returns at once); now and then up to 1 ms,
			 * which anvil rounds up to a tick or two. */
			struct timespec t = { 0, rnd() % 32 ? 0 : (long)(rnd() % 1000000) };
			memcpy((void *)a[0], &t, sizeof(t));
		}
		if (c && c->nr64 == SYS_open)
			contain_open(a);
		/* Dirty upper halves: int $0x80 must read only the low 32 bits. */
		if (via_int80)
			for (int k = 0; k < 3; k++)
				a[k] = (long)((unsigned long)a[k] | (rnd() % 2 ? 0xdead000000000000UL : 0));

		long r = via_int80 ? int80_syscall3(nr, a[0], a[1], a[2])
				   : syscall3(nr, a[0], a[1], a[2]);

		int sane = r >= 0 || known_errno(r);
		if (!c && !via_int80 && r != -ENOSYS)
			sane = 0;			/* an unknown 64-bit number */
		if (c && (c->nr64 == SYS_write || c->nr64 == SYS_read) && r > 0 &&
		    (unsigned long)r > (unsigned long)a[2] && !via_int80)
			sane = 0;			/* more bytes than asked for */
		if (!sane) {
			if (insane < 10)
				uprintf("fuzz: insane result %ld for call %ld (%lx, %lx, %lx)%s\n", r, nr,
					a[0], a[1], a[2], via_int80 ? " via int $0x80" : "");
			insane++;
		}
		if (c && (c->nr64 == SYS_getrandom || c->nr64 == SYS_clock_gettime ||
			  c->nr64 == SYS_brk))
			arena_reset();
		mix((unsigned long)nr);
		mix(r < 0 || !c || !c->varying ? (unsigned long)r : 1);
	}
	uprintf("fuzz: seed %ld calls %ld insane %ld hash %016lx\n", seed, total, insane, hash);
	if ((err = sandbox_leave()) != 0) {
		uprintf("fuzz: cannot unmount %s (error %ld)\n", SANDBOX, -err);
		return 1;
	}
	return insane ? 1 : 0;
}
