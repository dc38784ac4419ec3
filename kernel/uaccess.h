/*
 * Reading and writing a program's memory from the kernel.
 *
 * A system call gets addresses from the program, and the program may lie:
 * NULL, an address in the kernel half, a non-canonical one, an unmapped
 * page, a length that wraps around the address space.  These helpers are
 * the only way the kernel touches user memory; each
 *   1. checks that [addr, addr + len) lies in the user half, without
 *      overflow (user_range_ok);
 *   2. opens SMAP for the copy alone (stac ... clac, where the CPU has it);
 *   3. copies with instructions listed in the exception table, so a fault
 *      on an unmapped page resumes at a fix-up instead of panicking.
 * and returns 0 or -EFAULT.  docs/syscalls.md tells the story; the x86
 * implementation is arch/x86_64/syscall/uaccess.c and uaccess_copy.asm.
 */
#ifndef ANVIL_KERNEL_UACCESS_H
#define ANVIL_KERNEL_UACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "arch/x86_64/mm/page.h"	/* USER_END */


/* Does [addr, addr + len) lie inside the user half (len 0: addr <= USER_END)? */
static inline bool user_range_ok(uint64_t addr, uint64_t len)
{
	return addr <= USER_END && len <= USER_END - addr;
}

/* Copy n bytes from the program's address src to dst.  0 or -EFAULT
 * (then dst may hold part of the data). */
int copy_from_user(void *dst, uint64_t src, size_t n);
/* Copy n bytes from src to the program's address dst.  0 or -EFAULT. */
int copy_to_user(uint64_t dst, const void *src, size_t n);
/* Copy the program's string at src, NUL included, into dst[0..size).
 * Returns its length (without the NUL), -EFAULT, or -ENAMETOOLONG when
 * no NUL came within size bytes. */
long strncpy_from_user(char *dst, uint64_t src, size_t size);

#endif
