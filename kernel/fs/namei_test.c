/*
 * The path walk (namei.c): ".", "..", ".." at the root, mount crossing
 * both ways, symlink splicing (relative, absolute, in the middle and at
 * the end), MAXSYMLINKS, trailing slashes, path_parent's split and
 * path_name.  Each test works in a directory of its own under /tmp,
 * made with the kernel's own calls (kfile.c), and removes it.
 */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/vfs.h"
#include "kernel/ktest.h"
#include "kernel/string.h"
#include "kernel/format.h"

/* The inode path names (followed), or NULL; its reference dropped at once
 * (the tree keeps the inode: only its identity is compared). */
static struct inode *walk_inode(const char *path, unsigned flags, struct mount **mnt)
{
	struct path p;
	if (path_walk(AT_FDCWD, path, flags, &p))
		return NULL;
	if (mnt)
		*mnt = p.mnt;
	path_put(p);
	return p.inode;
}

static int walk_err(const char *path, unsigned flags)
{
	struct path p;
	int err = path_walk(AT_FDCWD, path, flags, &p);
	if (!err)
		path_put(p);
	return err;
}

KTEST(namei, dot_and_dotdot)
{
	vfs_mkdir("/tmp/nt1", 0755);
	vfs_mkdir("/tmp/nt1/a", 0755);
	vfs_mkdir("/tmp/nt1/a/b", 0755);
	struct inode *a = walk_inode("/tmp/nt1/a", WALK_FOLLOW, NULL);
	KASSERT_TRUE(a != NULL);
	KEXPECT_EQ((uintptr_t)walk_inode("/tmp/nt1/a/./b/..", WALK_FOLLOW, NULL), (uintptr_t)a);
	KEXPECT_EQ((uintptr_t)walk_inode("/tmp/nt1/./a/b/../.", WALK_FOLLOW, NULL), (uintptr_t)a);
	KEXPECT_EQ((uintptr_t)walk_inode("//tmp///nt1//a//", WALK_FOLLOW, NULL), (uintptr_t)a);
	struct inode *root = walk_inode("/", WALK_FOLLOW, NULL);
	KEXPECT_EQ((uintptr_t)walk_inode("/..", WALK_FOLLOW, NULL), (uintptr_t)root);
	KEXPECT_EQ((uintptr_t)walk_inode("/../../tmp/../..", WALK_FOLLOW, NULL), (uintptr_t)root);
	vfs_write_file("/tmp/nt1/f", 0644, "x", 1);
	KEXPECT_EQ(walk_err("/tmp/nt1/f/.", WALK_FOLLOW), -ENOTDIR);
	KEXPECT_EQ(walk_err("/tmp/nt1/f/..", WALK_FOLLOW), -ENOTDIR);
	KEXPECT_EQ(walk_err("/tmp/nt1/missing/..", WALK_FOLLOW), -ENOENT);
	KEXPECT_EQ(walk_err("", WALK_FOLLOW), -ENOENT);
}

