/*
 * The path walk: from a name to a struct path (kernel/fs/vfs.h).
 *
 * A path is read one component at a time.  "." stays, ".." climbs (out
 * of a mounted file system's root to the directory it is mounted on, and
 * never above the root), any other name is looked up in the directory
 * reached so far; a directory that has a file system mounted on it is
 * replaced by that file system's root.  A symlink met before the last
 * component, or at the end when the caller follows links, is spliced
 * into the rest of the path: "a/link/b" with link -> "x/y" goes on as
 * "x/y/b" from a (or from the root for an absolute target), at most
 * MAXSYMLINKS times in one walk (ELOOP).  docs/files.md, "A path walk".
 */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/heap.h"
#include "kernel/process.h"
#include "kernel/string.h"
#include "kernel/uaccess.h"

static struct path root;		/* set by the first mount (vfs_set_root) */

/* A nameless file's path (a pipe end: fstat(fd) through fstatat's
 * AT_EMPTY_PATH) has no mount. */
struct path path_get(struct path p)
{
	if (p.mnt)
		p.mnt->refs++;
	inode_get(p.inode);
	return p;
}

void path_put(struct path p)
{
	inode_put(p.inode);
	if (p.mnt)
		mount_put(p.mnt);
}

void vfs_set_root(struct path p)
{
	root = path_get(p);
}

struct path vfs_root(void)
{
	return path_get(root);
}

struct path vfs_cwd(void)
{
	struct process *p = process_current();
	return path_get(p->cwd.inode ? p->cwd : root);
}

/*
 * Buffers for the paths system calls copy in: PATH_MAX bytes is two
 * frames from the heap (a large block), and a stat or an open would
 * spend more on getting and giving back the buffer than on the walk.  So
 * a few freed ones are kept for the next call, as Linux keeps its
 * names_cache.  (One CPU: the SMP issue puts a lock or a per-CPU list
 * here.)
 */
#define PATH_CACHE	4

static char *path_cache[PATH_CACHE];
static unsigned path_cached;

char *path_alloc(void)
{
	if (path_cached)
		return path_cache[--path_cached];
	return kmalloc(PATH_MAX);
}

void path_free(char *buf)
{
	if (buf && path_cached < PATH_CACHE)
		path_cache[path_cached++] = buf;
	else
		kfree(buf);
}

int path_from_user(char *buf, uint64_t upath)
{
	long n = strncpy_from_user(buf, upath, PATH_MAX);
	if (n < 0)
		return (int)n;
	return n == 0 ? -ENOENT : 0;
}

/* Where a walk starts: the root for an absolute path, else dirfd's
 * directory or the cwd.  0 with a referenced *start, or -EBADF/-ENOTDIR. */
static int walk_start(int dirfd, const char *path, struct path *start)
{
	if (path[0] == '/') {
		*start = vfs_root();
		return 0;
	}
	if (dirfd == AT_FDCWD) {
		*start = vfs_cwd();
		return 0;
	}
	struct file *f = fd_file(dirfd);
	if (!f)
		return -EBADF;
	if (!S_ISDIR(f->inode->mode))
		return -ENOTDIR;
	*start = path_get((struct path){ f->mnt, f->inode });
	return 0;
}

/* cur = its parent: out of mount roots first, never above the root. */
static int step_up(struct path *cur)
{
	for (;;) {
		if (cur->inode == root.inode && cur->mnt == root.mnt)
			return 0;
		if (cur->inode != cur->mnt->root)
			break;
		struct path below = path_get((struct path){ cur->mnt->parent, cur->mnt->mountpoint });
		path_put(*cur);
		*cur = below;
	}
	struct inode *up;
	if (!S_ISDIR(cur->inode->mode) || !cur->inode->iops->lookup)
		return -ENOTDIR;	/* a file has no ".." to climb */
	int err = cur->inode->iops->lookup(cur->inode, "..", 2, &up);
	if (err)
		return err;
	inode_put(cur->inode);
	cur->inode = up;
	return 0;
}

