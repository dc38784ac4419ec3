/*
 * fpu_state.c compiled for the host and run in ring 3, once for each way
 * of saving this CPU has (fxsave, xsave, xsaveopt, xsavec): all of them,
 * and xrstor, work in user mode under Linux.  This is where the xsavec
 * path (compacted format) runs at all: QEMU's TCG has no XSAVEC, so the
 * in-kernel tests (arch/x86_64/cpu/fpu_state_test.c) never see it.
 *
 * The kernel's frame allocator is replaced by aligned_alloc, panic by
 * abort.  Between putting a pattern in the registers and reading them
 * back nothing but the code under test may run: C library calls (memset,
 * memcmp) use the vector registers, so they come before put_pattern's
 * fxrstor or after read_regs's fxsave, never in between.
 */
#include "arch/x86_64/cpu/fpu_state.c"
#include "arch/x86_64/insn/avx.h"
#include "tests/host/tap.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

uint64_t cpu_feature_bits;

void panic_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "panic at %s:%d: ", file, line);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	abort();
}

/* A frame: 4 KiB, page-aligned, "physical" as phys_to_virt undoes it. */
uint64_t pmm_alloc(void)
{
	void *p = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	return p ? (uint64_t)p - ANVIL_DIRECT_MAP : 0;
}

void pmm_free(uint64_t phys)
{
	free(phys_to_virt(phys));
}

struct regs {
	struct fxsave_area fx;
	struct ymm_upper hi;
};

static bool avx;
static struct regs want, got;

static void read_regs(void)
{
	fxsave(&got.fx);		/* first: nothing may run before */
	if (avx)
		ymm_upper_store(&got.hi);
}

/* As in the kernel's test: every field away from its initial value. */
static void put_pattern(uint8_t seed)
{
	memset(&want, 0, sizeof(want));
	want.fx.fcw = 0x7f | 0x200 | ((seed & 1) << 8) | ((1 + seed % 3) << 10);
	want.fx.fsw = (seed & 7) << 11;
	want.fx.ftw = seed | 1;
	want.fx.mxcsr = MXCSR_DEFAULT | ((1 + seed % 3) << 13) | (seed & 0x3f);
	for (int r = 0; r < 8; r++)
		for (int i = 0; i < 10; i++)
			want.fx.st[r][i] = (uint8_t)(seed + 7 * r + i + 1);
	for (int r = 0; r < 16; r++)
		for (int i = 0; i < 16; i++) {
			want.fx.xmm[r][i] = (uint8_t)(seed * 31 + r * 16 + i + 1) | 1;
			want.hi.b[r][i] = avx ? (uint8_t)~(seed * 17 + r * 16 + i) | 2 : 0;
		}
	fxrstor(&want.fx);
	if (avx)
		ymm_upper_load(&want.hi);
}

static void set_initial(void)
{
	memset(&want, 0, sizeof(want));
	want.fx.fcw = FCW_DEFAULT;
	want.fx.mxcsr = MXCSR_DEFAULT;
}

/* got == want, field by field (10 bytes of each x87 register slot). */
static bool same(void)
{
	bool ok = got.fx.fcw == want.fx.fcw && got.fx.fsw == want.fx.fsw &&
		  got.fx.ftw == want.fx.ftw && got.fx.mxcsr == want.fx.mxcsr;
	for (int r = 0; r < 8; r++)
		ok = ok && memcmp(got.fx.st[r], want.fx.st[r], 10) == 0;
	ok = ok && memcmp(got.fx.xmm, want.fx.xmm, sizeof(got.fx.xmm)) == 0;
	return ok && (!avx || memcmp(got.hi.b, want.hi.b, sizeof(got.hi.b)) == 0);
}

static void check(const char *method, const char *what, bool ok)
{
	char name[160], detail[160];
	snprintf(name, sizeof(name), "%s: %s", method, what);
	snprintf(detail, sizeof(detail), "fcw 0x%x/0x%x mxcsr 0x%x/0x%x xmm0[0] 0x%x/0x%x",
		 got.fx.fcw, want.fx.fcw, got.fx.mxcsr, want.fx.mxcsr, got.fx.xmm[0][0],
		 want.fx.xmm[0][0]);
	tap_check(ok, name, detail);
}

