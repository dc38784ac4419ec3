/*
 * t_vdso: the vDSO as unmodified glibc and musl use it (docs/vdso.md),
 * built static against each (user/vdso/vdso.mk) and run on anvil by
 * tests/groups/vdso.py as /bin/t_vdso.LIBC MODE, where MODE is what the
 * kernel was told: "tsc" (the vDSO reads the clock itself) or "syscall"
 * (tsc=unstable: it falls back to the system calls).  TAP output.
 *
 * - the auxiliary vector's AT_SYSINFO_EHDR is an ELF shared object whose
 *   dynamic symbols and version definitions name every function under
 *   LINUX_2.6, found as a dynamic linker would (a dlvsym of our own);
 * - calls through those pointers agree with the system calls: each
 *   system call's time lies between two vDSO times taken around it;
 * - the C library's clock_gettime, gettimeofday and time, called many
 *   times, go back never, and make no system call (or, in "syscall"
 *   mode, exactly one each for the TSC clocks): the counts are
 *   /proc/self/status's VdsoSyscalls: line (anvil's own, kernel/vdso.h);
 * - the vvar page, read in a tight loop while the tick rewrites it, never
 *   gives a torn set of numbers (the same seqlock reader as the vDSO's).
 * Nothing printed depends on time or addresses.
 */
#include <elf.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>
#include <sched.h>
#include "arch/x86_64/vdso/vvar.h"

/* How many calls of libc's clock_gettime(CLOCK_MONOTONIC): the issue's
 * million.  Under TCG one takes about 0.2 us (rdtsc is a helper call),
 * so the loop is a fraction of a second even on a loaded machine; and it
 * spans many ticks, so a system call per call, or one per tick, could
 * not hide.  The other functions get CALLS_OTHER each. */
#define CALLS		1000000
#define CALLS_OTHER	20000
#define TORN_UPDATES	50	/* vvar updates (ticks) the torn-read loop must see */

static int checks, failures;
#define ok tap_ok

/* One TAP line per call of the ok macro (tests/testlib.py tap_checks reads
 * the calls' descriptions from this file). */
static void tap_ok(bool pass, const char *desc)
{
	checks++;
	failures += !pass;
	printf("%s %d - %s\n", pass ? "ok" : "not ok", checks, desc);
}

/* ---- the dlvsym of our own ---------------------------------------- */

static const Elf64_Sym *symtab;
static const char *strtab;
static const Elf64_Half *versym;
static const Elf64_Verdef *verdef;
static uint32_t nsyms;
static uintptr_t load_bias;

static bool dso_open(uintptr_t base)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)base;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_type != ET_DYN)
		return false;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(base + eh->e_phoff);
	const Elf64_Dyn *dyn = NULL;
	bool have_load = false;
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && !have_load) {
			load_bias = base + ph[i].p_offset - ph[i].p_vaddr;
			have_load = true;
		}
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = (const Elf64_Dyn *)(base + ph[i].p_offset);
	}
	if (!have_load || !dyn)
		return false;
	const uint32_t *hash = NULL;
	for (; dyn->d_tag != DT_NULL; dyn++) {
		uintptr_t a = load_bias + dyn->d_un.d_ptr;
		switch (dyn->d_tag) {
		case DT_SYMTAB: symtab = (const Elf64_Sym *)a; break;
		case DT_STRTAB: strtab = (const char *)a; break;
		case DT_HASH: hash = (const uint32_t *)a; break;
		case DT_VERSYM: versym = (const Elf64_Half *)a; break;
		case DT_VERDEF: verdef = (const Elf64_Verdef *)a; break;
		}
	}
	if (!symtab || !strtab || !hash || !versym || !verdef)
		return false;
	nsyms = hash[1];	/* nchain: one per symbol */
	return true;
}

/* The version name of version index idx (the verdef chain). */
static const char *version_name(unsigned idx)
{
	const Elf64_Verdef *d = verdef;
	for (;;) {
		if ((d->vd_ndx & 0x7fff) == idx && !(d->vd_flags & VER_FLG_BASE)) {
			const Elf64_Verdaux *aux = (const Elf64_Verdaux *)((const char *)d + d->vd_aux);
			return strtab + aux->vda_name;
		}
		if (!d->vd_next)
			return NULL;
		d = (const Elf64_Verdef *)((const char *)d + d->vd_next);
	}
}

