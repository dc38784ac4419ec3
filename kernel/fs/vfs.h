/*
 * The virtual file system: what every file system, device and system
 * call of anvil's files shares (docs/files.md).  Four layers, as Linux:
 *
 *	descriptor (an int)  -> struct fd_table slot, plus FD_CLOEXEC
 *	open file            -> struct file: offset, status flags, ops
 *	inode                -> struct inode: type, size, times, ops
 *	the file system      -> tmpfs pages, a /proc generator, a device
 *
 * A name is found by the path walk (kernel/fs/namei.c) as a struct path:
 * the inode and the mount it was reached through, so ".." can climb out
 * of a mounted file system into the one below.
 *
 * References: every pointer to an inode, a file or a mount that outlives
 * a function holds a reference (inode_get/inode_put, file_get/file_put).
 * A tmpfs directory entry holds one on its inode; so does an open file,
 * a process's cwd and a mount.  The last put frees.
 *
 * One CPU for now: the structures are changed only by process context
 * with no sleeping in between; the SMP issue adds the locks.
 */
#ifndef ANVIL_KERNEL_FS_VFS_H
#define ANVIL_KERNEL_FS_VFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kernel/fs/stat.h"

#define PATH_MAX	4096	/* with its NUL: ENAMETOOLONG past it */
#define NAME_MAX	255	/* one component */
#define MAXSYMLINKS	40	/* followed in one walk: ELOOP past it */

struct inode;
struct file;
struct mount;
struct super_block;
struct poll_table;

/* Where bytes go to or come from: a program's memory (copy_to_user and
 * friends check it) or the kernel's own (exec's loader, the initramfs).
 * Linux's iov_iter in miniature. */
struct io_buf {
	uint64_t addr;
	bool kernel;
};

static inline struct io_buf io_user(uint64_t addr)
{
	return (struct io_buf){ .addr = addr, .kernel = false };
}

static inline struct io_buf io_kernel(void *p)
{
	return (struct io_buf){ .addr = (uint64_t)p, .kernel = true };
}

/* Copy n bytes between the kernel and b + off: 0, or -EFAULT. */
int io_copy_out(struct io_buf b, size_t off, const void *src, size_t n);
int io_copy_in(void *dst, struct io_buf b, size_t off, size_t n);
/* n zero bytes to b + off: 0, or -EFAULT. */
int io_zero(struct io_buf b, size_t off, size_t n);

/* What getdents64 and the kernel's own listings are given, one name at a
 * time; return false to stop (the caller's buffer is full). */
typedef bool (*dir_emit_fn)(void *ctx, const char *name, size_t len,
			    uint64_t ino, unsigned type /* DT_* */);

/* What an inode can do.  A NULL entry means "not on this inode": the
 * system call gives Linux's errno for that (EPERM, ENOTDIR, EINVAL). */
struct inode_ops {
	/* Directories.  name is not NUL-terminated; len is 1..NAME_MAX and
	 * never "." (the walk handles it); ".." is asked of the file
	 * system, which knows the parent.  lookup gives a referenced inode
	 * in *out, or -ENOENT. */
	int (*lookup)(struct inode *dir, const char *name, size_t len, struct inode **out);
	/* Make a new name: a regular file, device node or fifo (mode has
	 * the type), a directory, a symlink to target.  -EEXIST if the name
	 * is taken, -ENOSPC when the file system is full.  create and mkdir
	 * give the new inode referenced in *out (NULL allowed). */
	int (*create)(struct inode *dir, const char *name, size_t len,
		      uint32_t mode, uint64_t rdev, struct inode **out);
	int (*mkdir)(struct inode *dir, const char *name, size_t len, uint32_t mode);
	int (*symlink)(struct inode *dir, const char *name, size_t len, const char *target);
	int (*link)(struct inode *dir, const char *name, size_t len, struct inode *target);
	/* Remove a name: unlink refuses a directory (-EISDIR), rmdir wants
	 * one (-ENOTDIR) that is empty (-ENOTEMPTY). */
	int (*unlink)(struct inode *dir, const char *name, size_t len);
	int (*rmdir)(struct inode *dir, const char *name, size_t len);
	/* rename(2) within one file system; flags RENAME_NOREPLACE,
	 * RENAME_EXCHANGE.  The VFS has already refused a directory moved
	 * into itself (-EINVAL) and different file systems (-EXDEV). */
	int (*rename)(struct inode *odir, const char *oname, size_t olen,
		      struct inode *ndir, const char *nname, size_t nlen, unsigned flags);
	/* Call emit for each name from position *pos on (".", ".." first),
	 * advancing *pos past each one emit accepts.  0 or -errno. */
	int (*iterate)(struct inode *dir, uint64_t *pos, dir_emit_fn emit, void *ctx);

	/* Symlinks: the target into buf (not NUL-terminated): its length,
	 * or -errno.  follow, when present, gives the target inode itself
	 * (/proc's "magic" links: exe, cwd, fd/N), with its mount. */
	long (*readlink)(struct inode *link, char *buf, size_t size);
	int (*follow)(struct inode *link, struct inode **out, struct mount **mnt);

