/*
 * The vDSO row (docs/vdso.md): clock_gettime(CLOCK_MONOTONIC) through the
 * vDSO's __vdso_clock_gettime, found and called the way the C libraries
 * do it: AT_SYSINFO_EHDR, the program headers to PT_DYNAMIC, the symbol
 * and string tables from it, then an indirect call through the pointer
 * (glibc's GLRO(dl_vdso_clock_gettime64), musl's cgt pointer).  The
 * libraries' own wrappers add a few instructions around the call (the
 * pointer load, a test, the result check); this row measures the call
 * itself, on both kernels, and the clock_gettime_musl and
 * clock_gettime_glibc rows the same call through each library's own
 * clock_gettime (libc.c).
 */
#include "bench.h"

/* ELF-64 (the parts a lookup needs). */
struct ehdr {
	unsigned char ident[16];
	unsigned short type, machine;
	unsigned version;
	unsigned long entry, phoff, shoff;
	unsigned flags;
	unsigned short ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct phdr {
	unsigned type, flags;
	unsigned long offset, vaddr, paddr, filesz, memsz, align;
};
struct dyn {
	long tag;
	unsigned long val;
};
struct sym {
	unsigned name;
	unsigned char info, other;
	unsigned short shndx;
	unsigned long value, size;
};

#define AT_SYSINFO_EHDR	33
#define PT_LOAD		1
#define PT_DYNAMIC	2
#define DT_HASH		4
#define DT_STRTAB	5
#define DT_SYMTAB	6

typedef int (*cgt_fn)(int, struct timespec *);

static cgt_fn vdso_cgt;
static struct timespec vts;

static int same(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* The address of the vDSO's symbol name, or 0. */
static unsigned long vdso_sym(const char *name)
{
	unsigned long base = getauxval(AT_SYSINFO_EHDR), bias = 0;
	if (!base)
		return 0;
	const struct ehdr *eh = (const struct ehdr *)base;
	const struct phdr *ph = (const struct phdr *)(base + eh->phoff);
	const struct dyn *d = 0;
	for (int i = 0; i < eh->phnum; i++) {
		if (ph[i].type == PT_LOAD && !bias)
			bias = base + ph[i].offset - ph[i].vaddr;
		if (ph[i].type == PT_DYNAMIC)
			d = (const struct dyn *)(base + ph[i].offset);
	}
	const struct sym *syms = 0;
	const char *strs = 0;
	const unsigned *hash = 0;
	for (; d && d->tag; d++) {
		if (d->tag == DT_SYMTAB)
			syms = (const struct sym *)(bias + d->val);
		if (d->tag == DT_STRTAB)
			strs = (const char *)(bias + d->val);
		if (d->tag == DT_HASH)
			hash = (const unsigned *)(bias + d->val);
	}
	if (!syms || !strs || !hash)
		return 0;
	for (unsigned i = 1; i < hash[1]; i++)
		if (syms[i].shndx && same(strs + syms[i].name, name))
			return bias + syms[i].value;
	return 0;
}

__attribute__((noinline)) static void op_clock_gettime_vdso(void)
{
	vdso_cgt(CLOCK_MONOTONIC, &vts);
}

void bench_vdso(void)
{
	vdso_cgt = (cgt_fn)vdso_sym("__vdso_clock_gettime");
	if (!vdso_cgt) {
		report_na("clock_gettime_vdso", "no-vdso", 0);
		return;
	}
	int r = vdso_cgt(CLOCK_MONOTONIC, &vts);
	if (r == 0)
		bench_op("clock_gettime_vdso", op_clock_gettime_vdso);
	else
		report_na("clock_gettime_vdso", "returned", r);
}
