/*
 * The user-copy helpers (kernel/uaccess.h) on x86-64: a range check, then
 * the copy in arch/x86_64/syscall/uaccess_copy.asm between stac and clac.
 *
 * SMAP (CR4.SMAP, SDM Vol. 3A §4.6.1): a supervisor-mode data access to a
 * user page faults unless RFLAGS.AC is 1.  stac sets AC, clac clears it,
 * so the kernel can reach user memory only inside these brackets, and a
 * stray dereference of a user pointer anywhere else faults at once.
 * Without SMAP, stac/clac do not exist (#UD): they are used only when the
 * kernel turned SMAP on (cpu_protect_smap_enabled()).
 */
#include "kernel/uaccess.h"
#include "arch/x86_64/syscall/user_access.h"
#include "kernel/errno.h"

int64_t uaccess_strncpy(char *dst, const char *src, uint64_t max);

int copy_from_user(void *dst, uint64_t src, size_t n)
{
	if (!user_range_ok(src, n))
		return -EFAULT;
	user_access_begin();
	uint64_t left = uaccess_copy(dst, (const void *)src, n);
	user_access_end();
	return left ? -EFAULT : 0;
}

int copy_to_user(uint64_t dst, const void *src, size_t n)
{
	if (!user_range_ok(dst, n))
		return -EFAULT;
	user_access_begin();
	uint64_t left = uaccess_copy((void *)dst, src, n);
	user_access_end();
	return left ? -EFAULT : 0;
}

long strncpy_from_user(char *dst, uint64_t src, size_t size)
{
	if (size == 0 || !user_range_ok(src, 0) || src == USER_END)
		return -EFAULT;
	/* Read no further than the end of the user half. */
	uint64_t max = size < USER_END - src ? size : USER_END - src;
	user_access_begin();
	int64_t len = uaccess_strncpy(dst, (const char *)src, max);
	user_access_end();
	if (len < 0)
		return -EFAULT;
	if ((uint64_t)len == max)
		return max == size ? -ENAMETOOLONG : -EFAULT;
	return len;
}
