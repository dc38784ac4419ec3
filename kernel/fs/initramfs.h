/*
 * The initramfs: a cpio newc archive (kernel/fs/cpio.h) that GRUB loads
 * as the multiboot2 module whose string is exactly "initramfs", unpacked
 * into the root tmpfs at boot (docs/design.md, "The root file system").
 */
#ifndef ANVIL_KERNEL_FS_INITRAMFS_H
#define ANVIL_KERNEL_FS_INITRAMFS_H

#include <stddef.h>

/* The boot module's string that names the archive. */
#define INITRAMFS_MODULE	"initramfs"

/* Check the whole archive buf[0, len) first (a damaged one is refused
 * with one log line "initramfs: refused: <reason>" and nothing is made),
 * then make each entry in the VFS and log one summary line.  0, or the
 * -errno of the check (-EINVAL) or of the first entry that failed. */
int initramfs_unpack(const void *buf, size_t len);

/* Unpack every "initramfs" boot module GRUB loaded, in order, each into
 * the same root (none: a log line and 0).  0, or the first error. */
int initramfs_load(void);

#endif