static void *dso_vsym(const char *name, const char *version)
{
	for (uint32_t i = 1; i < nsyms; i++) {
		const Elf64_Sym *s = &symtab[i];
		if (strcmp(strtab + s->st_name, name) || s->st_shndx == SHN_UNDEF ||
		    ELF64_ST_TYPE(s->st_info) != STT_FUNC)
			continue;
		const char *v = version_name(versym[i] & 0x7fff);
		if (v && strcmp(v, version) == 0)
			return (void *)(load_bias + s->st_value);
	}
	return NULL;
}

/* ---- the counter --------------------------------------------------- */

enum { N_CLOCK_GETTIME, N_GETTIMEOFDAY, N_TIME, N_CLOCK_GETRES, N_GETCPU, N_CALLS };

/* VdsoSyscalls: from /proc/self/status (open/read/close: no clock calls). */
static bool counts(unsigned long c[N_CALLS])
{
	static char buf[8192];
	int fd = open("/proc/self/status", O_RDONLY);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = 0;
	const char *l = strstr(buf, "\nVdsoSyscalls:\t");
	return l && sscanf(l, "\nVdsoSyscalls:\tclock_gettime %lu gettimeofday %lu time %lu "
			   "clock_getres %lu getcpu %lu", &c[0], &c[1], &c[2], &c[3], &c[4]) == 5;
}

static long long ns_of(const struct timespec *t)
{
	return t->tv_sec * 1000000000LL + t->tv_nsec;
}

/* ---- the checks ---------------------------------------------------- */

typedef int (*cgt_fn)(clockid_t, struct timespec *);
static const clockid_t CLOCKS[] = { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW,
				    CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME };
#define NCLOCKS (sizeof(CLOCKS) / sizeof(CLOCKS[0]))

/* vdso(before) <= system call <= vdso(after), for every clock. */
static bool sandwich(cgt_fn vcgt)
{
	bool good = true;
	for (unsigned i = 0; i < NCLOCKS; i++) {
		struct timespec a, s, b;
		if (vcgt(CLOCKS[i], &a) || syscall(SYS_clock_gettime, CLOCKS[i], &s) ||
		    vcgt(CLOCKS[i], &b) || !(ns_of(&a) <= ns_of(&s) && ns_of(&s) <= ns_of(&b))) {
			printf("# clock %d: vdso, system call, vdso not in order\n", (int)CLOCKS[i]);
			good = false;
		}
	}
	return good;
}

/* CALLS of libc's clock_gettime(clock): never back; the number of
 * clock_gettime system calls they made into *made. */
static bool libc_loop(clockid_t clock, int calls, unsigned long *made)
{
	unsigned long before[N_CALLS], after[N_CALLS];
	*made = ~0UL;
	if (!counts(before))
		return false;
	struct timespec prev = { 0, 0 }, t;
	bool forward = true;
	for (int i = 0; i < calls; i++) {
		if (clock_gettime(clock, &t) != 0)
			forward = false;
		if (ns_of(&t) < ns_of(&prev))
			forward = false;
		prev = t;
	}
	if (!counts(after))
		return false;
	*made = after[N_CLOCK_GETTIME] - before[N_CLOCK_GETTIME];
	return forward;
}

/* The torn-read test: read the vvar page as the vDSO does (seqlock) in a
 * tight loop while the tick rewrites it, and check every consistent
 * snapshot against the one before: the bases are normalised and never go
 * back, realtime - monotonic never changes, and while mult is the same,
 * the new base is the old one moved along the line by exactly
 * (tsc_base' - tsc_base) * mult.  A snapshot mixing two updates breaks
 * that equation. */
struct snap {
	uint32_t seq;
	uint64_t tsc_base, mult;
	struct vclock_base base[VCLOCK_BASES];
};

static void take(const struct vvar *v, struct snap *s)
{
	uint32_t seq;
	do {
		seq = vvar_read_begin(v);
		s->seq = seq;
		s->tsc_base = v->tsc_base;
		s->mult = v->mult;
		s->base[0] = v->base[0];
		s->base[1] = v->base[1];
	} while (vvar_read_retry(v, seq));
}

static unsigned __int128 shifted(const struct vclock_base *b)
{
	return ((unsigned __int128)(uint64_t)b->sec * VCLOCK_NSEC_PER_SEC << VCLOCK_SHIFT) + b->snsec;
}

