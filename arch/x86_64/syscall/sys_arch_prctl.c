/*
 * arch_prctl(code, addr): the program's FS and GS segment bases, which
 * thread-local storage uses (%fs:0 is the thread pointer in the x86-64
 * TLS ABI).  x86-only, so it lives here.
 */
#include "arch/x86_64/entry/user.h"
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

/* Linux arch/x86/include/uapi/asm/prctl.h */
#define ARCH_SET_GS	0x1001
#define ARCH_SET_FS	0x1002
#define ARCH_GET_FS	0x1003
#define ARCH_GET_GS	0x1004
/* Asked by glibc's start-up (CET, shadow stacks); Linux 6.1 has no CET
 * and answers it, like every code it does not know, -EINVAL
 * (arch/x86/kernel/process_64.c do_arch_prctl_64, arch_prctl). */
#define ARCH_CET_STATUS	0x3001

long sys_arch_prctl(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	struct process *p = process_current();
	uint64_t addr = arg[1];

	switch (arg[0]) {
	case ARCH_SET_FS:
	case ARCH_SET_GS:
		/* A base outside the user half would make the program's
		 * accesses reach (or fault on) kernel memory: refused. */
		if (addr >= USER_END)
			return -EPERM;
		if (arg[0] == ARCH_SET_FS) {
			p->arch.fs_base = addr;
			user_set_fs_base(addr);
		} else {
			p->arch.gs_base = addr;
			user_set_gs_base(addr);
		}
		return 0;
	case ARCH_GET_FS:
		return copy_to_user(addr, &p->arch.fs_base, sizeof(p->arch.fs_base)) ? -EFAULT : 0;
	case ARCH_GET_GS:
		return copy_to_user(addr, &p->arch.gs_base, sizeof(p->arch.gs_base)) ? -EFAULT : 0;
	case ARCH_CET_STATUS:
	default:
		return -EINVAL;
	}
}
