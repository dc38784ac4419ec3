/*
 * Going to ring 3 and coming back (arch/x86_64/entry/syscall_entry.asm).
 *
 * The kernel runs one program at a time, to completion.  It enters the
 * program with user_enter(), which saves the kernel's registers like
 * setjmp; when the program exits or is killed -- from inside a system
 * call or a fault handler, on the process's own kernel stack --
 * user_leave() jumps back like longjmp, and user_enter() returns.
 */
#ifndef ANVIL_ARCH_USER_H
#define ANVIL_ARCH_USER_H

#include <stddef.h>
#include <stdint.h>
#include "arch/x86_64/entry/syscall_layout.h"

/* The callee-saved registers and stack pointer of user_enter's caller. */
struct kcontext {
	uint64_t rsp, rbx, rbp, r12, r13, r14, r15;
};

_Static_assert(offsetof(struct kcontext, rsp) == ANVIL_KCTX_RSP, "kcontext.rsp");
_Static_assert(offsetof(struct kcontext, rbx) == ANVIL_KCTX_RBX, "kcontext.rbx");
_Static_assert(offsetof(struct kcontext, rbp) == ANVIL_KCTX_RBP, "kcontext.rbp");
_Static_assert(offsetof(struct kcontext, r12) == ANVIL_KCTX_R12, "kcontext.r12");
_Static_assert(offsetof(struct kcontext, r13) == ANVIL_KCTX_R13, "kcontext.r13");
_Static_assert(offsetof(struct kcontext, r14) == ANVIL_KCTX_R14, "kcontext.r14");
_Static_assert(offsetof(struct kcontext, r15) == ANVIL_KCTX_R15, "kcontext.r15");

/* Run ring 3 at rip with stack rsp (all other registers 0) until
 * user_leave(k, value); returns that value. */
uint64_t user_enter(struct kcontext *k, uint64_t rip, uint64_t rsp);
__attribute__((noreturn)) void user_leave(struct kcontext *k, uint64_t value);

/* The program's FS and GS bases (arch_prctl).  Set while the kernel runs:
 * FS directly (the kernel does not use FS); GS in MSR_KERNEL_GS_BASE,
 * which swapgs makes the program's GS on the way out. */
void user_set_fs_base(uint64_t base);
void user_set_gs_base(uint64_t base);

#endif
