/*
 * tmpfs: instances and directories (kernel/fs/tmpfs.h).  A directory's
 * entries are a list in creation order; each holds a reference on its
 * inode, so an unlinked file that is still open lives on until closed,
 * as on Linux.
 */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/tmpfs.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/pmm.h"
#include "kernel/string.h"

static const struct inode_ops dir_ops, file_iops, link_ops, special_iops;

struct inode *tmpfs_new_inode(struct super_block *sb, uint32_t mode, uint64_t rdev)
{
	struct tmpfs_node *t = kzalloc(sizeof(*t));
	if (!t)
		return NULL;
	struct inode *inode = inode_new(sb, mode);
	if (!inode) {
		kfree(t);
		return NULL;
	}
	inode->priv = t;
	inode->rdev = rdev;
	if (S_ISDIR(mode)) {
		inode->iops = &dir_ops;
		inode->nlink = 2;
		t->next_off = 2;	/* 0 and 1 are "." and ".." */
	} else if (S_ISREG(mode)) {
		inode->iops = &file_iops;
		inode->fops = &tmpfs_file_ops;
	} else if (S_ISLNK(mode)) {
		inode->iops = &link_ops;
	} else {
		inode->iops = &special_iops;
		inode->fops = special_fops(inode);
	}
	return inode;
}

static void tmpfs_evict(struct inode *inode)
{
	struct tmpfs_node *t = tmpfs_node(inode);
	if (S_ISREG(inode->mode))
		tmpfs_free_pages(inode);
	kfree(t->target);
	kfree(t);
}

static struct tmpfs_dirent **find(struct inode *dir, const char *name, size_t len)
{
	struct tmpfs_dirent **pp = &tmpfs_node(dir)->entries;
	for (; *pp; pp = &(*pp)->next)
		if ((*pp)->len == len && memcmp((*pp)->name, name, len) == 0)
			return pp;
	return NULL;
}

static int tmpfs_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		struct inode *up = tmpfs_node(dir)->parent;
		*out = inode_get(up ? up : dir);
		return 0;
	}
	struct tmpfs_dirent **pp = find(dir, name, len);
	if (!pp)
		return -ENOENT;
	*out = inode_get((*pp)->inode);
	return 0;
}

/* Link inode (a reference is taken) into dir as name. */
static int add_entry(struct inode *dir, const char *name, size_t len, struct inode *inode)
{
	struct tmpfs_dirent *d = kmalloc(sizeof(*d) + len);
	if (!d)
		return -ENOMEM;
	struct tmpfs_node *t = tmpfs_node(dir);
	d->inode = inode_get(inode);
	d->len = (uint16_t)len;
	d->off = t->next_off++;
	memcpy(d->name, name, len);
	d->next = NULL;
	struct tmpfs_dirent **pp = &t->entries;
	while (*pp)
		pp = &(*pp)->next;
	*pp = d;
	if (S_ISDIR(inode->mode)) {
		tmpfs_node(inode)->parent = dir;
		dir->nlink++;
	}
	dir->mtime = dir->ctime = kts_now();
	dir->size += 20;	/* Linux's tmpfs: BOGO_DIRENT_SIZE a name */
	return 0;
}

static void drop_entry(struct inode *dir, struct tmpfs_dirent **pp)
{
	struct tmpfs_dirent *d = *pp;
	*pp = d->next;
	if (S_ISDIR(d->inode->mode))
		dir->nlink--;
	dir->mtime = dir->ctime = kts_now();
	dir->size -= 20;
	inode_put(d->inode);
	kfree(d);
}

static int tmpfs_create(struct inode *dir, const char *name, size_t len,
			uint32_t mode, uint64_t rdev, struct inode **out)
{
	if (find(dir, name, len))
		return -EEXIST;
	struct inode *inode = tmpfs_new_inode(dir->sb, mode, rdev);
	if (!inode)
		return -ENOSPC;
	int err = add_entry(dir, name, len, inode);
	if (err || !out)
		inode_put(inode);
	else
		*out = inode;
	return err;
}

static int tmpfs_mkdir(struct inode *dir, const char *name, size_t len, uint32_t mode)
{
	return tmpfs_create(dir, name, len, S_IFDIR | (mode & S_IALLUGO), 0, NULL);
}

static int tmpfs_symlink(struct inode *dir, const char *name, size_t len, const char *target)
{
	if (find(dir, name, len))
		return -EEXIST;
	size_t n = strlen(target);
	struct inode *inode = tmpfs_new_inode(dir->sb, S_IFLNK | 0777, 0);
	if (!inode)
		return -ENOSPC;
	struct tmpfs_node *t = tmpfs_node(inode);
	if (!(t->target = kmalloc(n + 1))) {
		inode_put(inode);
		return -ENOMEM;
	}
	memcpy(t->target, target, n + 1);
	inode->size = n;
	int err = add_entry(dir, name, len, inode);
	inode_put(inode);
	return err;
}

