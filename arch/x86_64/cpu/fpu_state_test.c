/*
 * Per-process x87/SSE/AVX state (fpu_state.c).  Each test puts a pattern
 * in the registers by an independent road -- fxrstor of a hand-made image
 * for x87, MXCSR and XMM, vinsertf128 for the upper YMM halves -- runs the
 * code under test, and reads the registers back the same independent way
 * (fxsave, stmxcsr, vextractf128).  The registers of whoever owned them
 * before are saved first and put back last.
 */
#include "arch/x86_64/cpu/fpu_state.h"
#include "arch/x86_64/cpu/cpufeatures.h"
#include "arch/x86_64/insn/avx.h"
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/insn/cpuid.h"
#include "arch/x86_64/insn/cr.h"
#include "arch/x86_64/insn/fpu.h"
#include "arch/x86_64/mm/page.h"
#include "kernel/ktest.h"
#include "kernel/mm/pmm.h"
#include "kernel/string.h"

/* What the tests compare: the legacy image and the upper YMM halves. */
struct regs {
	struct fxsave_area fx;
	struct ymm_upper hi;
};

static bool avx_on(void)
{
	if (!(read_cr4() & X86_CR4_OSXSAVE))
		return false;
	uint64_t both = XCR0_SSE | XCR0_AVX;
	return (xgetbv(XCR_XFEATURE_ENABLED_MASK) & both) == both;
}

static void read_regs(struct regs *r)
{
	memset(r, 0, sizeof(*r));
	fxsave(&r->fx);
	if (avx_on())
		ymm_upper_store(&r->hi);
}

/* A state far from the initial one, different for each seed: x87 control
 * word with another precision and rounding, a stack top and valid tags,
 * register contents; MXCSR with another rounding and some flags; every
 * XMM byte and upper-YMM byte non-zero. */
static void put_pattern(uint8_t seed, struct regs *want)
{
	memset(want, 0, sizeof(*want));
	want->fx.fcw = 0x7f | 0x200 | ((seed & 1) << 8) | ((1 + seed % 3) << 10);
	want->fx.fsw = (seed & 7) << 11;
	want->fx.ftw = seed | 1;
	want->fx.mxcsr = MXCSR_DEFAULT | ((1 + seed % 3) << 13) | (seed & 0x3f);
	for (int r = 0; r < 8; r++)
		for (int i = 0; i < 10; i++)
			want->fx.st[r][i] = (uint8_t)(seed + 7 * r + i + 1);
	for (int r = 0; r < 16; r++)
		for (int i = 0; i < 16; i++) {
			want->fx.xmm[r][i] = (uint8_t)(seed * 31 + r * 16 + i + 1) | 1;
			want->hi.b[r][i] = (uint8_t)~(seed * 17 + r * 16 + i) | 2;
		}
	fxrstor(&want->fx);
	if (avx_on())
		ymm_upper_load(&want->hi);
}

/* The live registers hold want (only the first 10 bytes of each x87
 * register slot are the register). */
static bool regs_are(struct ktest_ctx *ktest_ctx, const struct regs *want)
{
	static struct regs got;
	read_regs(&got);
	bool ok = KEXPECT_EQ(got.fx.fcw, want->fx.fcw);
	ok &= KEXPECT_EQ(got.fx.fsw, want->fx.fsw);
	ok &= KEXPECT_EQ(got.fx.ftw, want->fx.ftw);
	ok &= KEXPECT_EQ(got.fx.mxcsr, want->fx.mxcsr);
	ok &= KEXPECT_EQ(stmxcsr(), want->fx.mxcsr);
	for (int r = 0; r < 8; r++)
		ok &= KEXPECT_EQ(memcmp(got.fx.st[r], want->fx.st[r], 10), 0);
	ok &= KEXPECT_EQ(memcmp(got.fx.xmm, want->fx.xmm, sizeof(got.fx.xmm)), 0);
	if (avx_on())
		ok &= KEXPECT_EQ(memcmp(got.hi.b, want->hi.b, sizeof(got.hi.b)), 0);
	return ok;
}

/* The architectural initial state (x87 as after fninit, MXCSR 0x1f80,
 * vector registers 0). */
static bool regs_initial(struct ktest_ctx *ktest_ctx)
{
	static struct regs init;
	memset(&init, 0, sizeof(init));
	init.fx.fcw = FCW_DEFAULT;
	init.fx.mxcsr = MXCSR_DEFAULT;
	return regs_are(ktest_ctx, &init);
}

/* Around each test: interrupts off, the previous owner's registers kept
 * in an area of their own (saved with plain xsave or fxsave: it is not
 * the last one loaded). */
struct owner {
	struct fpu_state *saved;
	uint64_t flags;
};

