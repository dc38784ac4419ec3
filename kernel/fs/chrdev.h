/* Character devices and the nodes /dev gets (kernel/fs/chrdev.c). */
#ifndef ANVIL_KERNEL_FS_CHRDEV_H
#define ANVIL_KERNEL_FS_CHRDEV_H

#include "kernel/fs/vfs.h"

/* Linux's numbers (Documentation/admin-guide/devices.txt). */
#define DEV_NULL	MKDEV(1, 3)
#define DEV_ZERO	MKDEV(1, 5)
#define DEV_FULL	MKDEV(1, 7)
#define DEV_RANDOM	MKDEV(1, 8)
#define DEV_URANDOM	MKDEV(1, 9)
#define DEV_TTYS0	MKDEV(4, 64)
#define DEV_TTY		MKDEV(5, 0)
#define DEV_CONSOLE	MKDEV(5, 1)

struct chrdev_node {
	const char *name;	/* under /dev */
	uint64_t rdev;
	uint32_t mode;		/* permission bits */
};

/* The nodes a new /dev holds, ending with a NULL name. */
extern const struct chrdev_node chrdev_nodes[];

#endif
