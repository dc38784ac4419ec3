/*
 * /proc: the kernel's view of itself and of each process, as files that
 * are generated when opened (docs/procfs.md).  vfs_init registers the
 * type and mounts it at /proc:
 *
 *	fs_register(&procfs_type);
 *	vfs_mount("proc", "proc", NULL, &at, 0);
 *
 * The formats are Linux 6.1's (fs/proc/), so that programs written for
 * Linux (ps, top, free, uptime, mount) read them unchanged.
 */
#ifndef ANVIL_KERNEL_FS_PROCFS_PROCFS_H
#define ANVIL_KERNEL_FS_PROCFS_PROCFS_H

#include "kernel/fs/vfs.h"

extern const struct fs_type procfs_type;	/* "proc", nodev */

#endif
