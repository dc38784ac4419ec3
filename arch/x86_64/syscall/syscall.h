/*
 * The two ways a program calls the kernel on x86-64, both ending in the
 * generic dispatcher (kernel/syscall.h):
 *   SYSCALL      the 64-bit ABI: arch/x86_64/entry/syscall_entry.asm
 *   int $0x80    the i386 ABI, through a DPL-3 IDT gate and its own stub,
 *                arch/x86_64/entry/int80_entry.asm; numbers translated from the
 *                32-bit table
 * docs/syscalls.md compares them; docs/syscalls-cost.md counts them.
 */
#ifndef ANVIL_ARCH_SYSCALL_H
#define ANVIL_ARCH_SYSCALL_H

#include <stddef.h>
#include "arch/x86_64/entry/syscall_layout.h"
#include "arch/x86_64/trap/trap.h"
#include "kernel/syscall.h"

/* The vector of the i386 system call gate. */
#define X86_INT80_VECTOR	0x80

/*
 * What syscall_entry pushes, lowest address first: only what the way back
 * needs (the stub's header says why RBX and R12-R15 are not here).
 */
struct syscall_frame {
	/* RDI, RSI, RDX, R10, R8, R9: pushed in reverse so that they lie in
	 * order -- this is the arg[] array the handlers are given */
	uint64_t arg[SYSCALL_MAX_ARGS];
	uint64_t rbp;		/* the entry zeroes RBP for the kernel's backtraces */
	uint64_t rip;		/* RCX, as SYSCALL left it */
	uint64_t rflags;	/* R11, as SYSCALL left it */
	uint64_t rsp;		/* the program's stack (first via gs:) */
	uint64_t nr;		/* RAX on entry: a restart puts it back */
	uint64_t pad;		/* keeps the frame a multiple of 16 bytes */
};

#define SYSCALL_FRAME_OFFSET(field, value)                                     \
	_Static_assert(offsetof(struct syscall_frame, field) == (value),        \
		       "struct syscall_frame." #field " differs from syscall_layout.h")
SYSCALL_FRAME_OFFSET(arg[0], ANVIL_SF_ARG0);
SYSCALL_FRAME_OFFSET(arg[1], ANVIL_SF_ARG1);
SYSCALL_FRAME_OFFSET(arg[2], ANVIL_SF_ARG2);
SYSCALL_FRAME_OFFSET(arg[3], ANVIL_SF_ARG3);
SYSCALL_FRAME_OFFSET(arg[4], ANVIL_SF_ARG4);
SYSCALL_FRAME_OFFSET(arg[5], ANVIL_SF_ARG5);
SYSCALL_FRAME_OFFSET(rbp, ANVIL_SF_RBP);
SYSCALL_FRAME_OFFSET(rip, ANVIL_SF_RIP);
SYSCALL_FRAME_OFFSET(rflags, ANVIL_SF_RFLAGS);
SYSCALL_FRAME_OFFSET(rsp, ANVIL_SF_RSP);
SYSCALL_FRAME_OFFSET(nr, ANVIL_SF_NR);
SYSCALL_FRAME_OFFSET(pad, ANVIL_SF_PAD);
_Static_assert(sizeof(struct syscall_frame) == ANVIL_SF_SIZE, "syscall frame size");
/* Pushed below a page-aligned stack top, a multiple of 16 leaves RSP
 * aligned for the C call. */
_Static_assert(ANVIL_SF_SIZE % 16 == 0, "syscall frame keeps RSP 16-byte aligned");
#undef SYSCALL_FRAME_OFFSET

/* The program's RSP at the `syscall`, for a handler given arg[] (which
 * is the start of the SYSCALL frame): sigaltstack asks "on it now?". */
uint64_t syscall_user_sp(const uint64_t *arg);

/* EFER.SCE, STAR, LSTAR, SFMASK; the per-CPU block; the int 0x80 gate. */
void syscall_arch_init(void);

/* Called by int80_entry with the trap frame it built. */
void int80_from_user(struct trap_frame *frame);

#endif