	/* Regular files: set the size (truncate, O_TRUNC); -ENOSPC, -EFBIG. */
	int (*truncate)(struct inode *inode, uint64_t size);
	/* The physical page holding bytes [pgoff * 4096, +4096) of the
	 * file, allocated (zeroed) if need be, for mmap and exec: 0 with
	 * *phys, or -ENOSPC/-ENOMEM.  The page stays the file's. */
	int (*get_page)(struct inode *inode, uint64_t pgoff, uint64_t *phys);
};

/* What an open file can do; NULL: the errno named. */
struct file_ops {
	int (*open)(struct inode *inode, struct file *f);	/* optional */
	/* read/write at *pos (advanced by the caller's rules): bytes done,
	 * 0 at end of file, or -errno.  NULL read: -EINVAL; NULL write:
	 * -EINVAL. */
	long (*read)(struct file *f, struct io_buf buf, size_t len, uint64_t *pos);
	long (*write)(struct file *f, struct io_buf buf, size_t len, uint64_t *pos);
	/* Which of POLLIN/POLLOUT/POLLHUP/POLLERR hold now; with pt, also
	 * register on the wait queues that will signal a change
	 * (kernel/fs/poll.h).  NULL: always readable and writable. */
	unsigned (*poll)(struct file *f, struct poll_table *pt);
	long (*ioctl)(struct file *f, unsigned cmd, uint64_t arg);	/* NULL: -ENOTTY */
	void (*release)(struct file *f);	/* the last reference went */
	bool no_seek;				/* lseek, pread, pwrite: -ESPIPE */
};

/* A mounted file system's instance (st_dev, limits, inode numbers). */
struct super_block {
	const struct fs_type *type;
	uint64_t dev;			/* st_dev: Linux's (major << 8 | minor) */
	uint64_t next_ino;
	uint64_t blocks_max, blocks_used;	/* pages; max 0 = unlimited */
	uint64_t inodes_max, inodes_used;
	struct inode *root;
	void (*evict)(struct inode *inode);	/* the last reference went */
	bool dead;			/* unmounted: freed with its last inode */
	void *priv;
};

struct fs_type {
	const char *name;		/* "tmpfs", "proc", "devtmpfs" */
	uint64_t magic;			/* statfs's f_type: TMPFS_MAGIC ... */
	bool nodev;			/* /proc/filesystems's "nodev" column */
	/* A new instance (mount(2)'s data string in options, may be NULL):
	 * 0 with *sb, or -errno. */
	int (*mount)(const char *options, struct super_block **sb);
	void (*kill_sb)(struct super_block *sb);	/* after the last umount */
};

struct kts {
	int64_t sec, nsec;
};

struct inode {
	uint64_t ino;
	uint32_t mode;			/* S_IFMT type | permission bits */
	uint32_t nlink;
	uint32_t uid, gid;
	uint64_t size;
	uint64_t rdev;			/* a device node's number */
	uint64_t blocks;		/* st_blocks: 512-byte units */
	struct kts atime, mtime, ctime;
	unsigned refs;
	struct super_block *sb;
	const struct inode_ops *iops;
	const struct file_ops *fops;
	struct mount *mounted;		/* a file system is mounted here */
	void *priv;			/* the file system's own */
};

/* Open file descriptions (open(2)'s flags: kernel/fs/fcntl.h). */
struct file {
	unsigned refs;			/* descriptors (dup, fork) and users */
	struct inode *inode;
	struct mount *mnt;		/* the path's mount, for /proc/PID/fd */
	const struct file_ops *fops;
	uint32_t flags;			/* O_ACCMODE | O_APPEND | O_NONBLOCK ... */
	uint64_t pos;
	void *priv;
};

/* A mount: the file system whose root sits on mountpoint, a directory
 * of the parent mount (the root mount is its own parent). */
struct mount {
	struct super_block *sb;
	struct inode *root;
	struct inode *mountpoint;
	struct mount *parent;
	struct mount *next;		/* the mount table, in mount order */
	unsigned refs;			/* paths held into it, + 1 for the table */
	char source[32];		/* mount(2)'s source, for /proc/mounts */
	unsigned flags;			/* MS_RDONLY ... */
};

/* A place in the tree: an inode and the mount it was reached through. */
struct path {
	struct mount *mnt;
	struct inode *inode;
};

/* ---- inodes (kernel/fs/inode.c) ---- */

/* A new inode of sb, its number the next of sb, one reference, times now:
 * NULL when out of memory or sb's inode limit is reached. */
struct inode *inode_new(struct super_block *sb, uint32_t mode);
struct inode *inode_get(struct inode *inode);
void inode_put(struct inode *inode);
/* May the caller open or search inode for mask (MAY_READ | MAY_WRITE |
 * MAY_EXEC)?  0 or -EACCES.  uid 0 passes every check but MAY_EXEC on a
 * file with no execute bit at all, as Linux's generic_permission. */
