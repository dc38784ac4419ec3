/* PLACEHOLDER until the fpu branch lands: fxsave only. */
#ifndef ANVIL_ARCH_FPU_STATE_H
#define ANVIL_ARCH_FPU_STATE_H
#include <stddef.h>
struct fpu_state;
struct fpu_state *fpu_state_alloc(void);
void fpu_state_free(struct fpu_state *s);
void fpu_state_copy(struct fpu_state *dst, const struct fpu_state *src);
void fpu_state_reset(struct fpu_state *s);
void fpu_state_save(struct fpu_state *s);
void fpu_state_load(const struct fpu_state *s);
const char *fpu_state_method(void);
size_t fpu_state_size(void);
#endif