static void run_method(const char *name, uint64_t features, uint64_t xcr0)
{
	cpu_feature_bits = features;
	fpu_state_init(xcr0);
	/* fxsave is the method only for CPUs without XSAVE, so without AVX:
	 * it does not manage the upper YMM halves, and the host's are not
	 * compared under it. */
	avx = (xcr0 & (XCR0_SSE | XCR0_AVX)) == (XCR0_SSE | XCR0_AVX);
	tap_check(strcmp(fpu_state_method(), name) == 0, name, fpu_state_method());

	struct fpu_state *a = fpu_state_alloc(), *b = fpu_state_alloc();
	if (!tap_check(a && b && (uintptr_t)a % 64 == 0, "areas allocated, 64-byte aligned", ""))
		return;

	put_pattern(0x5a);
	fpu_state_load(a);
	read_regs();
	set_initial();
	check(name, "a new area loads the initial state", same());

	fpu_state_reset(a);
	put_pattern(0x11);
	fpu_state_save(a);		/* not the area last loaded */
	put_pattern(0x22);
	fpu_state_load(a);
	read_regs();
	put_pattern(0x11);		/* want again; the registers are read */
	check(name, "save, other values, load: the first values back", same());

	fpu_state_load(b);
	put_pattern(0x33);
	fpu_state_save(b);		/* the area last loaded */
	put_pattern(0x44);
	fpu_state_load(b);
	read_regs();
	put_pattern(0x33);
	check(name, "save into the area last loaded, load: the values back", same());

	fpu_state_copy(a, b);
	put_pattern(0x44);
	fpu_state_load(a);
	read_regs();
	put_pattern(0x33);
	check(name, "a copy loads the same values", same());

	fpu_state_reset(b);
	put_pattern(0x44);
	fpu_state_load(b);
	read_regs();
	set_initial();
	check(name, "reset: the initial state", same());

	if (xcr0) {
		const struct xsave_area *x = (const struct xsave_area *)a;
		uint64_t fmt = strcmp(name, "xsavec") == 0 ? XCOMP_BV_COMPACTED | xcr0 : 0;
		bool fresh = x->header.xcomp_bv == fmt;	/* a's copy of b's save */
		fpu_state_reset(a);
		bool reset = x->header.xcomp_bv == fmt;
		fpu_state_save(a);
		tap_check(fresh && reset && x->header.xcomp_bv == fmt,
			  "XCOMP_BV of the initial area is what the save writes", name);
	}
	fpu_state_free(a);
	fpu_state_free(b);
}

int main(void)
{
	struct cpuid_regs l1 = cpuid(1, 0);
	bool xsave = (l1.ecx >> 27) & 1;	/* OSXSAVE: the kernel turned it on */
	uint64_t host_xcr0 = xsave ? xgetbv(XCR_XFEATURE_ENABLED_MASK) : 0;
	uint64_t xcr0 = host_xcr0 & (XCR0_X87 | XCR0_SSE | XCR0_AVX);
	struct cpuid_regs d1 = xsave ? cpuid(CPUID_LEAF_XSTATE, 1) : (struct cpuid_regs){ 0 };

	run_method("fxsave", 0, 0);
	if (!xsave) {
		printf("# no XSAVE on this host: only fxsave tested\n");
		return tap_done();
	}
	run_method("xsave", 0, xcr0);
	if (d1.eax & 1)
		run_method("xsaveopt", 1UL << CPU_FEATURE_XSAVEOPT, xcr0);
	else
		printf("# no XSAVEOPT on this host\n");
	/* The compacted size CPUID gives is for all of the host's XCR0,
	 * more than anvil's x87|SSE|AVX; it must still fit a frame. */
	if ((d1.eax & 2) && d1.ebx <= PAGE_SIZE)
		run_method("xsavec", 1UL << CPU_FEATURE_XSAVEC, xcr0);
	else
		printf("# no XSAVEC on this host (or its area is over 4 KiB)\n");
	return tap_done();
}
