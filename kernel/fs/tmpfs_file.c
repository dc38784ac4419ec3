/*
 * tmpfs's regular files: an array of page frames indexed by page number.
 * A read copies out of the frames (a hole reads as zeros); a write
 * allocates frames as it goes, counting each against the file system's
 * size limit (ENOSPC, with the bytes already written kept).
 */
#include "kernel/addr.h"
#include "kernel/errno.h"
#include "kernel/fs/tmpfs.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/pmm.h"
#include "kernel/string.h"

#define TMPFS_FILE_MAX	(1UL << 40)	/* 1 TiB: EFBIG past it */

/* Make pages[] hold at least n entries. */
static int grow_index(struct tmpfs_node *t, uint64_t n)
{
	if (n <= t->npages)
		return 0;
	uint64_t cap = t->npages ? t->npages : 4;
	while (cap < n)
		cap *= 2;
	uint64_t *pages = kzalloc(cap * sizeof(*pages));
	if (!pages)
		return -ENOMEM;
	if (t->pages)
		memcpy(pages, t->pages, t->npages * sizeof(*pages));
	kfree(t->pages);
	t->pages = pages;
	t->npages = cap;
	return 0;
}

int tmpfs_get_page(struct inode *inode, uint64_t pgoff, uint64_t *phys)
{
	struct tmpfs_node *t = tmpfs_node(inode);
	if (pgoff < t->npages && t->pages[pgoff]) {
		*phys = t->pages[pgoff];
		return 0;
	}
	struct super_block *sb = inode->sb;
	if (sb->blocks_max && sb->blocks_used >= sb->blocks_max)
		return -ENOSPC;
	int err = grow_index(t, pgoff + 1);
	if (err)
		return err;
	uint64_t page = pmm_alloc();
	if (!page)
		return -ENOMEM;
	memset(phys_to_virt(page), 0, PAGE_SIZE);
	t->pages[pgoff] = page;
	sb->blocks_used++;
	inode->blocks += PAGE_SIZE / 512;
	*phys = page;
	return 0;
}

/* Free the pages from page first on. */
static void free_from(struct inode *inode, uint64_t first)
{
	struct tmpfs_node *t = tmpfs_node(inode);
	for (uint64_t i = first; i < t->npages; i++) {
		if (t->pages[i]) {
			pmm_free(t->pages[i]);
			t->pages[i] = 0;
			inode->sb->blocks_used--;
			inode->blocks -= PAGE_SIZE / 512;
		}
	}
}

void tmpfs_free_pages(struct inode *inode)
{
	struct tmpfs_node *t = tmpfs_node(inode);
	free_from(inode, 0);
	kfree(t->pages);
	t->pages = NULL;
	t->npages = 0;
}

int tmpfs_truncate(struct inode *inode, uint64_t size)
{
	if (size > TMPFS_FILE_MAX)
		return -EFBIG;
	if (size < inode->size) {
		uint64_t keep = (size + PAGE_SIZE - 1) / PAGE_SIZE;
		free_from(inode, keep);
		/* The kept last page's tail must read as zeros if it grows again. */
		struct tmpfs_node *t = tmpfs_node(inode);
		uint64_t in = size % PAGE_SIZE;
		if (in && keep - 1 < t->npages && t->pages[keep - 1])
			memset((char *)phys_to_virt(t->pages[keep - 1]) + in, 0, PAGE_SIZE - in);
	}
	inode->size = size;
	inode->mtime = inode->ctime = kts_now();
	return 0;
}

static long tmpfs_read(struct file *f, struct io_buf buf, size_t len, uint64_t *pos)
{
	struct inode *inode = f->inode;
	struct tmpfs_node *t = tmpfs_node(inode);
	if (*pos >= inode->size)
		return 0;
	if (len > inode->size - *pos)
		len = inode->size - *pos;
	size_t done = 0;
	while (done < len) {
		uint64_t at = *pos + done;
		uint64_t pg = at / PAGE_SIZE, in = at % PAGE_SIZE;
		size_t n = PAGE_SIZE - in < len - done ? PAGE_SIZE - in : len - done;
		int err;
		if (pg < t->npages && t->pages[pg])
			err = io_copy_out(buf, done, (char *)phys_to_virt(t->pages[pg]) + in, n);
		else
			err = io_zero(buf, done, n);
		if (err) {
			if (!done)
				return err;
			break;
		}
		done += n;
	}
	*pos += done;
	inode->atime = kts_now();
	return (long)done;
}

static long tmpfs_write(struct file *f, struct io_buf buf, size_t len, uint64_t *pos)
{
	struct inode *inode = f->inode;
	if (*pos >= TMPFS_FILE_MAX)
		return -EFBIG;
	if (len > TMPFS_FILE_MAX - *pos)
		len = TMPFS_FILE_MAX - *pos;
	size_t done = 0;
	int err = 0;
	while (done < len) {
		uint64_t at = *pos + done;
		uint64_t pg = at / PAGE_SIZE, in = at % PAGE_SIZE;
		size_t n = PAGE_SIZE - in < len - done ? PAGE_SIZE - in : len - done;
		uint64_t phys;
		if ((err = tmpfs_get_page(inode, pg, &phys)) != 0)
			break;
		if ((err = io_copy_in((char *)phys_to_virt(phys) + in, buf, done, n)) != 0)
			break;
		done += n;
		if (at + n > inode->size)
			inode->size = at + n;
	}
	if (!done)
		return err;
	*pos += done;
	inode->mtime = inode->ctime = kts_now();
	return (long)done;
}

const struct file_ops tmpfs_file_ops = {
	.read = tmpfs_read,
	.write = tmpfs_write,
};
