/*
 * File system types and the mount table.  A mount puts a file system's
 * root on a directory of another mount; the path walk steps from that
 * directory into the root it carries (inode->mounted), and ".." from the
 * root back to the directory (kernel/fs/namei.c).
 */
#include "kernel/errno.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/heap.h"
#include "kernel/string.h"

#define FS_TYPES_MAX	8

static const struct fs_type *types[FS_TYPES_MAX];
static unsigned ntypes;
static struct mount *mounts;		/* the root mount first */

void fs_register(const struct fs_type *type)
{
	if (ntypes < FS_TYPES_MAX && !fs_find(type->name))
		types[ntypes++] = type;
}

const struct fs_type *fs_find(const char *name)
{
	for (unsigned i = 0; i < ntypes; i++)
		if (strcmp(types[i]->name, name) == 0)
			return types[i];
	return NULL;
}

const struct fs_type *fs_type_at(unsigned i)
{
	return i < ntypes ? types[i] : NULL;
}

struct mount *mount_first(void)
{
	return mounts;
}

static void table_append(struct mount *m)
{
	struct mount **pp = &mounts;
	while (*pp)
		pp = &(*pp)->next;
	*pp = m;
}

static void table_remove(struct mount *m)
{
	for (struct mount **pp = &mounts; *pp; pp = &(*pp)->next) {
		if (*pp == m) {
			*pp = m->next;
			return;
		}
	}
}

int vfs_mount(const char *type, const char *source, const char *options,
	      const struct path *at, unsigned flags)
{
	const struct fs_type *t = fs_find(type);
	if (!t)
		return -ENODEV;
	if (at && !S_ISDIR(at->inode->mode))
		return -ENOTDIR;
	if (at && at->inode->mounted)
		return -EBUSY;		/* one file system per directory */
	if (!at && mounts)
		return -EBUSY;		/* the root is mounted once */
	struct mount *m = kzalloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	struct super_block *sb;
	int err = t->mount(options, &sb);
	if (err) {
		kfree(m);
		return err;
	}
	sb->type = t;		/* devtmpfs is tmpfs by another name */
	m->sb = sb;
	m->root = inode_get(sb->root);
	m->refs = 1;
	m->flags = flags;
	strlcpy(m->source, source ? source : type, sizeof(m->source));
	if (at) {
		m->mountpoint = inode_get(at->inode);
		m->parent = at->mnt;
		m->parent->refs++;
		at->inode->mounted = m;
	} else {
		m->mountpoint = inode_get(m->root);
		m->parent = m;
	}
	table_append(m);
	return 0;
}

int vfs_umount(struct path p)
{
	struct mount *m = p.mnt;
	if (p.inode != m->root)
		return -EINVAL;
	if (m->parent == m)
		return -EBUSY;		/* the root stays */
	/* The table's reference and the caller's own path are expected. */
	if (m->refs > 2)
		return -EBUSY;
	table_remove(m);
	m->mountpoint->mounted = NULL;
	inode_put(m->mountpoint);
	m->parent->refs--;
	inode_put(m->root);
	m->sb->type->kill_sb(m->sb);
	m->refs--;		/* the caller's path_put drops the last */
	return 0;
}

struct mount *mount_get(struct mount *m)
{
	m->refs++;
	return m;
}

void mount_put(struct mount *m)
{
	if (--m->refs == 0)
		kfree(m);
}
