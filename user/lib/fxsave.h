/*
 * fxsave.h - the legacy x87/SSE state as fxsave stores it, for the test
 * programs that compare registers (fpu_state, fpu_preempt).
 */
#ifndef ANVIL_USER_FXSAVE_H
#define ANVIL_USER_FXSAVE_H

struct vec {
	unsigned char b[16];
};

/* The 512-byte image (Intel SDM Vol. 1 Table 10-2): x87 control, status
 * and abridged tag word (a bit per register, 0 = empty), MXCSR, the
 * x87/MMX registers and XMM0-15.  fxsave needs it 16-byte aligned. */
struct fxsave_area {
	unsigned short fcw, fsw;
	unsigned char ftw, r0;
	unsigned short fop;
	unsigned long fip, fdp;
	unsigned mxcsr, mxcsr_mask;
	struct vec st[8], xmm[16];
	unsigned char r1[96];
} __attribute__((aligned(16)));

/* fxsave: store all of it.  Unlike fnstenv or fsave it changes nothing
 * and, like every no-wait form, does not raise a pending x87 exception.
 * "=m"(*a): the whole image is written. */
static inline void fxsave(struct fxsave_area *a)
{
	__asm__ volatile("fxsaveq %0" : "=m"(*a));
}

#endif
