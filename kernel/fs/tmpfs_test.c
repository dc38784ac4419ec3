/*
 * tmpfs through its inode_ops, on an instance of its own (not mounted):
 * link counts of files and directories, rmdir of a non-empty directory,
 * rename with RENAME_EXCHANGE and RENAME_NOREPLACE, truncate then grow
 * reads zeros, the size limit, and every page back after truncate to 0.
 */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/tmpfs.h"
#include "kernel/fs/vfs.h"
#include "kernel/ktest.h"
#include "kernel/string.h"

static struct inode *child(struct inode *dir, const char *name)
{
	struct inode *out;
	if (dir->iops->lookup(dir, name, strlen(name), &out))
		return NULL;
	inode_put(out);		/* the entry keeps it */
	return out;
}

static int mkdir_(struct inode *dir, const char *name)
{
	return dir->iops->mkdir(dir, name, strlen(name), 0755);
}

static int create_(struct inode *dir, const char *name)
{
	return dir->iops->create(dir, name, strlen(name), S_IFREG | 0644, 0, NULL);
}

KTEST(tmpfs, nlink_counts)
{
	struct super_block *sb;
	KASSERT_EQ(tmpfs_type.mount(NULL, &sb), 0);
	struct inode *root = sb->root;
	KEXPECT_EQ(root->nlink, 2);
	KEXPECT_EQ(mkdir_(root, "a"), 0);
	KEXPECT_EQ(mkdir_(root, "b"), 0);
	KEXPECT_EQ(root->nlink, 4);		/* ".", its name, two ".." */
	KEXPECT_EQ(mkdir_(root, "a"), -EEXIST);
	KEXPECT_EQ(create_(root, "f"), 0);
	struct inode *f = child(root, "f"), *a = child(root, "a");
	KASSERT_TRUE(f && a);
	KEXPECT_EQ(a->nlink, 2);
	KEXPECT_EQ(root->iops->link(a, "g", 1, f), 0);
	KEXPECT_EQ(f->nlink, 2);
	KEXPECT_EQ(a->nlink, 2);		/* a file is no subdirectory */
	KEXPECT_EQ(root->iops->unlink(root, "f", 1), 0);
	KEXPECT_EQ(f->nlink, 1);
	KEXPECT_EQ(root->iops->rmdir(root, "a", 1), -ENOTEMPTY);
	KEXPECT_EQ(root->iops->unlink(root, "a", 1), -EISDIR);
	KEXPECT_EQ(root->iops->rmdir(root, "g", 1), -ENOENT);
	KEXPECT_EQ(root->iops->unlink(a, "g", 1), 0);
	KEXPECT_EQ(root->iops->rmdir(root, "a", 1), 0);
	KEXPECT_EQ(root->nlink, 3);
	KEXPECT_TRUE(child(root, "a") == NULL);
	tmpfs_type.kill_sb(sb);
}

