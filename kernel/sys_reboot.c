/*
 * reboot(2): how init (user/init/init.c) and busybox's poweroff -f end
 * the machine.  Linux's checks (kernel/reboot.c): two magic numbers guard
 * against a stray call, then the command; anvil has one CPU-level way to
 * stop and one to reset (kernel/power.h).
 */
#include "kernel/errno.h"
#include "kernel/power.h"
#include "kernel/printf.h"
#include "kernel/syscall.h"

/* include/uapi/linux/reboot.h */
#define LINUX_REBOOT_MAGIC1	0xfee1deadU
#define LINUX_REBOOT_MAGIC2	672274793U
#define LINUX_REBOOT_MAGIC2A	85072278U
#define LINUX_REBOOT_MAGIC2B	369367448U
#define LINUX_REBOOT_MAGIC2C	537993216U
#define LINUX_REBOOT_CMD_RESTART	0x01234567U
#define LINUX_REBOOT_CMD_HALT		0xcdef0123U
#define LINUX_REBOOT_CMD_CAD_ON		0x89abcdefU
#define LINUX_REBOOT_CMD_CAD_OFF	0x00000000U
#define LINUX_REBOOT_CMD_POWER_OFF	0x4321fedcU

long sys_reboot(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	uint32_t magic1 = (uint32_t)arg[0], magic2 = (uint32_t)arg[1], cmd = (uint32_t)arg[2];

	if (magic1 != LINUX_REBOOT_MAGIC1 ||
	    (magic2 != LINUX_REBOOT_MAGIC2 && magic2 != LINUX_REBOOT_MAGIC2A &&
	     magic2 != LINUX_REBOOT_MAGIC2B && magic2 != LINUX_REBOOT_MAGIC2C))
		return -EINVAL;
	switch (cmd) {
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;	/* ctrl-alt-del already only signals init */
	case LINUX_REBOOT_CMD_POWER_OFF:
	case LINUX_REBOOT_CMD_HALT:
		/* Under QEMU both end the run with status 0, as a powered-off
		 * machine; on hardware without the exit device they halt. */
		kernel_exit(0, cmd == LINUX_REBOOT_CMD_HALT ? "reboot: halt" : "reboot: power off");
	case LINUX_REBOOT_CMD_RESTART:
		kprintf("reboot: restarting the machine\n");
		arch_reboot();
	default:
		return -EINVAL;
	}
}
