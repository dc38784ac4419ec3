/*
 * The exception table: instructions that may fault on purpose, and where
 * to resume when they do.  Entries are written in assembly next to the
 * instruction (arch/x86_64/syscall/uaccess_copy.asm, syscall_entry.asm) as
 * `dq instruction, fixup` in section .extable; linker.ld gathers them.
 */
#ifndef ANVIL_ARCH_EXTABLE_H
#define ANVIL_ARCH_EXTABLE_H

#include <stdbool.h>
#include <stdint.h>
#include "arch/x86_64/trap/trap.h"

struct extable_entry {
	uint64_t insn;		/* the instruction that may fault */
	uint64_t fixup;		/* where to continue when it does */
};

/* If the kernel-mode fault in frame happened at an instruction in the
 * table, point frame->rip at its fix-up and return true. */
bool extable_fixup(struct trap_frame *frame);

#endif
