/* What the file system calls (kernel/fs/sys_*.c) share. */
#ifndef ANVIL_KERNEL_FS_SYS_FS_H
#define ANVIL_KERNEL_FS_SYS_FS_H

#include <stdint.h>
#include "kernel/fs/vfs.h"

/* The inode a *at() call names: the program's path from dirfd (walk:
 * WALK_FOLLOW or not), or with AT_EMPTY_PATH in at_flags and an empty
 * path the descriptor dirfd itself.  0 with a referenced *out, or the
 * walk's errors, -EFAULT, -EBADF. */
int lookup_at(int dirfd, uint64_t upath, unsigned at_flags, unsigned walk, struct path *out);

/* A removed directory (nlink 0) takes no new names: -ENOENT, as the
 * IS_DEADDIR checks of Linux's may_create and lookups (fs/namei.c). */
static inline int dir_alive(const struct inode *dir)
{
	return dir->nlink ? 0 : -ENOENT;
}

#endif