KTEST(namei, mount_crossing)
{
	vfs_mkdir("/tmp/nt2", 0755);
	vfs_mkdir("/tmp/nt2/m", 0755);
	struct path at;
	KASSERT_EQ(path_walk(AT_FDCWD, "/tmp/nt2/m", WALK_FOLLOW, &at), 0);
	struct mount *below = at.mnt;
	KASSERT_EQ(vfs_mount("tmpfs", "ktest", NULL, &at, 0), 0);
	path_put(at);
	struct mount *m;
	struct inode *top = walk_inode("/tmp/nt2/m", WALK_FOLLOW, &m);
	KASSERT_TRUE(top != NULL);
	KEXPECT_NE((uintptr_t)m, (uintptr_t)below);
	KEXPECT_EQ((uintptr_t)top, (uintptr_t)m->root);
	KEXPECT_NE((uintptr_t)top, (uintptr_t)at.inode);
	/* ".." from the mounted root climbs to the directory below. */
	struct mount *up_mnt = NULL;
	struct inode *nt2 = walk_inode("/tmp/nt2", WALK_FOLLOW, NULL);
	KEXPECT_EQ((uintptr_t)walk_inode("/tmp/nt2/m/..", WALK_FOLLOW, &up_mnt), (uintptr_t)nt2);
	KEXPECT_EQ((uintptr_t)up_mnt, (uintptr_t)below);
	/* A name made in the mount is not in the directory under it. */
	KEXPECT_EQ(vfs_mkdir("/tmp/nt2/m/inside", 0755), 0);
	KEXPECT_EQ((uintptr_t)walk_inode("/tmp/nt2/m/inside/../..", WALK_FOLLOW, NULL),
		   (uintptr_t)nt2);
	char buf[64];
	struct path p;
	KASSERT_EQ(path_walk(AT_FDCWD, "/tmp/nt2/m/inside", WALK_FOLLOW, &p), 0);
	KEXPECT_EQ(path_name(p, buf, sizeof(buf)), 17);
	KEXPECT_EQ(strcmp(buf, "/tmp/nt2/m/inside"), 0);
	path_put(p);
	KASSERT_EQ(path_walk(AT_FDCWD, "/tmp/nt2/m", WALK_FOLLOW, &p), 0);
	KEXPECT_EQ(vfs_umount(p), 0);
	path_put(p);
	KEXPECT_EQ(walk_err("/tmp/nt2/m/inside", WALK_FOLLOW), -ENOENT);
	KEXPECT_EQ((uintptr_t)walk_inode("/tmp/nt2/m", WALK_FOLLOW, NULL), (uintptr_t)at.inode);
}

KTEST(namei, symlink_splicing)
{
	vfs_mkdir("/tmp/nt3", 0755);
	vfs_mkdir("/tmp/nt3/a", 0755);
	vfs_mkdir("/tmp/nt3/a/b", 0755);
	vfs_write_file("/tmp/nt3/a/b/c", 0644, "c", 1);
	vfs_symlink("a/b", "/tmp/nt3/rel");
	vfs_symlink("/tmp/nt3/a", "/tmp/nt3/abs");
	vfs_symlink("../a/b/c", "/tmp/nt3/a/up");
	vfs_symlink("rel", "/tmp/nt3/twice");
	struct inode *c = walk_inode("/tmp/nt3/a/b/c", WALK_FOLLOW, NULL);
	KASSERT_TRUE(c != NULL);
	KEXPECT_EQ((uintptr_t)walk_inode("/tmp/nt3/rel/c", WALK_FOLLOW, NULL), (uintptr_t)c);
	KEXPECT_EQ((uintptr_t)walk_inode("/tmp/nt3/abs/b/c", WALK_FOLLOW, NULL), (uintptr_t)c);
	KEXPECT_EQ((uintptr_t)walk_inode("/tmp/nt3/a/up", WALK_FOLLOW, NULL), (uintptr_t)c);
	KEXPECT_EQ((uintptr_t)walk_inode("/tmp/nt3/twice/c", WALK_FOLLOW, NULL), (uintptr_t)c);
	KEXPECT_EQ((uintptr_t)walk_inode("/tmp/nt3/twice/../b/c", WALK_FOLLOW, NULL), (uintptr_t)c);
	/* At the end: followed only when asked, or with a trailing slash. */
	struct inode *link = walk_inode("/tmp/nt3/a/up", 0, NULL);
	KASSERT_TRUE(link != NULL);
	KEXPECT_TRUE(S_ISLNK(link->mode));
	struct inode *b = walk_inode("/tmp/nt3/a/b", 0, NULL);
	KEXPECT_EQ((uintptr_t)walk_inode("/tmp/nt3/rel/", 0, NULL), (uintptr_t)b);
	KEXPECT_EQ(walk_err("/tmp/nt3/a/up/", 0), -ENOTDIR);
	vfs_symlink("nowhere", "/tmp/nt3/dangling");
	KEXPECT_EQ(walk_err("/tmp/nt3/dangling", WALK_FOLLOW), -ENOENT);
	KEXPECT_EQ(walk_err("/tmp/nt3/dangling", 0), 0);
}

