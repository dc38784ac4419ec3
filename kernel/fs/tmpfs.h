/*
 * tmpfs: a file system that lives in memory -- the root (filled from the
 * initramfs), /tmp, and /dev (kernel/fs/devfs.c fills one with device
 * nodes).  A directory is a list of entries; a regular file is an array
 * of page frames, which are also what a MAP_SHARED mapping of it maps
 * (tmpfs pages are the page cache).  Its size limit is counted in pages
 * of file data: half of memory by default, as Linux's; ENOSPC past it.
 */
#ifndef ANVIL_KERNEL_FS_TMPFS_H
#define ANVIL_KERNEL_FS_TMPFS_H

#include "kernel/fs/vfs.h"

extern const struct fs_type tmpfs_type;
extern const struct fs_type devtmpfs_type;

struct tmpfs_dirent {
	struct tmpfs_dirent *next;	/* in creation order */
	struct inode *inode;		/* referenced */
	uint64_t off;			/* getdents64 position: grows, never reused */
	uint16_t len;
	char name[];
};

/* An inode's tmpfs part (inode->priv). */
struct tmpfs_node {
	/* directories */
	struct tmpfs_dirent *entries;
	struct inode *parent;		/* not referenced: a directory has one */
	uint64_t next_off;
	/* regular files: the frame of each page (0: a hole, reads as zeros) */
	uint64_t *pages;
	uint64_t npages;		/* entries in pages */
	/* symlinks */
	char *target;
};

static inline struct tmpfs_node *tmpfs_node(const struct inode *inode)
{
	return inode->priv;
}

/* A new inode of sb with its tmpfs part, or NULL (-ENOSPC: the inode
 * limit, or -ENOMEM). */
struct inode *tmpfs_new_inode(struct super_block *sb, uint32_t mode, uint64_t rdev);

/* Regular files (kernel/fs/tmpfs_file.c). */
extern const struct file_ops tmpfs_file_ops;
int tmpfs_truncate(struct inode *inode, uint64_t size);
int tmpfs_get_page(struct inode *inode, uint64_t pgoff, uint64_t *phys);
void tmpfs_free_pages(struct inode *inode);

/* What an opened device node or fifo uses instead (kernel/fs/chrdev.c). */
const struct file_ops *special_fops(const struct inode *inode);

#endif
