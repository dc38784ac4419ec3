/*
 * Opening and closing SMAP around a touch of user memory (SDM Vol. 3A
 * §4.6.1): stac sets RFLAGS.AC, so a supervisor-mode access to a user
 * page is allowed until clac clears it.  Without SMAP the instructions
 * do not exist (#UD): used only when the kernel turned SMAP on.  Between
 * the two, user memory is touched only by instructions with an
 * exception-table entry (uaccess_copy.asm, fpu_user.asm, the unsafe_*
 * macros below), and nothing else is called: what a window needs is
 * computed before it opens.
 */
#ifndef ANVIL_ARCH_USER_ACCESS_H
#define ANVIL_ARCH_USER_ACCESS_H

#include <stdint.h>
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

/* The copy loop (uaccess_copy.asm): n bytes, returns how many were NOT
 * copied.  Inside a user_access_begin/end window. */
uint64_t uaccess_copy(void *dst, const void *src, uint64_t n);

/*
 * One 8-byte load or store of user memory, for code that touches many
 * fields of a user structure inside ONE user_access_begin/end window
 * instead of bouncing the structure through a kernel buffer (Linux's
 * unsafe_put_user / unsafe_get_user, arch/x86/include/asm/uaccess.h).
 * The caller has checked that the whole structure lies in the user half
 * (user_range_ok) and opened the window.
 *
 * The mov has an exception-table entry (.extable, the pairs
 * uaccess_copy.asm writes with `dq`; arch/x86_64/trap/extable.c): a #PF
 * the kernel cannot mend, or a #GP, resumes at the C label `fault`,
 * which is how `asm goto` lets an instruction branch to C (GCC manual,
 * "Goto Labels"; a #PF on a page not present yet is mended first and the
 * mov runs again).  Constraints: the value in a register or an
 * immediate the mov can encode ("er": sign-extended 32 bits for movq,
 * "ir" for movl; SDM Vol. 2B "MOV"); the user location as a memory operand ("m"), an input even for
 * the store because asm goto takes no outputs there -- the compiler never
 * reads user memory itself, so nothing it caches goes stale.  No
 * clobbers: mov writes no flags.  32-bit forms for the FPU area's magic
 * words.  The load's output (asm goto with
 * outputs, GCC 11 / clang 11) is valid on the fall-through path only,
 * which is the only one that uses it.
 */
#define UNSAFE_USER_MOV(insn, fault, out, ...)                                 \
	__asm__ goto("1: " insn "\n\t"                                          \
		     ".pushsection .extable, \"a\"\n\t"                        \
		     ".balign 8\n\t"                                          \
		     ".quad 1b, %l[" #fault "]\n\t"                            \
		     ".popsection"                                            \
		     : out : __VA_ARGS__ : : fault)

#define unsafe_put_user64(val, uptr, fault)                                    \
	UNSAFE_USER_MOV("movq %0, %1", fault, , "er"((uint64_t)(val)),          \
			"m"(*(uint64_t *)(uptr)))
#define unsafe_put_user32(val, uptr, fault)                                    \
	UNSAFE_USER_MOV("movl %0, %1", fault, , "ir"((uint32_t)(val)),          \
			"m"(*(uint32_t *)(uptr)))
#define unsafe_get_user64(var, uptr, fault)                                    \
	UNSAFE_USER_MOV("movq %1, %0", fault, "=r"(var),                       \
			"m"(*(const uint64_t *)(uptr)))
#define unsafe_get_user32(var, uptr, fault)                                    \
	UNSAFE_USER_MOV("movl %1, %0", fault, "=r"(var),                       \
			"m"(*(const uint32_t *)(uptr)))

#endif
