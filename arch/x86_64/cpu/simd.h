/*
 * SIMD in the kernel: turning SSE (and AVX where present) on at boot, and
 * the rules for kernel code that uses the vector registers.
 *
 * anvil does not save the vector registers on interrupt entry, and the
 * rest of the kernel is compiled without SSE (-mgeneral-regs-only), so
 * those registers belong to whoever was running before the kernel was
 * entered: a user program, or nothing.  A kernel SIMD routine therefore
 * brackets its work with simd_begin()/simd_end():
 *  - interrupts off, so nothing that might also use the registers (an
 *    interrupt handler, or a switch to another thread) runs in between
 *    and finds them half-used or changes them under us;
 *  - fxsave before and fxrstor after, so the interrupted owner gets its
 *    XMM registers and MXCSR back unchanged.  Legacy-SSE instructions
 *    leave the upper halves of YMM registers alone, so fxsave is enough
 *    while kernel SIMD code sticks to SSE (the *_simd.c units are built
 *    with -mno-avx).
 *
 * The registers a program leaves behind must not reach the next one
 * (they may hold its secrets, and an unmasked x87 exception left pending
 * would kill it at its first x87 instruction).  So before every program
 * starts, simd_reset_user_state() puts the architectural initial state
 * in: x87 as after fninit (FCW 0x37f, status 0, all tags empty, registers
 * 0), MXCSR 0x1f80, XMM and the upper YMM halves 0 -- with xrstor of an
 * area whose header says "every component initial" where the CPU has
 * XSAVE, else with fxrstor of an image holding those values.  Linux does
 * the same on execve (fpu_flush_thread in arch/x86/kernel/fpu/core.c
 * loads its init_fpstate).  The initial-state area, in the format of the
 * instruction that saves processes' state, lives in fpu_state.c
 * (fpu_state.h: one area per process, switched eagerly).
 */
#ifndef ANVIL_ARCH_SIMD_H
#define ANVIL_ARCH_SIMD_H

#include <stddef.h>
#include <stdint.h>
#include "arch/x86_64/insn/fpu.h"

/* Enable SSE (Intel SDM Vol. 3A §13.1.3 "Initialization of the SSE
 * Extensions") and, when the CPU has it, XSAVE with XCR0 = x87|SSE|AVX
 * (§13.3).  Called once from kmain after cpu_features_init. */
void simd_init(void);

struct simd_state {
	struct fxsave_area saved;
	uint64_t rflags;
};

/* Load the initial x87/SSE/AVX state for a new program (above).  Call
 * with interrupts off, right before entering ring 3. */
void simd_reset_user_state(void);

void simd_begin(struct simd_state *s);
void simd_end(struct simd_state *s);

#endif
