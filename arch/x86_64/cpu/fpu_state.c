/* PLACEHOLDER until the fpu branch lands: fxsave only. */
#include "arch/x86_64/cpu/fpu_state.h"
#include "arch/x86_64/insn/fpu.h"
#include "kernel/addr.h"
#include "kernel/mm/pmm.h"
#include "kernel/string.h"
struct fpu_state { struct fxsave_area fx; };
struct fpu_state *fpu_state_alloc(void)
{
	uint64_t f = pmm_alloc();
	if (!f)
		return NULL;
	struct fpu_state *s = phys_to_virt(f);
	fpu_state_reset(s);
	return s;
}
void fpu_state_free(struct fpu_state *s) { pmm_free(virt_to_phys(s)); }
void fpu_state_copy(struct fpu_state *d, const struct fpu_state *s) { *d = *s; }
void fpu_state_reset(struct fpu_state *s)
{
	memset(s, 0, sizeof(*s));
	s->fx.fcw = FCW_DEFAULT;
	s->fx.mxcsr = MXCSR_DEFAULT;
}
void fpu_state_save(struct fpu_state *s) { fxsave(&s->fx); }
void fpu_state_load(const struct fpu_state *s) { fxrstor(&s->fx); }
const char *fpu_state_method(void) { return "fxsave"; }
size_t fpu_state_size(void) { return sizeof(struct fpu_state); }