static bool torn_check(const struct vvar *v, int *updates)
{
	struct snap old, s;
	take(v, &old);
	*updates = 0;
	for (long spins = 0; *updates < TORN_UPDATES && spins < 2000000000L; spins++) {
		take(v, &s);
		if (s.seq == old.seq)
			continue;
		if (s.seq & 1)
			return false;
		for (int b = 0; b < VCLOCK_BASES; b++)
			if (s.base[b].snsec >= (VCLOCK_NSEC_PER_SEC << VCLOCK_SHIFT))
				return false;
		unsigned __int128 m0 = shifted(&old.base[0]), m1 = shifted(&s.base[0]);
		unsigned __int128 r0 = shifted(&old.base[1]), r1 = shifted(&s.base[1]);
		if (s.tsc_base < old.tsc_base || m1 < m0 || r1 - m1 != r0 - m0)
			return false;
		if (s.mult == old.mult &&
		    m1 - m0 != (unsigned __int128)(s.tsc_base - old.tsc_base) * s.mult)
			return false;
		old = s;
		++*updates;
	}
	return true;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	bool tsc_mode = argc > 1 && strcmp(argv[1], "tsc") == 0;
	uintptr_t base = getauxval(AT_SYSINFO_EHDR);
	ok(base != 0 && base % 4096 == 0, "AT_SYSINFO_EHDR is a page address");
	if (!base)
		return 1;
	ok(dso_open(base), "an ELF shared object with dynamic symbols, hash and versions");

	static const char *const names[] = {
		"__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_time", "__vdso_getcpu",
		"__vdso_clock_getres", "clock_gettime", "gettimeofday", "time", "getcpu",
		"clock_getres",
	};
	bool all = true;
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!dso_vsym(names[i], "LINUX_2.6")) {
			printf("# %s@LINUX_2.6 not found\n", names[i]);
			all = false;
		}
	ok(all, "every symbol found under LINUX_2.6");
	ok(!dso_vsym("__vdso_clock_gettime", "LINUX_2.5"), "no symbol under another version");
	cgt_fn vcgt = (cgt_fn)dso_vsym("__vdso_clock_gettime", "LINUX_2.6");
	if (!vcgt)
		return 1;
	ok(vcgt == (cgt_fn)dso_vsym("clock_gettime", "LINUX_2.6"), "clock_gettime is __vdso_clock_gettime");

	const struct vvar *v = (const struct vvar *)(base - 4096);
	ok(v->clock_mode == (tsc_mode ? VCLOCK_TSC : VCLOCK_NONE), "vvar's clock mode is the kernel's choice");
	ok(v->tsc_clock[VCLOCK_MONO] == (tsc_mode ? CLOCK_MONOTONIC : VCLOCK_NO_CLOCK) &&
	   v->tsc_clock[VCLOCK_REAL] == (tsc_mode ? CLOCK_REALTIME : VCLOCK_NO_CLOCK),
	   "vvar's fast clocks follow the clock mode");

	unsigned long c0[N_CALLS], c1[N_CALLS];
	bool counted = counts(c0);
	ok(counted, "/proc/self/status has VdsoSyscalls:");
	ok(sandwich(vcgt), "every clock: vdso <= system call <= vdso");
	counted = counts(c1);
	ok(counted && c1[N_CLOCK_GETTIME] - c0[N_CLOCK_GETTIME] ==
	   NCLOCKS + (tsc_mode ? 0 : 2 * 4), "the counter counts clock_gettime system calls");

	struct timespec ts;
	int (*vgtod)(struct timeval *, struct timezone *) =
		(int (*)(struct timeval *, struct timezone *))dso_vsym("__vdso_gettimeofday", "LINUX_2.6");
	long (*vtime)(long *) = (long (*)(long *))dso_vsym("__vdso_time", "LINUX_2.6");
	int (*vres)(clockid_t, struct timespec *) =
		(int (*)(clockid_t, struct timespec *))dso_vsym("__vdso_clock_getres", "LINUX_2.6");
	int (*vcpu)(unsigned *, unsigned *, void *) =
		(int (*)(unsigned *, unsigned *, void *))dso_vsym("__vdso_getcpu", "LINUX_2.6");
	struct timeval tv1, tv2;
	struct timezone tz = { 1, 1 };
	long s0 = vtime(NULL);
	bool g = vgtod(&tv1, &tz) == 0 && syscall(SYS_gettimeofday, &tv2, NULL) == 0 &&
		 (tv1.tv_sec < tv2.tv_sec || (tv1.tv_sec == tv2.tv_sec && tv1.tv_usec <= tv2.tv_usec)) &&
		 tz.tz_minuteswest == 0 && tz.tz_dsttime == 0;
	ok(g, "gettimeofday: vdso <= system call, UTC");
	long t1, s1 = vtime(&t1), s2 = syscall(SYS_time, NULL);
	ok(s0 <= s1 && s1 == t1 && s1 <= s2 && s1 <= tv2.tv_sec + 1, "time: vdso <= system call");
	struct timespec r1, r2;
	bool res = true;
	for (unsigned i = 0; i < NCLOCKS; i++)
		res &= vres(CLOCKS[i], &r1) == 0 && syscall(SYS_clock_getres, CLOCKS[i], &r2) == 0 &&
		       r1.tv_sec == r2.tv_sec && r1.tv_nsec == r2.tv_nsec;
	ok(res, "clock_getres: vdso == system call, every clock");
	long sr = syscall(SYS_clock_gettime, CLOCK_PROCESS_CPUTIME_ID, &ts);
	sr = sr == -1 ? -errno : sr;	/* the vDSO returns the raw -errno, as Linux's */
	ok(vcgt(CLOCK_PROCESS_CPUTIME_ID, &ts) == sr && vcgt(42, &ts) == -EINVAL,
	   "other clocks: the system call's answer");
	unsigned cpu = 7, node = 7, scpu = 9, snode = 9;
	ok(vcpu(&cpu, &node, NULL) == 0 && syscall(SYS_getcpu, &scpu, &snode, NULL) == 0 &&
	   cpu == scpu && node == snode, "getcpu: vdso == system call");
	counts(c0);
	for (int i = 0; i < CALLS_OTHER; i++)
		vcpu(&cpu, &node, NULL);
	counts(c1);
	ok(c1[N_GETCPU] - c0[N_GETCPU] == (v->getcpu_mode == VGETCPU_SYSCALL ? CALLS_OTHER : 0),
	   "getcpu: a system call only without rdpid and rdtscp");

	/* The C library's own functions, as programs call them. */
	unsigned long made;
	/* A million system calls would take a minute under TCG: the
	 * fallback mode makes CALLS_OTHER. */
	int calls = tsc_mode ? CALLS : CALLS_OTHER;
	bool fwd = libc_loop(CLOCK_MONOTONIC, calls, &made);
	ok(fwd, "libc clock_gettime(CLOCK_MONOTONIC): never back");
	ok(made == (tsc_mode ? 0 : (unsigned long)calls),
	   "libc clock_gettime(CLOCK_MONOTONIC): system calls as the mode says");
	bool all_fwd = true, all_made = true;
	for (unsigned i = 0; i < NCLOCKS; i++) {
		all_fwd &= libc_loop(CLOCKS[i], CALLS_OTHER, &made);
		bool coarse = CLOCKS[i] == CLOCK_REALTIME_COARSE || CLOCKS[i] == CLOCK_MONOTONIC_COARSE;
		if (made != (tsc_mode || coarse ? 0 : CALLS_OTHER)) {
			printf("# clock %d: %lu system calls\n", (int)CLOCKS[i], made);
			all_made = false;
		}
	}
	ok(all_fwd, "libc clock_gettime, every clock: never back");
	ok(all_made, "libc clock_gettime, every clock: system calls as the mode says");
	counts(c0);
	bool gfwd = true;
	struct timeval prev = { 0, 0 };
	for (int i = 0; i < CALLS_OTHER; i++) {
		gettimeofday(&tv1, NULL);
		gfwd &= tv1.tv_sec > prev.tv_sec || (tv1.tv_sec == prev.tv_sec && tv1.tv_usec >= prev.tv_usec);
		prev = tv1;
	}
	time_t tprev = 0;
	for (int i = 0; i < CALLS_OTHER; i++) {
		time_t now = time(NULL);
		gfwd &= now >= tprev;
		tprev = now;
	}
	counts(c1);
	ok(gfwd, "libc gettimeofday and time: never back");
	/* musl's gettimeofday and time are its clock_gettime; glibc's call
	 * the vDSO's own. */
	unsigned long tcalls = (c1[N_CLOCK_GETTIME] - c0[N_CLOCK_GETTIME]) +
			       (c1[N_GETTIMEOFDAY] - c0[N_GETTIMEOFDAY]) + (c1[N_TIME] - c0[N_TIME]);
	ok(tcalls <= (tsc_mode ? 0 : 2 * CALLS_OTHER), "libc gettimeofday and time: system calls as the mode says");

	int updates;
	bool intact = torn_check(v, &updates);
	ok(intact && updates == TORN_UPDATES, "vvar read during updates: never torn");

	printf("1..%d\n", checks);
	return failures != 0;
}
