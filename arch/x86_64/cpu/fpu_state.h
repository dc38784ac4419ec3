/*
 * Per-process x87/SSE/AVX state: one saved copy of the registers for each
 * process, switched eagerly.
 *
 * The context switch saves the outgoing process's registers into its own
 * area and loads the incoming one's, every time (eager switching).  The
 * alternative, lazy switching -- set CR0.TS, leave the old owner's values
 * in the registers, and swap only at the #NM the next process's first FPU
 * instruction raises -- let a process read another's registers through
 * speculative execution (CVE-2018-3665, "LazyFP"); Linux went eager for
 * every CPU in 4.6/4.9 (arch/x86/kernel/fpu/core.c).  anvil keeps CR0.TS
 * clear (simd_init) and never takes #NM.
 *
 * The instruction is chosen once at boot (fpu_state_init, from simd_init)
 * and named by fpu_state_method(): xsaveopt where CPUID.(EAX=0xD,ECX=1)
 * has it, else xsavec, else xsave, and fxsave on a CPU without XSAVE
 * (QEMU's -cpu qemu64).  Every area is in the one format that instruction
 * writes; the initial-state area too.
 *
 * How the scheduler uses it (interrupts off, as during the switch):
 *
 *	fpu_state_save(prev->fpu);	the registers are prev's until here
 *	fpu_state_load(next->fpu);	and next's from here
 *
 * fork:   fpu_state_save(parent) first (the parent's area is stale while
 *         it runs: its registers are live), then fpu_state_copy(child,
 *         parent).
 * execve: fpu_state_reset(current), then fpu_state_load(current) before
 *         returning to ring 3 (reset only writes the area).
 * exit:   fpu_state_free; no save needed.
 *
 * Kernel code does not touch these registers (-mgeneral-regs-only; the
 * SIMD units bracket their work with simd_begin/simd_end, which put them
 * back), so between two switches they hold the running process's values.
 */
#ifndef ANVIL_ARCH_FPU_STATE_H
#define ANVIL_ARCH_FPU_STATE_H

#include <stdint.h>
#include <stddef.h>

/* One process's saved x87/SSE/AVX registers; opaque, 64-byte aligned. */
struct fpu_state;

/* A new area holding the architectural initial state: x87 as after
 * fninit (FCW 0x37f, FSW 0, tags empty, registers 0), MXCSR 0x1f80, XMM
 * and upper YMM halves 0.  NULL when out of memory. */
struct fpu_state *fpu_state_alloc(void);
/* Give it back (NULL is ignored). */
void fpu_state_free(struct fpu_state *s);

/* dst = src, for fork.  src must be up to date (see above). */
void fpu_state_copy(struct fpu_state *dst, const struct fpu_state *src);
/* s = the architectural initial state, for execve. */
void fpu_state_reset(struct fpu_state *s);

/* The CPU's registers -> s (switching out).  Interrupts off. */
void fpu_state_save(struct fpu_state *s);
/* s -> the CPU's registers (switching in).  Interrupts off. */
void fpu_state_load(const struct fpu_state *s);

/* "xsaveopt", "xsavec", "xsave" or "fxsave". */
const char *fpu_state_method(void);
/* Bytes of an area: CPUID leaf 0xD subleaf 0 EBX (standard format) or
 * subleaf 1 EBX (compacted, xsavec) for XCR0; 512 for fxsave. */
size_t fpu_state_size(void);

/* Pick the instruction and build the initial-state area.  xcr0: what
 * simd_init enabled (0 without XSAVE).  Called once, by simd_init, after
 * XCR0 is written. */
void fpu_state_init(uint64_t xcr0);

/* Load the initial state without an area of one's own (what
 * simd_reset_user_state does). */
void fpu_state_load_initial(void);

/* The components xsave saves (XCR0); 0 on a CPU without XSAVE. */
uint64_t fpu_state_xfeatures(void);
/* The registers were loaded from somewhere else than an area (a signal
 * frame, arch/x86_64/cpu/fpu_sigframe.c): no area may count as loaded. */
void fpu_state_forget_loaded(void);

#endif