static int tmpfs_link(struct inode *dir, const char *name, size_t len, struct inode *target)
{
	if (find(dir, name, len))
		return -EEXIST;
	int err = add_entry(dir, name, len, target);
	if (!err) {
		target->nlink++;
		target->ctime = kts_now();
	}
	return err;
}

static int tmpfs_unlink(struct inode *dir, const char *name, size_t len)
{
	struct tmpfs_dirent **pp = find(dir, name, len);
	if (!pp)
		return -ENOENT;
	struct inode *inode = (*pp)->inode;
	if (S_ISDIR(inode->mode))
		return -EISDIR;
	inode->nlink--;
	inode->ctime = kts_now();
	drop_entry(dir, pp);
	return 0;
}

static bool dir_empty(struct inode *dir)
{
	return tmpfs_node(dir)->entries == NULL;
}

static int tmpfs_rmdir(struct inode *dir, const char *name, size_t len)
{
	struct tmpfs_dirent **pp = find(dir, name, len);
	if (!pp)
		return -ENOENT;
	struct inode *inode = (*pp)->inode;
	if (!S_ISDIR(inode->mode))
		return -ENOTDIR;
	if (!dir_empty(inode))
		return -ENOTEMPTY;
	if (inode->mounted)
		return -EBUSY;
	inode->nlink = 0;	/* a removed directory: getcwd gives ENOENT */
	drop_entry(dir, pp);
	return 0;
}

/* Move entry *opp of odir to ndir under a new name (the old entry's
 * memory is reused when the name fits; here: always a new one). */
static int move_entry(struct inode *odir, struct tmpfs_dirent **opp,
		      struct inode *ndir, const char *nname, size_t nlen)
{
	struct inode *inode = inode_get((*opp)->inode);
	int err = add_entry(ndir, nname, nlen, inode);
	if (!err)
		drop_entry(odir, find(odir, (*opp)->name, (*opp)->len));
	inode_put(inode);
	return err;
}

static int tmpfs_exchange(struct tmpfs_dirent *a, struct tmpfs_dirent *b,
			  struct inode *adir, struct inode *bdir)
{
	struct inode *t = a->inode;
	a->inode = b->inode;
	b->inode = t;
	if (S_ISDIR(a->inode->mode)) {
		tmpfs_node(a->inode)->parent = adir;
	}
	if (S_ISDIR(b->inode->mode))
		tmpfs_node(b->inode)->parent = bdir;
	if (adir != bdir && S_ISDIR(a->inode->mode) != S_ISDIR(b->inode->mode)) {
		int d = S_ISDIR(a->inode->mode) ? 1 : -1;
		adir->nlink += d;
		bdir->nlink -= d;
	}
	a->inode->ctime = b->inode->ctime = kts_now();
	return 0;
}

static int tmpfs_rename(struct inode *odir, const char *oname, size_t olen,
			struct inode *ndir, const char *nname, size_t nlen, unsigned flags)
{
	struct tmpfs_dirent **opp = find(odir, oname, olen);
	if (!opp)
		return -ENOENT;
	struct tmpfs_dirent **npp = find(ndir, nname, nlen);
	struct inode *src = (*opp)->inode;
	if (flags & RENAME_EXCHANGE) {
		if (!npp)
			return -ENOENT;
		return tmpfs_exchange(*opp, *npp, odir, ndir);
	}
	if (npp) {
		struct inode *dst = (*npp)->inode;
		if (flags & RENAME_NOREPLACE)
			return -EEXIST;
		if (dst == src)
			return 0;	/* two names of one file: nothing to do */
		if (S_ISDIR(src->mode) && !S_ISDIR(dst->mode))
			return -ENOTDIR;
		if (!S_ISDIR(src->mode) && S_ISDIR(dst->mode))
			return -EISDIR;
		int err = S_ISDIR(dst->mode) ? tmpfs_rmdir(ndir, nname, nlen)
					     : tmpfs_unlink(ndir, nname, nlen);
		if (err)
			return err;
		opp = find(odir, oname, olen);	/* the list may have moved */
	}
	src->ctime = kts_now();
	return move_entry(odir, opp, ndir, nname, nlen);
}

struct emit_state {
	dir_emit_fn emit;
	void *ctx;
};

static int tmpfs_iterate(struct inode *dir, uint64_t *pos, dir_emit_fn emit, void *ctx)
{
	struct tmpfs_node *t = tmpfs_node(dir);
	if (*pos == 0) {
		if (!emit(ctx, ".", 1, dir->ino, DT_DIR))
			return 0;
		*pos = 1;
	}
	if (*pos == 1) {
		struct inode *up = t->parent ? t->parent : dir;
		if (!emit(ctx, "..", 2, up->ino, DT_DIR))
			return 0;
		*pos = 2;
	}
	for (struct tmpfs_dirent *d = t->entries; d; d = d->next) {
		if (d->off < *pos)
			continue;
		if (!emit(ctx, d->name, d->len, d->inode->ino, mode_to_dt(d->inode->mode)))
			return 0;
		*pos = d->off + 1;
	}
	return 0;
}

