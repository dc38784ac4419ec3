/*
 * The two ways a program calls the kernel on x86-64, both ending in the
 * generic dispatcher (kernel/syscall.h):
 *   SYSCALL      the 64-bit ABI: arch/x86_64/syscall_entry.asm
 *   int $0x80    the i386 ABI, through a DPL-3 IDT gate and the ordinary
 *                trap stubs; numbers translated from the 32-bit table
 * docs/syscalls.md compares them.
 */
#ifndef ANVIL_ARCH_SYSCALL_H
#define ANVIL_ARCH_SYSCALL_H

#include "arch/x86_64/trap.h"

/* The vector of the i386 system call gate. */
#define X86_INT80_VECTOR	0x80

/* EFER.SCE, STAR, LSTAR, SFMASK; the per-CPU block; the int 0x80 gate. */
void syscall_arch_init(void);

/* Called by syscall_entry with the frame it built. */
void syscall_from_user(struct trap_frame *frame);

#endif