static bool owner_save(struct owner *o)
{
	o->saved = fpu_state_alloc();
	if (!o->saved)
		return false;
	o->flags = irq_save();
	fpu_state_save(o->saved);
	return true;
}

static void owner_restore(struct owner *o)
{
	fpu_state_load(o->saved);
	irq_restore(o->flags);
	fpu_state_free(o->saved);
}

KTEST(fpu_state, method_and_size_follow_cpuid)
{
	const char *m = fpu_state_method();
	if (!cpu_has(CPU_FEATURE_XSAVE)) {
		KEXPECT_STREQ(m, "fxsave");
		KEXPECT_EQ(fpu_state_size(), sizeof(struct fxsave_area));
		return;
	}
	if (cpu_has(CPU_FEATURE_XSAVEOPT))
		KEXPECT_STREQ(m, "xsaveopt");
	else if (cpu_has(CPU_FEATURE_XSAVEC))
		KEXPECT_STREQ(m, "xsavec");
	else
		KEXPECT_STREQ(m, "xsave");
	uint32_t sub = cpu_has(CPU_FEATURE_XSAVEOPT) || !cpu_has(CPU_FEATURE_XSAVEC) ? 0 : 1;
	KEXPECT_EQ(fpu_state_size(), cpuid(CPUID_LEAF_XSTATE, sub).ebx);
	KEXPECT_GE(fpu_state_size(), sizeof(struct xsave_area));
	KEXPECT_LE(fpu_state_size(), PAGE_SIZE);
	if (avx_on()) {
		/* The AVX component (2) fits: its offset and size, subleaf 2. */
		struct cpuid_regs avx = cpuid(CPUID_LEAF_XSTATE, 2);
		KEXPECT_EQ(avx.eax, 256);
		KEXPECT_LE(avx.ebx + avx.eax, fpu_state_size());
	}
}

KTEST(fpu_state, new_area_loads_initial_state)
{
	static struct regs dirty;
	struct owner o;
	KASSERT_TRUE(owner_save(&o));
	struct fpu_state *s = fpu_state_alloc();
	if (KEXPECT_TRUE(s != NULL)) {
		KEXPECT_EQ((uintptr_t)s % 64, 0);
		put_pattern(0x5a, &dirty);
		KEXPECT_TRUE(regs_are(ktest_ctx, &dirty));	/* the pattern took */
		fpu_state_load(s);
		KEXPECT_TRUE(regs_initial(ktest_ctx));
	}
	fpu_state_free(s);
	owner_restore(&o);
}

/* Switching out into a fresh area (plain xsave under xsaveopt: the area
 * was not the last one loaded), other values in, switching back in. */
KTEST(fpu_state, save_then_load_restores_registers)
{
	static struct regs a, b;
	struct owner o;
	KASSERT_TRUE(owner_save(&o));
	struct fpu_state *s = fpu_state_alloc();
	if (KEXPECT_TRUE(s != NULL)) {
		put_pattern(0x11, &a);
		fpu_state_save(s);
		put_pattern(0x22, &b);
		KEXPECT_TRUE(regs_are(ktest_ctx, &b));
		fpu_state_load(s);
		KEXPECT_TRUE(regs_are(ktest_ctx, &a));
	}
	fpu_state_free(s);
	owner_restore(&o);
}

/* The scheduler's case: the area saved to is the one loaded when the
 * process was switched in (xsaveopt under xsaveopt), twice in a row. */
KTEST(fpu_state, save_to_last_loaded_area_restores_registers)
{
	static struct regs a, b, c;
	struct owner o;
	KASSERT_TRUE(owner_save(&o));
	struct fpu_state *s = fpu_state_alloc();
	if (KEXPECT_TRUE(s != NULL)) {
		fpu_state_load(s);
		put_pattern(0x33, &a);
		fpu_state_save(s);
		put_pattern(0x44, &b);
		fpu_state_load(s);
		KEXPECT_TRUE(regs_are(ktest_ctx, &a));
		put_pattern(0x55, &c);
		fpu_state_save(s);
		put_pattern(0x44, &b);
		fpu_state_load(s);
		KEXPECT_TRUE(regs_are(ktest_ctx, &c));
	}
	fpu_state_free(s);
	owner_restore(&o);
}

/* Two processes taking turns: each gets its own registers back. */
KTEST(fpu_state, two_areas_take_turns)
{
	static struct regs a, b;
	struct owner o;
	KASSERT_TRUE(owner_save(&o));
	struct fpu_state *sa = fpu_state_alloc(), *sb = fpu_state_alloc();
	if (KEXPECT_TRUE(sa && sb)) {
		KEXPECT_NE((uintptr_t)sa, (uintptr_t)sb);
		fpu_state_load(sa);
		put_pattern(0x61, &a);
		fpu_state_save(sa);
		fpu_state_load(sb);
		KEXPECT_TRUE(regs_initial(ktest_ctx));	/* nothing of a's */
		put_pattern(0x62, &b);
		fpu_state_save(sb);
		for (int round = 0; round < 3; round++) {
			fpu_state_load(sa);
			KEXPECT_TRUE(regs_are(ktest_ctx, &a));
			fpu_state_save(sa);
			fpu_state_load(sb);
			KEXPECT_TRUE(regs_are(ktest_ctx, &b));
			fpu_state_save(sb);
		}
	}
	fpu_state_free(sa);
	fpu_state_free(sb);
	owner_restore(&o);
}