KTEST(namei, maxsymlinks)
{
	char name[32], to[32];
	vfs_mkdir("/tmp/nt4", 0755);
	vfs_write_file("/tmp/nt4/t", 0644, "t", 1);
	vfs_symlink("t", "/tmp/nt4/l0");
	for (int i = 1; i <= MAXSYMLINKS; i++) {
		ksnprintf(name, sizeof(name), "/tmp/nt4/l%d", i);
		ksnprintf(to, sizeof(to), "l%d", i - 1);
		KASSERT_EQ(vfs_symlink(to, name), 0);
	}
	/* l39 is 40 links from t, l40 is 41. */
	ksnprintf(name, sizeof(name), "/tmp/nt4/l%d", MAXSYMLINKS - 1);
	KEXPECT_EQ(walk_err(name, WALK_FOLLOW), 0);
	ksnprintf(name, sizeof(name), "/tmp/nt4/l%d", MAXSYMLINKS);
	KEXPECT_EQ(walk_err(name, WALK_FOLLOW), -ELOOP);
	KEXPECT_EQ(walk_err(name, 0), 0);
	vfs_symlink("self", "/tmp/nt4/self");
	KEXPECT_EQ(walk_err("/tmp/nt4/self/x", 0), -ELOOP);
}

KTEST(namei, trailing_slashes_and_parent)
{
	vfs_mkdir("/tmp/nt5", 0755);
	vfs_mkdir("/tmp/nt5/d", 0755);
	vfs_write_file("/tmp/nt5/f", 0644, "f", 1);
	KEXPECT_EQ(walk_err("/tmp/nt5/f/", WALK_FOLLOW), -ENOTDIR);
	KEXPECT_EQ(walk_err("/tmp/nt5/f", WALK_FOLLOW | WALK_DIRECTORY), -ENOTDIR);
	KEXPECT_EQ(walk_err("/tmp/nt5/d/", WALK_FOLLOW), 0);
	KEXPECT_EQ(walk_err("/tmp/nt5/d//", 0), 0);
	struct path dir;
	const char *name;
	size_t len;
	bool slash;
	const char *p = "/tmp/nt5/d/new//";
	KASSERT_EQ(path_parent(AT_FDCWD, p, &dir, &name, &len, &slash), 0);
	KEXPECT_EQ(len, 3);
	KEXPECT_EQ(memcmp(name, "new", 3), 0);
	KEXPECT_TRUE(slash);
	KEXPECT_EQ((uintptr_t)dir.inode, (uintptr_t)walk_inode("/tmp/nt5/d", 0, NULL));
	path_put(dir);
	KASSERT_EQ(path_parent(AT_FDCWD, "/", &dir, &name, &len, &slash), 0);
	KEXPECT_EQ(len, 0);
	path_put(dir);
	KEXPECT_EQ(path_parent(AT_FDCWD, "/tmp/nt5/f/x", &dir, &name, &len, &slash), -ENOTDIR);
	char big[NAME_MAX + 16];
	memset(big, 'n', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	memcpy(big, "/tmp/", 5);
	KEXPECT_EQ(path_parent(AT_FDCWD, big, &dir, &name, &len, &slash), -ENAMETOOLONG);
	KEXPECT_EQ(walk_err(big, 0), -ENAMETOOLONG);
}

KTEST(namei, path_name)
{
	vfs_mkdir("/tmp/nt6", 0755);
	vfs_mkdir("/tmp/nt6/deep", 0755);
	struct path p, r = vfs_root();
	char buf[64];
	KEXPECT_EQ(path_name(r, buf, sizeof(buf)), 1);
	KEXPECT_EQ(strcmp(buf, "/"), 0);
	path_put(r);
	KASSERT_EQ(path_walk(AT_FDCWD, "/tmp/nt6/deep", 0, &p), 0);
	KEXPECT_EQ(path_name(p, buf, sizeof(buf)), 13);
	KEXPECT_EQ(strcmp(buf, "/tmp/nt6/deep"), 0);
	KEXPECT_EQ(path_name(p, buf, 13), -ERANGE);
	KEXPECT_EQ(path_name(p, buf, 14), 13);
	/* Removed: ENOENT, as getcwd in a removed directory. */
	struct path parent;
	KASSERT_EQ(path_walk(AT_FDCWD, "/tmp/nt6", 0, &parent), 0);
	KEXPECT_EQ(parent.inode->iops->rmdir(parent.inode, "deep", 4), 0);
	KEXPECT_EQ(path_name(p, buf, sizeof(buf)), -ENOENT);
	path_put(parent);
	path_put(p);
}