/* cur = its child name, stepping into whatever is mounted there. */
static int step_down(struct path *cur, const char *name, size_t len)
{
	struct inode *dir = cur->inode;
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (!dir->iops || !dir->iops->lookup)
		return -ENOTDIR;
	int err = inode_permission(dir, MAY_EXEC);
	if (err)
		return err;
	struct inode *child;
	if ((err = dir->iops->lookup(dir, name, len, &child)) != 0)
		return err;
	inode_put(dir);
	cur->inode = child;
	while (cur->inode->mounted) {
		struct mount *m = cur->inode->mounted;
		struct path top = path_get((struct path){ m, m->root });
		path_put(*cur);
		*cur = top;
	}
	return 0;
}

struct walk {
	struct path cur;	/* referenced */
	unsigned links;		/* symlinks followed so far */
	/* Made at the first symlink (most walks meet none and read the
	 * caller's string in place): PATH_MAX bytes each. */
	char *buf;		/* what is left to walk, the target spliced in */
	char *tmp;		/* room to splice the next target */
};

/* The walk is at a symlink whose name ended at rest (pointing into
 * w->buf): go on with its target followed by rest, from the link's
 * directory dir (which the caller hands over) or from the root. */
static int follow(struct walk *w, struct path dir, const char *rest)
{
	struct inode *link = w->cur.inode;
	if (++w->links > MAXSYMLINKS) {
		path_put(dir);
		return -ELOOP;
	}
	if (!w->buf && (!(w->buf = path_alloc()) || !(w->tmp = path_alloc()))) {
		path_put(dir);
		return -ENOMEM;
	}
	if (link->iops->follow) {
		struct inode *target;
		struct mount *mnt;
		int err = link->iops->follow(link, &target, &mnt);
		path_put(dir);
		if (err)
			return err;
		path_put(w->cur);
		w->cur = (struct path){ mnt, target };	/* follow gave references */
		memmove(w->buf, rest, strlen(rest) + 1);
		return 0;
	}
	long n = link->iops->readlink(link, w->tmp, PATH_MAX);
	if (n < 0 || (size_t)n + 1 + strlen(rest) + 1 > PATH_MAX) {
		path_put(dir);
		return n < 0 ? (int)n : -ENAMETOOLONG;
	}
	size_t len = (size_t)n;
	w->tmp[len++] = '/';
	memcpy(w->tmp + len, rest, strlen(rest) + 1);
	memcpy(w->buf, w->tmp, strlen(w->tmp) + 1);
	path_put(w->cur);
	if (w->buf[0] == '/') {
		path_put(dir);
		w->cur = vfs_root();
	} else {
		w->cur = dir;
	}
	return 0;
}

/* Walk path to its end.  flags as path_walk's. */
static int walk_all(struct walk *w, const char *path, unsigned flags)
{
	const char *s = path;
	for (;;) {
		while (*s == '/')
			s++;
		if (!*s)
			break;
		const char *end = s;
		while (*end && *end != '/')
			end++;
		size_t len = (size_t)(end - s);
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		const char *rest = end;
		while (*rest == '/')
			rest++;
		bool last = !*rest;
		bool slash = *end == '/';
		if (len == 1 && s[0] == '.') {
			if (!S_ISDIR(w->cur.inode->mode))
				return -ENOTDIR;
			s = end;
			continue;
		}
		if (len == 2 && s[0] == '.' && s[1] == '.') {
			if (!S_ISDIR(w->cur.inode->mode))
				return -ENOTDIR;
			int err = step_up(&w->cur);
			if (err)
				return err;
			s = end;
			continue;
		}
		struct path dir = path_get(w->cur);
		int err = step_down(&w->cur, s, len);
		if (err) {
			path_put(dir);
			return err;
		}
		bool want = !last || slash || (flags & WALK_FOLLOW);
		if (S_ISLNK(w->cur.inode->mode) && want) {
			/* rest keeps its leading '/' when the link had one after
			 * it, so "link/" still asks for a directory. */
			if ((err = follow(w, dir, slash && last ? "/" : rest)) != 0)
				return err;
			s = w->buf;
			continue;
		}
		path_put(dir);
		s = end;
	}
	return 0;
}

static bool ends_in_slash(const char *path)
{
	size_t n = strlen(path);
	return n && path[n - 1] == '/';
}

