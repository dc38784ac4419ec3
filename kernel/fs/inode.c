/*
 * Inodes: allocation, references and times; and the io_buf copies every
 * read and write goes through (kernel/fs/vfs.h).
 */
#include "kernel/errno.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/heap.h"
#include "kernel/process.h"
#include "kernel/string.h"
#include "kernel/timer.h"
#include "kernel/uaccess.h"

struct inode *inode_new(struct super_block *sb, uint32_t mode)
{
	if (sb->inodes_max && sb->inodes_used >= sb->inodes_max)
		return NULL;
	struct inode *inode = kzalloc(sizeof(*inode));
	if (!inode)
		return NULL;
	inode->ino = ++sb->next_ino;
	inode->mode = mode;
	inode->nlink = 1;
	inode->refs = 1;
	inode->sb = sb;
	inode->atime = inode->mtime = inode->ctime = kts_now();
	sb->inodes_used++;
	return inode;
}

struct inode *inode_get(struct inode *inode)
{
	inode->refs++;
	return inode;
}

void inode_put(struct inode *inode)
{
	if (!inode || --inode->refs)
		return;
	struct super_block *sb = inode->sb;
	if (sb->evict)
		sb->evict(inode);
	sb->inodes_used--;
	kfree(inode);
	if (sb->dead && sb->inodes_used == 0)
		kfree(sb);	/* the last inode of an unmounted instance */
}

struct kts kts_now(void)
{
	int64_t ns = realtime_ns();
	return (struct kts){ ns / 1000000000, ns % 1000000000 };
}

unsigned mode_to_dt(uint32_t mode)
{
	return (mode & S_IFMT) >> 12;	/* DT_* are S_IF* shifted: DT_DIR 4 = 0040000 >> 12 */
}

int io_copy_out(struct io_buf b, size_t off, const void *src, size_t n)
{
	if (b.kernel) {
		memcpy((char *)b.addr + off, src, n);
		return 0;
	}
	return copy_to_user(b.addr + off, src, n);
}

int io_copy_in(void *dst, struct io_buf b, size_t off, size_t n)
{
	if (b.kernel) {
		memcpy(dst, (const char *)b.addr + off, n);
		return 0;
	}
	return copy_from_user(dst, b.addr + off, n);
}

int io_zero(struct io_buf b, size_t off, size_t n)
{
	static const char zeros[256];
	while (n) {
		size_t k = n < sizeof(zeros) ? n : sizeof(zeros);
		if (io_copy_out(b, off, zeros, k))
			return -EFAULT;
		off += k;
		n -= k;
	}
	return 0;
}

int inode_permission(const struct inode *inode, unsigned mask)
{
	const struct process *p = process_current();
	uint32_t mode = inode->mode;
	if (p->euid == 0) {
		bool exec_ok = !(mask & MAY_EXEC) || S_ISDIR(mode) || (mode & 0111);
		return exec_ok ? 0 : -EACCES;
	}
	unsigned bits;
	if (p->euid == inode->uid)
		bits = mode >> 6;
	else if (p->egid == inode->gid)
		bits = mode >> 3;
	else
		bits = mode;
	return (bits & mask & 7) == (mask & 7) ? 0 : -EACCES;
}
