/*
 * A path's absolute name for readlink of exe, cwd and fd/N, and for maps.
 * path_name() climbs ".." from a directory; a file keeps no parent (a
 * tmpfs file may have several names), so for anything else the file's
 * name is searched for in its own mount's tree, depth first, and put
 * after the mount root's name: the first name found, as Linux's d_path
 * gives the dentry the file was opened by.
 */
#include "kernel/errno.h"
#include "kernel/fs/procfs/internal.h"
#include "kernel/mm/heap.h"
#include "kernel/string.h"

#define SEARCH_DEPTH	16

struct one_name {
	char name[NAME_MAX + 1];
	uint64_t ino;
	unsigned type;
	bool got;
};

/* emit: take one name and stop, so the search can recurse between calls. */
static bool take_one(void *ctx, const char *name, size_t len, uint64_t ino, unsigned type)
{
	struct one_name *o = ctx;
	if (o->got)
		return false;
	memcpy(o->name, name, len);
	o->name[len] = '\0';
	o->ino = ino;
	o->type = type;
	o->got = true;
	return true;
}

/* Find target under dir; on success buf[0..*len) ends with "/name..." */
static bool search(struct inode *dir, const struct inode *target, char *buf, size_t size,
		   size_t *len, int depth)
{
	uint64_t pos = 0;
	for (;;) {
		struct one_name o = { .got = false };
		if (dir->iops->iterate(dir, &pos, take_one, &o) || !o.got)
			return false;
		if (!strcmp(o.name, ".") || !strcmp(o.name, ".."))
			continue;
		size_t n = strlen(o.name);
		if (*len + 1 + n >= size)
			continue;
		size_t mark = *len;
		buf[*len] = '/';
		memcpy(buf + *len + 1, o.name, n);
		*len += 1 + n;
		if (o.ino == target->ino && o.type != DT_DIR)
			return true;
		if (o.type == DT_DIR && depth < SEARCH_DEPTH) {
			struct inode *child = NULL;
			bool found = false;
			if (!dir->iops->lookup(dir, o.name, n, &child) && child) {
				if (!child->mounted && child->iops && child->iops->iterate &&
				    child->iops->lookup)
					found = search(child, target, buf, size, len, depth + 1);
				inode_put(child);
			}
			if (found)
				return true;
		}
		*len = mark;
	}
}

long proc_path_name(struct path p, char *buf, size_t size)
{
	if (S_ISDIR(p.inode->mode))
		return path_name(p, buf, size);
	long n = path_name((struct path){ .mnt = p.mnt, .inode = p.mnt->root }, buf, size);
	if (n < 0)
		return n;
	size_t len = n == 1 ? 0 : (size_t)n;	/* "/" itself: the names add the slash */
	struct inode *root = p.mnt->root;
	if (!root->iops || !root->iops->iterate ||
	    !search(root, p.inode, buf, size, &len, 0))
		return -ENOENT;
	buf[len] = '\0';
	return (long)len;
}