int path_walk(int dirfd, const char *path, unsigned flags, struct path *out)
{
	if (!path[0])
		return -ENOENT;
	size_t n = strnlen(path, PATH_MAX);
	if (n == PATH_MAX)
		return -ENAMETOOLONG;
	struct walk w = { 0 };
	int err;
	if ((err = walk_start(dirfd, path, &w.cur)) != 0)
		goto out;
	err = walk_all(&w, path, flags);
	if (!err && (flags & WALK_DIRECTORY || ends_in_slash(path)) && !S_ISDIR(w.cur.inode->mode))
		err = -ENOTDIR;
	if (err)
		path_put(w.cur);
	else
		*out = w.cur;
out:
	path_free(w.buf);
	path_free(w.tmp);
	return err;
}

int path_parent(int dirfd, const char *path, struct path *dir,
		const char **name, size_t *len, bool *trailing_slash)
{
	if (!path[0])
		return -ENOENT;
	size_t n = strnlen(path, PATH_MAX);
	if (n == PATH_MAX)
		return -ENAMETOOLONG;
	size_t end = n;
	while (end > 0 && path[end - 1] == '/')
		end--;
	*trailing_slash = end < n;
	size_t start = end;
	while (start > 0 && path[start - 1] != '/')
		start--;
	*name = path + start;
	*len = end - start;
	if (*len > NAME_MAX)
		return -ENAMETOOLONG;
	/* The directory part: "" means the start itself ("name", or "/"). */
	char *dpart = kmalloc(start + 2);
	if (!dpart)
		return -ENOMEM;
	memcpy(dpart, path, start);
	dpart[start] = 0;
	int err;
	if (start == 0) {
		err = walk_start(dirfd, path, dir);
		if (!err && !S_ISDIR(dir->inode->mode)) {
			path_put(*dir);
			err = -ENOTDIR;
		}
	} else {
		err = path_walk(dirfd, dpart, WALK_FOLLOW | WALK_DIRECTORY, dir);
	}
	kfree(dpart);
	return err;
}

struct name_search {
	uint64_t ino;
	char *name;		/* NAME_MAX + 1 */
	bool found;
};

static bool match_ino(void *ctx, const char *name, size_t len, uint64_t ino, unsigned type)
{
	(void)type;
	struct name_search *s = ctx;
	if (ino != s->ino || (len <= 2 && name[0] == '.' && (len == 1 || name[1] == '.')))
		return true;
	memcpy(s->name, name, len);
	s->name[len] = 0;
	s->found = true;
	return false;
}

/* Prepend "/name" of cur (in its parent) to the text ending at *at. */
static long prepend_name(struct path *cur, char *buf, size_t *at)
{
	struct inode *child = cur->inode;
	if (child->nlink == 0)
		return -ENOENT;		/* removed */
	int err = step_up(cur);
	if (err)
		return err;
	char name[NAME_MAX + 1];
	struct name_search s = { .ino = child->ino, .name = name };
	uint64_t pos = 0;
	if (cur->inode->iops->iterate)
		cur->inode->iops->iterate(cur->inode, &pos, match_ino, &s);
	if (!s.found)
		return -ENOENT;
	size_t len = strlen(name);
	if (len + 1 > *at)
		return -ERANGE;
	*at -= len;
	memcpy(buf + *at, name, len);
	buf[--*at] = '/';
	return 0;
}

long path_name(struct path p, char *buf, size_t size)
{
	if (size < 2)
		return -ERANGE;
	struct path cur = path_get(p);
	size_t at = size - 1;
	buf[at] = 0;
	long err = 0;
	for (;;) {
		/* Climb out of mount roots; stop at the root of the tree. */
		while (cur.inode == cur.mnt->root && cur.mnt->parent != cur.mnt) {
			struct path below = path_get((struct path){ cur.mnt->parent, cur.mnt->mountpoint });
			path_put(cur);
			cur = below;
		}
		if (cur.inode == root.inode && cur.mnt == root.mnt)
			break;
		if ((err = prepend_name(&cur, buf, &at)) != 0)
			break;
	}
	path_put(cur);
	if (err)
		return err;
	if (at == size - 1)
		buf[--at] = '/';
	size_t len = size - 1 - at;
	memmove(buf, buf + at, len + 1);
	return (long)len;
}
