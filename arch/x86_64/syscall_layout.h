/*
 * Numbers the SYSCALL entry and the user-mode switch (arch/x86_64/
 * syscall_entry.asm) share with C.  The build turns every ANVIL_* macro
 * here into build/gen/syscall_layout.inc; arch/x86_64/percpu.h and
 * arch/x86_64/user.h check each one against the C structs and selectors
 * with _Static_assert, so the two sides cannot drift apart.
 *
 * Keep the values plain numbers NASM can read.
 */
#ifndef ANVIL_ARCH_SYSCALL_LAYOUT_H
#define ANVIL_ARCH_SYSCALL_LAYOUT_H

/* Offsets in struct percpu, the block GS points at in the kernel. */
#define ANVIL_PERCPU_SELF		0	/* the block's own address */
#define ANVIL_PERCPU_KERNEL_RSP		8	/* top of the running process's kernel stack */
#define ANVIL_PERCPU_USER_RSP		16	/* the program's RSP, saved by the SYSCALL entry */

/* Offsets in struct kcontext (user_enter / user_leave). */
#define ANVIL_KCTX_RSP			0
#define ANVIL_KCTX_RBX			8
#define ANVIL_KCTX_RBP			16
#define ANVIL_KCTX_R12			24
#define ANVIL_KCTX_R13			32
#define ANVIL_KCTX_R14			40
#define ANVIL_KCTX_R15			48

/* The ring-3 selectors (arch/x86_64/gdt.h: GDT_USER_CS, GDT_USER_DS). */
#define ANVIL_USER_CS			0x23
#define ANVIL_USER_DS			0x1b

/* frame.vector of a trap frame built by the SYSCALL entry: not a vector
 * at all (vectors stop at 255), so it can never be mistaken for one. */
#define ANVIL_TF_VECTOR_SYSCALL		256

/*
 * RFLAGS a program starts with: IF (0x200), so the timer and the input
 * devices interrupt it, and bit 1, which is always 1.  IOPL is 0, so cli,
 * sti, in and out fault in ring 3.
 */
#define ANVIL_USER_RFLAGS		0x202

#endif