KTEST(tmpfs, rename_exchange_and_noreplace)
{
	struct super_block *sb;
	KASSERT_EQ(tmpfs_type.mount(NULL, &sb), 0);
	struct inode *root = sb->root;
	mkdir_(root, "d1");
	mkdir_(root, "d2");
	struct inode *d1 = child(root, "d1"), *d2 = child(root, "d2");
	mkdir_(d1, "sub");
	create_(d2, "file");
	struct inode *sub = child(d1, "sub"), *file = child(d2, "file");
	KEXPECT_EQ(d1->nlink, 3);
	KEXPECT_EQ(d2->nlink, 2);
	/* d1/sub <-> d2/file: the directory moves to d2, and its ".." too. */
	KEXPECT_EQ(root->iops->rename(d1, "sub", 3, d2, "file", 4, RENAME_EXCHANGE), 0);
	KEXPECT_EQ((uintptr_t)child(d1, "sub"), (uintptr_t)file);
	KEXPECT_EQ((uintptr_t)child(d2, "file"), (uintptr_t)sub);
	KEXPECT_EQ(d1->nlink, 2);
	KEXPECT_EQ(d2->nlink, 3);
	KEXPECT_EQ((uintptr_t)child(sub, ".."), (uintptr_t)d2);
	KEXPECT_EQ(root->iops->rename(d1, "sub", 3, d2, "none", 4, RENAME_EXCHANGE), -ENOENT);
	KEXPECT_EQ(root->iops->rename(d1, "sub", 3, d2, "file", 4, RENAME_NOREPLACE), -EEXIST);
	KEXPECT_EQ(root->iops->rename(d1, "sub", 3, d2, "new", 3, RENAME_NOREPLACE), 0);
	KEXPECT_TRUE(child(d1, "sub") == NULL);
	KEXPECT_EQ((uintptr_t)child(d2, "new"), (uintptr_t)file);
	/* A directory over a non-empty one: ENOTEMPTY; over an empty one: ok. */
	mkdir_(root, "e");
	create_(sub, "x");
	KEXPECT_EQ(root->iops->rename(root, "e", 1, d2, "file", 4, 0), -ENOTEMPTY);
	root->iops->unlink(sub, "x", 1);
	KEXPECT_EQ(root->iops->rename(root, "e", 1, d2, "file", 4, 0), 0);
	KEXPECT_EQ(d2->nlink, 3);
	KEXPECT_EQ(root->nlink, 4);
	KEXPECT_EQ(root->iops->rename(d2, "new", 3, d2, "file", 4, 0), -EISDIR);
	tmpfs_type.kill_sb(sb);
}

static long pread_(struct file *f, void *buf, size_t len, uint64_t pos)
{
	return file_pread(f, io_kernel(buf), len, pos);
}

static bool all_zero(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

KTEST(tmpfs, truncate_then_grow_reads_zeros)
{
	struct super_block *sb;
	KASSERT_EQ(tmpfs_type.mount("size=16k", &sb), 0);
	struct inode *f;
	KASSERT_EQ(sb->root->iops->create(sb->root, "f", 1, S_IFREG | 0644, 0, &f), 0);
	struct file *file = file_alloc(f, f->fops, O_RDWR);
	KASSERT_TRUE(file != NULL);
	static char buf[3 * 4096];
	memset(buf, 'a', sizeof(buf));
	KEXPECT_EQ(file_pwrite(file, io_kernel(buf), sizeof(buf), 0), (long)sizeof(buf));
	KEXPECT_EQ(sb->blocks_used, 3);
	KEXPECT_EQ(f->iops->truncate(f, 100), 0);
	KEXPECT_EQ(f->size, 100);
	KEXPECT_EQ(sb->blocks_used, 1);		/* the pages past the end are freed */
	KEXPECT_EQ(f->iops->truncate(f, sizeof(buf)), 0);
	memset(buf, 'x', sizeof(buf));
	KEXPECT_EQ(pread_(file, buf, sizeof(buf), 0), (long)sizeof(buf));
	KEXPECT_EQ(buf[99], 'a');
	KEXPECT_TRUE(all_zero(buf + 100, sizeof(buf) - 100));
	/* The limit is 4 pages: page 1 stays a hole, pages 2-4 are new. */
	memset(buf, 'b', sizeof(buf));
	KEXPECT_EQ(file_pwrite(file, io_kernel(buf), sizeof(buf), 2 * 4096), (long)sizeof(buf));
	KEXPECT_EQ(sb->blocks_used, 4);
	/* Across the end of page 4 into a fifth: short, then ENOSPC. */
	KEXPECT_EQ(file_pwrite(file, io_kernel(buf), 8192, 4 * 4096 + 100), 4096 - 100);
	KEXPECT_EQ(file_pwrite(file, io_kernel(buf), 1, 5 * 4096), -ENOSPC);
	KEXPECT_EQ(f->size, 5 * 4096);
	KEXPECT_EQ(pread_(file, buf, 4096, 4096), 4096);
	KEXPECT_TRUE(all_zero(buf, 4096));	/* the hole */
	KEXPECT_EQ(f->iops->truncate(f, 0), 0);
	KEXPECT_EQ(sb->blocks_used, 0);		/* every page back */
	KEXPECT_EQ(f->blocks, 0);
	file_put(file);
	inode_put(f);
	tmpfs_type.kill_sb(sb);
}
