/*
 * Opening and closing SMAP around a touch of user memory (SDM Vol. 3A
 * §4.6.1): stac sets RFLAGS.AC, so a supervisor-mode access to a user
 * page is allowed until clac clears it.  Without SMAP the instructions
 * do not exist (#UD): used only when the kernel turned SMAP on.  Every
 * instruction between the two must be one that may touch user memory on
 * purpose, with an exception-table entry (uaccess_copy.asm, fpu_user.asm).
 */
#ifndef ANVIL_ARCH_USER_ACCESS_H
#define ANVIL_ARCH_USER_ACCESS_H

#include "arch/x86_64/cpu/cpu_protect.h"
#include "arch/x86_64/insn/smap.h"

static inline void user_access_begin(void)
{
	if (cpu_protect_smap_enabled())
		stac();
}

static inline void user_access_end(void)
{
	if (cpu_protect_smap_enabled())
		clac();
}

#endif
