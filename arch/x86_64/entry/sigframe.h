/*
 * The signal frame, as Linux lays it out for a 64-bit program (arch/x86/
 * include/asm/sigframe.h, uapi/asm/sigcontext.h, uapi/asm-generic/
 * ucontext.h): what a handler finds on its stack, and what rt_sigreturn
 * reads back.  docs/signals.md draws it byte by byte.
 *
 *   higher addresses
 *     the interrupted code's stack, and its 128-byte red zone
 *     the FPU area (fpu_sigframe.h), 64-byte aligned
 *     struct rt_sigframe: info, uc, and at its bottom pretcode  <- RSP
 *   lower addresses
 *
 * On entry to the handler RSP points at pretcode, the restorer's address
 * (libc's __restore_rt: mov $15, %eax; syscall), so the handler's `ret`
 * goes there, and RSP + 8 is 16-byte aligned as after a call.
 */
#ifndef ANVIL_ARCH_SIGFRAME_H
#define ANVIL_ARCH_SIGFRAME_H

#include <stddef.h>
#include <stdint.h>
#include "kernel/signal.h"

/* The registers, in Linux's order (glibc's gregset_t REG_R8 ... REG_CR2). */
struct sigcontext {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip;
	uint64_t eflags;
	uint16_t cs, gs, fs, ss;	/* gs and fs: 0 (the bases are MSRs) */
	uint64_t err, trapno;		/* the last fault's error code and vector */
	uint64_t oldmask;		/* the saved mask again (its first word) */
	uint64_t cr2;			/* the last page fault's address */
	uint64_t fpstate;		/* the FPU area's address; 0: none */
	uint64_t reserved1[8];
};
_Static_assert(sizeof(struct sigcontext) == 256, "struct sigcontext is 256 bytes");

/* uc_flags */
#define UC_FP_XSTATE		0x1	/* the FPU area is an XSAVE one */
#define UC_SIGCONTEXT_SS	0x2	/* sigcontext.ss is meaningful */
#define UC_STRICT_RESTORE_SS	0x4	/* rt_sigreturn takes ss as it is */

struct ucontext {
	uint64_t flags;
	uint64_t link;			/* 0 */
	struct sigaltstack stack;	/* the sigaltstack at delivery */
	struct sigcontext mcontext;
	sigset_t sigmask;		/* the mask rt_sigreturn puts back */
};
_Static_assert(sizeof(struct ucontext) == 304, "the kernel's struct ucontext is 304 bytes");

struct rt_sigframe {
	uint64_t pretcode;		/* sa_restorer */
	struct ucontext uc;
	struct siginfo info;
};
_Static_assert(offsetof(struct rt_sigframe, uc) == 8, "uc right above pretcode");
_Static_assert(offsetof(struct rt_sigframe, info) == 312, "info above uc");
_Static_assert(sizeof(struct rt_sigframe) == 440, "Linux's rt_sigframe is 440 bytes");

/* The bytes below the interrupted RSP a signal frame leaves alone: the
 * System V ABI's red zone (AMD64 ABI §3.2.2), where leaf functions keep
 * data without moving RSP. */
#define SIGFRAME_RED_ZONE	128

struct trap_frame;
/* rt_sigreturn, called by its entry stub (syscall_entry.asm) with the
 * program's registers as the system call left them: replace them with
 * the frame's, or queue SIGSEGV for a frame that lies. */
void rt_sigreturn_frame(struct trap_frame *f);

#endif