static long tmpfs_readlink(struct inode *link, char *buf, size_t size)
{
	size_t n = link->size < size ? link->size : size;
	memcpy(buf, tmpfs_node(link)->target, n);
	return (long)n;
}

static const struct inode_ops dir_ops = {
	.lookup = tmpfs_lookup,
	.create = tmpfs_create,
	.mkdir = tmpfs_mkdir,
	.symlink = tmpfs_symlink,
	.link = tmpfs_link,
	.unlink = tmpfs_unlink,
	.rmdir = tmpfs_rmdir,
	.rename = tmpfs_rename,
	.iterate = tmpfs_iterate,
};

static const struct inode_ops file_iops = {
	.truncate = tmpfs_truncate,
	.get_page = tmpfs_get_page,
};

static const struct inode_ops link_ops = {
	.readlink = tmpfs_readlink,
};

static const struct inode_ops special_iops = { 0 };

/* ---- instances ---- */

static unsigned next_dev = 1;	/* anonymous devices: Linux's major 0 */

/* "size=N[k|m|g|%]" and "mode=OCTAL" (mount(2)'s data), as Linux's tmpfs. */
static void parse_options(const char *opt, uint64_t *pages, uint32_t *mode)
{
	while (opt && *opt) {
		if (strncmp(opt, "size=", 5) == 0) {
			uint64_t v = 0;
			opt += 5;
			while (*opt >= '0' && *opt <= '9')
				v = v * 10 + (uint64_t)(*opt++ - '0');
			if (*opt == 'k' || *opt == 'K')
				v <<= 10, opt++;
			else if (*opt == 'm' || *opt == 'M')
				v <<= 20, opt++;
			else if (*opt == 'g' || *opt == 'G')
				v <<= 30, opt++;
			else if (*opt == '%')
				v = pmm_total_frames() * PAGE_SIZE / 100 * v, opt++;
			*pages = (v + PAGE_SIZE - 1) / PAGE_SIZE;
		} else if (strncmp(opt, "mode=", 5) == 0) {
			uint32_t m = 0;
			opt += 5;
			while (*opt >= '0' && *opt <= '7')
				m = m * 8 + (uint32_t)(*opt++ - '0');
			*mode = m & S_IALLUGO;
		}
		while (*opt && *opt != ',')
			opt++;
		if (*opt == ',')
			opt++;
	}
}

static int tmpfs_mount(const char *options, struct super_block **out)
{
	struct super_block *sb = kzalloc(sizeof(*sb));
	if (!sb)
		return -ENOMEM;
	uint32_t mode = 01777;
	uint64_t pages = pmm_total_frames() / 2;	/* Linux's default: half of RAM */
	parse_options(options, &pages, &mode);
	sb->type = &tmpfs_type;
	unsigned minor = next_dev++;
	sb->dev = MKDEV(0, minor);
	sb->blocks_max = pages;
	sb->inodes_max = pmm_total_frames() / 2;	/* Linux's nr_inodes default */
	sb->evict = tmpfs_evict;
	if (!(sb->root = tmpfs_new_inode(sb, S_IFDIR | mode, 0))) {
		kfree(sb);
		return -ENOMEM;
	}
	*out = sb;
	return 0;
}

/* Empty a directory tree (the instance is going away). */
static void empty_dir(struct inode *dir)
{
	struct tmpfs_node *t = tmpfs_node(dir);
	while (t->entries) {
		struct inode *child = t->entries->inode;
		if (S_ISDIR(child->mode))
			empty_dir(child);
		else
			child->nlink--;
		drop_entry(dir, &t->entries);
	}
}

static void tmpfs_kill_sb(struct super_block *sb)
{
	/* Inodes still referenced keep sb: it is freed with the last of
	 * them (inode_put). */
	sb->dead = true;
	empty_dir(sb->root);
	inode_put(sb->root);
}

const struct fs_type tmpfs_type = {
	.name = "tmpfs",
	.magic = 0x01021994,	/* TMPFS_MAGIC (include/uapi/linux/magic.h) */
	.nodev = true,
	.mount = tmpfs_mount,
	.kill_sb = tmpfs_kill_sb,
};

const struct fs_type devtmpfs_type = {
	.name = "devtmpfs",
	.magic = 0x01021994,	/* a tmpfs, as Linux's devtmpfs */
	.nodev = true,
	.mount = tmpfs_mount,
	.kill_sb = tmpfs_kill_sb,
};
