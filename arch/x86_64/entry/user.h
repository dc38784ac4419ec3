/*
 * Going to ring 3 (arch/x86_64/entry/syscall_entry.asm).
 *
 * A task reaches ring 3 in one of three ways: the return from a system
 * call or an interrupt (the entries' own paths), a forked child's first
 * return from fork (fork_child_entry), and a new program's first
 * instruction, after exec: user_enter().
 */
#ifndef ANVIL_ARCH_USER_H
#define ANVIL_ARCH_USER_H

#include <stdint.h>
#include "arch/x86_64/entry/syscall_layout.h"

/* Run ring 3 at rip with stack rsp and every other register 0, leaving
 * whatever the kernel was doing on this task's stack.  Interrupts off. */
__attribute__((noreturn)) void user_enter(uint64_t rip, uint64_t rsp);

/* The program's FS and GS bases (arch_prctl).  Set while the kernel runs:
 * FS directly (the kernel does not use FS); GS in MSR_KERNEL_GS_BASE,
 * which swapgs makes the program's GS on the way out. */
void user_set_fs_base(uint64_t base);
void user_set_gs_base(uint64_t base);

#endif
