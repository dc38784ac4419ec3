/*
 * Numbers the SYSCALL entry and the user-mode switch (arch/x86_64/
 * syscall_entry.asm) share with C.  The build turns every ANVIL_* macro
 * here into build/gen/syscall_layout.inc; arch/x86_64/cpu/percpu.h and
 * arch/x86_64/entry/user.h check each one against the C structs and selectors
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
#define ANVIL_PERCPU_CURRENT		24	/* the task running on this CPU */
#define ANVIL_PERCPU_WORK		32	/* nonzero: something to do before ring 3 */

/* The ring-3 selectors (arch/x86_64/cpu/gdt.h: GDT_USER_CS, GDT_USER_DS). */
#define ANVIL_USER_CS			0x23
#define ANVIL_USER_DS			0x1b

/*
 * Offsets in struct syscall_frame (arch/x86_64/syscall/syscall.h), the frame the
 * SYSCALL entry builds: the six arguments first, in the order the
 * handlers take them, so the frame *is* their arg[] array.
 */
#define ANVIL_SF_ARG0			0	/* RDI */
#define ANVIL_SF_ARG1			8	/* RSI */
#define ANVIL_SF_ARG2			16	/* RDX */
#define ANVIL_SF_ARG3			24	/* R10 */
#define ANVIL_SF_ARG4			32	/* R8 */
#define ANVIL_SF_ARG5			40	/* R9 */
#define ANVIL_SF_RBP			48	/* the program's RBP */
#define ANVIL_SF_RIP			56	/* RCX: where sysretq returns */
#define ANVIL_SF_RFLAGS			64	/* R11: the program's RFLAGS */
#define ANVIL_SF_RSP			72	/* the program's stack */
#define ANVIL_SF_NR			80	/* RAX on entry: the number (Linux's orig_ax) */
#define ANVIL_SF_PAD			88	/* unused: 12 words keep RSP 16-byte aligned */
#define ANVIL_SF_SIZE			96

/* Every address in the user half fits in 47 bits: the half ends at
 * 1 << 47 (USER_END in arch/x86_64/mm/page.h; arch/x86_64/syscall/
 * syscall.c checks that the two agree). */
#define ANVIL_USER_ADDR_BITS		47

/* One past the highest system call number (SYS_COUNT in kernel/syscall.h,
 * which checks that the two agree): the entry's bounds check. */
#define ANVIL_SYS_COUNT			440

/*
 * RFLAGS a program starts with: IF (0x200), so the timer and the input
 * devices interrupt it, and bit 1, which is always 1.  IOPL is 0, so cli,
 * sti, in and out fault in ring 3.
 */
#define ANVIL_USER_RFLAGS		0x202

/* RFLAGS.TF (bit 8), the single-step flag: a return to a program that has
 * it set goes through iretq, not sysretq (syscall_entry.asm says why). */
#define ANVIL_RFLAGS_TF			0x100

#endif
