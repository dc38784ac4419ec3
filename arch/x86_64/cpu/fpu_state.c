/*
 * Per-process x87/SSE/AVX state (fpu_state.h explains the use): the
 * choice of instruction, the initial-state area, and one 4 KiB frame per
 * process holding its saved registers.
 */
#include "arch/x86_64/cpu/fpu_state.h"
#include "arch/x86_64/cpu/cpufeatures.h"
#include "arch/x86_64/insn/cpuid.h"
#include "arch/x86_64/insn/fpu.h"
#include "arch/x86_64/mm/page.h"
#include "kernel/addr.h"
#include "kernel/mm/pmm.h"
#include "kernel/panic.h"
#include "kernel/string.h"

enum fpu_method { FPU_FXSAVE, FPU_XSAVE, FPU_XSAVEOPT, FPU_XSAVEC };

static const char *const method_names[] = {
	[FPU_FXSAVE] = "fxsave",
	[FPU_XSAVE] = "xsave",
	[FPU_XSAVEOPT] = "xsaveopt",
	[FPU_XSAVEC] = "xsavec",
};

/* An area is the start of a whole frame: the heap only aligns to 16
 * bytes, and xsave needs 64.  fpu_state_init checks the size fits. */
struct fpu_state {
	struct xsave_area area;		/* fpu_state_size() bytes of it used */
};

static enum fpu_method method = FPU_FXSAVE;
static uint64_t rfbm;			/* the components saved: XCR0 */
static size_t area_size = sizeof(struct fxsave_area);

/* The initial state, in the format of the chosen instruction: all zero
 * but for the x87 control word and MXCSR in the legacy region (what
 * fxrstor and the standard-form xrstor load) and the header.  XSTATE_BV
 * = 0 makes xrstor set every component to its initial configuration;
 * for xsavec's format XCOMP_BV says "compacted, holding XCR0's
 * components", as an area xsavec wrote would. */
static union {
	struct fpu_state s;
	uint8_t bytes[PAGE_SIZE];
} init_state __attribute__((aligned(64)));

/*
 * The area the last xrstor on this CPU read, while it still holds what
 * that xrstor read; NULL when unknown.  xsaveopt's modified optimization
 * (fpu.h) skips components unchanged since the last xrstor from the same
 * address, trusting the area to hold them still.  In the scheduler's use
 * that is true: a process's area is loaded when it is switched in and
 * next written by the save when it is switched out, and nothing writes
 * it in between.  fpu_state_copy and fpu_state_reset into that area, and
 * freeing it (the frame may come back as another process's area at the
 * same address), break the promise, so they clear this pointer, and
 * fpu_state_save uses xsaveopt only for the area this still names,
 * plain xsave for any other.  (Linux keeps the same rule with
 * fpu_fpregs_owner_ctx and fpregs_state_valid.)  One CPU: a plain
 * variable; per-CPU data once there are more.
 */
static const struct fpu_state *last_loaded;

static enum fpu_method choose_method(uint64_t xcr0)
{
	if (!xcr0)
		return FPU_FXSAVE;
	if (cpu_has(CPU_FEATURE_XSAVEOPT))
		return FPU_XSAVEOPT;
	if (cpu_has(CPU_FEATURE_XSAVEC))
		return FPU_XSAVEC;
	return FPU_XSAVE;
}

void fpu_state_init(uint64_t xcr0)
{
	method = choose_method(xcr0);
	rfbm = xcr0;
	if (method == FPU_FXSAVE)
		area_size = sizeof(struct fxsave_area);
	else if (method == FPU_XSAVEC)	/* for XCR0 | IA32_XSS; XSS is 0 */
		area_size = cpuid(CPUID_LEAF_XSTATE, 1).ebx;
	else
		area_size = cpuid(CPUID_LEAF_XSTATE, 0).ebx;
	BUG_ON(area_size > PAGE_SIZE);
	BUG_ON(method != FPU_FXSAVE && area_size < sizeof(struct xsave_area));

	memset(&init_state, 0, sizeof(init_state));
	init_state.s.area.legacy.fcw = FCW_DEFAULT;
	init_state.s.area.legacy.mxcsr = MXCSR_DEFAULT;
	if (method == FPU_XSAVEC)
		init_state.s.area.header.xcomp_bv = XCOMP_BV_COMPACTED | rfbm;
	last_loaded = NULL;
}

const char *fpu_state_method(void)
{
	return method_names[method];
}

size_t fpu_state_size(void)
{
	return area_size;
}

struct fpu_state *fpu_state_alloc(void)
{
	uint64_t frame = pmm_alloc();
	if (!frame)
		return NULL;
	struct fpu_state *s = phys_to_virt(frame);
	memcpy(s, &init_state.s, area_size);
	return s;
}

/* s's contents are about to change other than by a save: see last_loaded. */
static void forget_if_loaded(const struct fpu_state *s)
{
	if (last_loaded == s)
		last_loaded = NULL;
}

void fpu_state_free(struct fpu_state *s)
{
	if (!s)
		return;
	forget_if_loaded(s);
	pmm_free(virt_to_phys(s));
}

void fpu_state_copy(struct fpu_state *dst, const struct fpu_state *src)
{
	if (dst == src)
		return;
	forget_if_loaded(dst);
	memcpy(dst, src, area_size);
}

void fpu_state_reset(struct fpu_state *s)
{
	forget_if_loaded(s);
	memcpy(s, &init_state.s, area_size);
}

void fpu_state_save(struct fpu_state *s)
{
	switch (method) {
	case FPU_FXSAVE:
		fxsave(&s->area.legacy);
		break;
	case FPU_XSAVEOPT:
		if (s == last_loaded) {
			xsaveopt(&s->area, rfbm);
			break;
		}
		xsave(&s->area, rfbm);
		break;
	case FPU_XSAVEC:
		xsavec(&s->area, rfbm);
		break;
	case FPU_XSAVE:
		xsave(&s->area, rfbm);
		break;
	}
}

void fpu_state_load(const struct fpu_state *s)
{
	if (method == FPU_FXSAVE) {
		fxrstor(&s->area.legacy);
		return;
	}
	xrstor(&s->area, rfbm);
	last_loaded = s;
}

void fpu_state_load_initial(void)
{
	fpu_state_load(&init_state.s);
}

uint64_t fpu_state_xfeatures(void)
{
	return method == FPU_FXSAVE ? 0 : rfbm;
}

void fpu_state_forget_loaded(void)
{
	last_loaded = NULL;
}
