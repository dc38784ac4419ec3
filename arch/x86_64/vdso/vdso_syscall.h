/*
 * The vDSO's way into the kernel when it cannot answer itself (a clock it
 * does not keep, a TSC the kernel does not trust, no RDPID/RDTSCP): the
 * system call the C library would have made (user/vdso/vdso.c).
 *
 * SYSCALL (Intel SDM Vol. 2B "SYSCALL") takes the number in RAX and
 * arguments in RDI, RSI, RDX; it writes RCX (the return address) and R11
 * (RFLAGS), hence those clobbers; the result comes back in RAX.  "memory":
 * the kernel writes through the pointers, so the compiler must not keep
 * the caller's buffer in registers across it.
 */
#ifndef ANVIL_ARCH_VDSO_SYSCALL_H
#define ANVIL_ARCH_VDSO_SYSCALL_H

static inline long vdso_syscall3(long nr, long a, long b, long c)
{
	long ret;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
}

#endif