#define MAY_EXEC	1
#define MAY_WRITE	2
#define MAY_READ	4
int inode_permission(const struct inode *inode, unsigned mask);
/* The realtime clock now, for inode times. */
struct kts kts_now(void);
/* st_mode's type as getdents64's d_type. */
unsigned mode_to_dt(uint32_t mode);

/* ---- paths (kernel/fs/namei.c) ---- */

struct path path_get(struct path p);
void path_put(struct path p);

/* Walk flags. */
#define WALK_FOLLOW	1	/* follow a symlink at the end (stat, open) */
#define WALK_DIRECTORY	2	/* the end must be a directory (a trailing '/' implies it) */

/* Walk path (a kernel string) from dirfd's directory (AT_FDCWD: the
 * cwd; ignored for an absolute path): 0 with a referenced *out, or
 * -ENOENT, -ENOTDIR, -ELOOP, -ENAMETOOLONG, -EBADF. */
int path_walk(int dirfd, const char *path, unsigned flags, struct path *out);

/* Walk all but the last component: 0 with the referenced parent
 * directory in *dir and the last name in *name and *len (len 0 for "/", and
 * *trailing_slash when the path ends in '/').  The name points into
 * path.  For create, unlink, mkdir, rename and friends. */
int path_parent(int dirfd, const char *path, struct path *dir,
		const char **name, size_t *len, bool *trailing_slash);

/* A program's path argument copied in: 0, -EFAULT, -ENAMETOOLONG,
 * -ENOENT (empty).  buf holds PATH_MAX bytes (path_alloc). */
char *path_alloc(void);
void path_free(char *buf);
int path_from_user(char *buf, uint64_t upath);

/* The absolute path of p into buf (getcwd, /proc/PID/cwd): its length,
 * -ERANGE when it does not fit, -ENOENT when p was removed. */
long path_name(struct path p, char *buf, size_t size);

/* The root of the tree and the caller's cwd (referenced copies). */
struct path vfs_root(void);
struct path vfs_cwd(void);

/* ---- mounts (kernel/fs/mount.c) ---- */

void fs_register(const struct fs_type *type);
const struct fs_type *fs_find(const char *name);
/* The registered types in order (i from 0): NULL past the last. */
const struct fs_type *fs_type_at(unsigned i);

/* Mount a new instance of type on the directory at (for the first
 * mount, at is NULL: it becomes the root).  0 or -errno. */
int vfs_mount(const char *type, const char *source, const char *options,
	      const struct path *at, unsigned flags);
/* Unmount the file system whose root is p: -EINVAL if p is not a mount's
 * root, -EBUSY if something is still open there. */
int vfs_umount(struct path p);
/* References to a mount (a path holds one); a mount off the table goes
 * with its last. */
struct mount *mount_get(struct mount *m);
void mount_put(struct mount *m);
/* The mount table in order (NULL after the last). */
struct mount *mount_first(void);

/* ---- open files (kernel/fs/file.c) ---- */

/* A new open file of p with flags (O_ACCMODE...): one reference; the
 * file system's open is called.  0 with *out, or -errno. */
int file_open_path(struct path p, uint32_t flags, struct file **out);
/* An open file with no name (a pipe end): one reference. */
struct file *file_alloc(struct inode *inode, const struct file_ops *fops, uint32_t flags);
struct file *file_get(struct file *f);
void file_put(struct file *f);

/* read/write through f's ops at f's own offset (advanced), honouring
 * O_APPEND: bytes, or -errno. */
long file_read(struct file *f, struct io_buf buf, size_t len);
long file_write(struct file *f, struct io_buf buf, size_t len);
/* At an explicit offset (pread/pwrite), f's offset untouched. */
long file_pread(struct file *f, struct io_buf buf, size_t len, uint64_t pos);
long file_pwrite(struct file *f, struct io_buf buf, size_t len, uint64_t pos);

/* ---- the kernel's own file access (kernel/fs/kfile.c) ---- */

/* Create (or replace) the regular file at path with these bytes and
 * mode, making no directories: 0 or -errno.  For the initramfs and the
 * boot modules. */
int vfs_write_file(const char *path, uint32_t mode, const void *data, size_t len);
int vfs_mkdir(const char *path, uint32_t mode);	/* -EEXIST if present */
int vfs_symlink(const char *target, const char *path);
int vfs_mknod(const char *path, uint32_t mode, uint64_t rdev);
/* Make every missing directory of path's parents (mode 0755). */
int vfs_mkdir_parents(const char *path);

/* ---- boot (kernel/fs/boot_fs.c) ---- */

/* Mount tmpfs at /, unpack the initramfs, add the boot modules as files,
 * mount /dev, /proc and /tmp.  Problems are logged; it never fails the
 * boot (an empty root still runs the kernel shell). */
void vfs_init(void);

#endif
