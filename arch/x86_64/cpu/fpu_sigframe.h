/*
 * The FPU part of a signal frame (arch/x86_64/entry/sigframe.c builds the
 * rest): the program's x87/SSE/AVX registers, saved on its stack where
 * the handler can read and change them, and loaded back by rt_sigreturn.
 * The layout is Linux's (arch/x86/include/uapi/asm/sigcontext.h), so that
 * glibc and musl find what they expect:
 *
 *   with XSAVE    the standard-format XSAVE area for XCR0 (never the
 *                 compacted one), its legacy region's software-reserved
 *                 bytes 464..511 holding struct fpx_sw_bytes (FP_XSTATE_
 *                 MAGIC1, the sizes and features), and FP_XSTATE_MAGIC2
 *                 in the 4 bytes right after the area;
 *   without       the 512-byte FXSAVE image (-cpu qemu64).
 *
 * The area must be 64-byte aligned; sigframe.c places it so.
 */
#ifndef ANVIL_ARCH_FPU_SIGFRAME_H
#define ANVIL_ARCH_FPU_SIGFRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FP_XSTATE_MAGIC1	0x46505853U	/* "FPXS" */
#define FP_XSTATE_MAGIC2	0x46505845U	/* "FPXE" */
#define FP_XSTATE_MAGIC2_SIZE	4

/* Bytes 464..511 of the legacy region in a signal frame's area. */
struct fpx_sw_bytes {
	uint32_t magic1;	/* FP_XSTATE_MAGIC1: the area is an XSAVE one */
	uint32_t extended_size;	/* xstate_size + FP_XSTATE_MAGIC2_SIZE */
	uint64_t xfeatures;	/* the components in the area (XCR0) */
	uint32_t xstate_size;	/* the XSAVE area's size, without MAGIC2 */
	uint32_t padding[7];
};
_Static_assert(sizeof(struct fpx_sw_bytes) == 48, "fpx_sw_bytes fills bytes 464..511");

/* Bytes a frame's FPU area takes (with MAGIC2 when there is XSAVE). */
size_t fpu_sigframe_size(void);
/* True when the area is an XSAVE one (the ucontext's UC_FP_XSTATE). */
bool fpu_sigframe_xstate(void);

/* Save the registers, which are the current program's, into the area at
 * uaddr (64-byte aligned, fpu_sigframe_size() bytes of user memory).
 * 0, or -EFAULT.  Interrupts off, so the registers stay the program's. */
int fpu_sigframe_save(uint64_t uaddr);

/* The registers -> the initial state (FCW 0x37f, MXCSR 0x1f80, empty
 * stack, XMM/YMM 0), for a handler that is about to run: its frame holds
 * what the program had, and a pending x87 exception or an unmasked MXCSR
 * must not follow the handler in (Linux's fpu__clear_user_states, called
 * by handle_signal in arch/x86/kernel/signal.c once the frame is built). */
void fpu_sigframe_clear(void);

/* Load the registers from the area at uaddr, as Linux's __fpu_restore_sig
 * does for a 64-bit program: 0 (NULL) means the initial state; an area
 * without both magic words is taken as FXSAVE only (the other components
 * start from their initial state); otherwise XRSTOR of the features the
 * area names.  -EFAULT when the area is outside the user half or the
 * load faults (a lying header, reserved MXCSR bits): the registers are
 * then the initial state, and the caller sends SIGSEGV. */
int fpu_sigframe_restore(uint64_t uaddr);

#endif