KTEST(fpu_state, copy_gives_the_same_registers)
{
	static struct regs a, b;
	struct owner o;
	KASSERT_TRUE(owner_save(&o));
	struct fpu_state *parent = fpu_state_alloc(), *child = fpu_state_alloc();
	if (KEXPECT_TRUE(parent && child)) {
		fpu_state_load(parent);
		put_pattern(0x71, &a);
		fpu_state_save(parent);
		fpu_state_copy(child, parent);
		put_pattern(0x72, &b);
		fpu_state_load(child);
		KEXPECT_TRUE(regs_are(ktest_ctx, &a));
		fpu_state_load(parent);
		KEXPECT_TRUE(regs_are(ktest_ctx, &a));
	}
	fpu_state_free(parent);
	fpu_state_free(child);
	owner_restore(&o);
}

KTEST(fpu_state, reset_gives_initial_state)
{
	static struct regs a, b;
	struct owner o;
	KASSERT_TRUE(owner_save(&o));
	struct fpu_state *s = fpu_state_alloc();
	if (KEXPECT_TRUE(s != NULL)) {
		put_pattern(0x81, &a);
		fpu_state_save(s);
		fpu_state_reset(s);
		put_pattern(0x82, &b);
		fpu_state_load(s);
		KEXPECT_TRUE(regs_initial(ktest_ctx));
	}
	fpu_state_free(s);
	owner_restore(&o);
}

/* Resetting (or copying into) the area last loaded breaks what xsaveopt's
 * modified optimization relies on; the next save must still store the
 * live registers, all of them.  (QEMU's TCG does not implement that
 * optimization, so there this passes either way; on hardware it is what
 * keeps a stale component out.) */
KTEST(fpu_state, save_after_reset_of_loaded_area_stores_registers)
{
	static struct regs a, b;
	struct owner o;
	KASSERT_TRUE(owner_save(&o));
	struct fpu_state *s = fpu_state_alloc();
	if (KEXPECT_TRUE(s != NULL)) {
		fpu_state_load(s);
		put_pattern(0x91, &a);
		fpu_state_reset(s);
		fpu_state_save(s);
		put_pattern(0x92, &b);
		fpu_state_load(s);
		KEXPECT_TRUE(regs_are(ktest_ctx, &a));
	}
	fpu_state_free(s);
	owner_restore(&o);
}

/* The initial area is in the format the save instruction writes: the
 * same XCOMP_BV (compacted with xsavec, 0 otherwise) before and after a
 * save. */
KTEST(fpu_state, new_area_has_the_format_save_writes)
{
	if (!cpu_has(CPU_FEATURE_XSAVE))
		KTEST_SKIP("CPU has no XSAVE (fxsave has no header)");
	struct owner o;
	KASSERT_TRUE(owner_save(&o));
	struct fpu_state *s = fpu_state_alloc();
	if (KEXPECT_TRUE(s != NULL)) {
		const struct xsave_area *x = (const struct xsave_area *)s;
		uint64_t want = strcmp(fpu_state_method(), "xsavec") == 0
					? XCOMP_BV_COMPACTED | xgetbv(XCR_XFEATURE_ENABLED_MASK)
					: 0;
		KEXPECT_EQ(x->header.xcomp_bv, want);
		KEXPECT_EQ(x->header.xstate_bv, 0);
		fpu_state_save(s);
		KEXPECT_EQ(x->header.xcomp_bv, want);
	}
	fpu_state_free(s);
	owner_restore(&o);
}

/* Every area comes back: the frame count is the same after. */
KTEST(fpu_state, free_returns_every_frame)
{
	struct fpu_state *s[8];
	uint64_t before = pmm_free_frames();
	for (int i = 0; i < 8; i++)
		s[i] = fpu_state_alloc();
	for (int i = 0; i < 8; i++) {
		KEXPECT_TRUE(s[i] != NULL);
		KEXPECT_EQ((uintptr_t)s[i] % 64, 0);
	}
	KEXPECT_EQ(pmm_free_frames(), before - 8);
	for (int i = 0; i < 8; i++)
		fpu_state_free(s[i]);
	fpu_state_free(NULL);
	KEXPECT_EQ(pmm_free_frames(), before);
}
