/*
 * /proc/PID/: a directory per process (Linux fs/proc/base.c), its
 * "magic" links exe and cwd (followed to the inode itself, not through
 * the path text), and fd/, a link per open descriptor (fs/proc/fd.c).
 */
#include "kernel/errno.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/procfs/internal.h"
#include "kernel/fs/procfs/pid_snap.h"
#include "kernel/mm/heap.h"
#include "kernel/string.h"

static const struct inode_ops exe_iops, cwd_iops;

#define REG	(S_IFREG | 0444)

const struct proc_entry proc_pid_entries[] = {
	{ "cmdline", REG, proc_show_pid_cmdline, NULL },
	{ "comm",    REG, proc_show_pid_comm, NULL },
	{ "cwd",     S_IFLNK | 0777, NULL, &cwd_iops },
	{ "exe",     S_IFLNK | 0777, NULL, &exe_iops },
	{ "fd",      S_IFDIR | 0500, NULL, &proc_fd_dir_iops },
	{ "maps",    REG, proc_show_pid_maps, NULL },
	{ "stat",    REG, proc_show_pid_stat, NULL },
	{ "statm",   REG, proc_show_pid_statm, NULL },
	{ "status",  REG, proc_show_pid_status, NULL },
};
const unsigned proc_pid_count = sizeof(proc_pid_entries) / sizeof(proc_pid_entries[0]);
const struct proc_entry proc_pid_dir_entry = { "", S_IFDIR | 0555, NULL, &proc_pid_dir_iops };
const struct proc_entry proc_fd_link_entry = { "", S_IFLNK | 0700, NULL, &proc_fd_link_iops };

static int pid_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	int pid = key_pid(inode_key(dir));
	if (len == 2 && !memcmp(name, "..", 2)) {
		*out = inode_get(dir->sb->root);
		return 0;
	}
	int i = proc_entry_find(proc_pid_entries, proc_pid_count, name, len);
	if (i < 0 || !proc_pid_alive(pid))
		return -ENOENT;
	*out = proc_inode(dir->sb, proc_key(PT_PID, (unsigned)i, pid, 0), &proc_pid_entries[i]);
	return *out ? 0 : -ENOMEM;
}

static int pid_iterate(struct inode *dir, uint64_t *pos, dir_emit_fn emit, void *ctx)
{
	int pid = key_pid(inode_key(dir));
	if (!proc_pid_alive(pid))
		return -ENOENT;
	proc_emit_table(proc_pid_entries, proc_pid_count, PT_PID, pid, dir->ino,
			dir->sb->root->ino, pos, emit, ctx);
	return 0;
}

const struct inode_ops proc_pid_dir_iops = {
	.lookup = pid_lookup,
	.iterate = pid_iterate,
};

/* Give text[0..len) as readlink does: cut to size, not NUL-terminated. */
static long give_link(char *buf, size_t size, const char *text, long len)
{
	if (len < 0)
		return len;
	if ((size_t)len > size)
		len = (long)size;
	memcpy(buf, text, (size_t)len);
	return len;
}

static long path_readlink(int pid, int which, char *buf, size_t size)
{
	struct path path;
	int err = proc_pid_path(pid, which, &path);
	if (err)
		return err;
	char *text = kmalloc(PATH_MAX);
	long len = text ? proc_path_name(path, text, PATH_MAX) : -ENOMEM;
	path_put(path);
	len = give_link(buf, size, text, len);
	kfree(text);
	return len;
}

static int path_follow(int pid, int which, struct inode **out, struct mount **mnt)
{
	struct path path;
	int err = proc_pid_path(pid, which, &path);
	if (err)
		return err;
	*out = path.inode;	/* the references move to the caller */
	*mnt = path.mnt;
	return 0;
}

static long exe_readlink(struct inode *l, char *buf, size_t size)
{
	return path_readlink(key_pid(inode_key(l)), 0, buf, size);
}

static long cwd_readlink(struct inode *l, char *buf, size_t size)
{
	return path_readlink(key_pid(inode_key(l)), 1, buf, size);
}

static int exe_follow(struct inode *l, struct inode **out, struct mount **mnt)
{
	return path_follow(key_pid(inode_key(l)), 0, out, mnt);
}

static int cwd_follow(struct inode *l, struct inode **out, struct mount **mnt)
{
	return path_follow(key_pid(inode_key(l)), 1, out, mnt);
}

static const struct inode_ops exe_iops = { .readlink = exe_readlink, .follow = exe_follow };
static const struct inode_ops cwd_iops = { .readlink = cwd_readlink, .follow = cwd_follow };

/* ---- fd/ ---- */

/* The open file at pid's fd, with a reference: NULL if none. */
static struct file *file_of(int pid, unsigned fd)
{
	struct file *f = NULL;
	uint64_t flags = process_lock();
	struct process *p = process_find(pid);
	if (p && p->files && fd < fd_count(p) && (f = fd_file_of(p, (int)fd)) != NULL)
		file_get(f);
	process_unlock(flags);
	return f;
}

static int fd_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	uint64_t key = inode_key(dir);
	int pid = key_pid(key);
	if (len == 2 && !memcmp(name, "..", 2)) {
		*out = proc_inode(dir->sb, proc_key(PT_PID, PROC_DIR_INDEX, pid, 0),
				  &proc_pid_dir_entry);
		return *out ? 0 : -ENOMEM;
	}
	long fd = proc_parse_num(name, len);
	struct file *f = fd >= 0 ? file_of(pid, (unsigned)fd) : NULL;
	if (!f)
		return -ENOENT;
	file_put(f);
	*out = proc_inode(dir->sb, proc_key(PT_FD, 0, pid, (unsigned)fd), &proc_fd_link_entry);
	return *out ? 0 : -ENOMEM;
}

/* The highest descriptor + 1 of pid's table now (0: none, or gone). */
static unsigned fd_limit(int pid)
{
	uint64_t flags = process_lock();
	struct process *p = process_find(pid);
	unsigned n = p && p->files ? fd_count(p) : 0;
	process_unlock(flags);
	return n;
}

/* ".", "..", then each open descriptor: position 2 + fd. */
static int fd_iterate(struct inode *dir, uint64_t *pos, dir_emit_fn emit, void *ctx)
{
	int pid = key_pid(inode_key(dir));
	uint64_t parent = proc_key(PT_PID, PROC_DIR_INDEX, pid, 0);
	if (!proc_pid_alive(pid))
		return -ENOENT;
	if (!proc_emit_table(NULL, 0, PT_FD, pid, dir->ino, parent, pos, emit, ctx))
		return 0;
	for (unsigned n = fd_limit(pid); *pos - 2 < n; (*pos)++) {
		unsigned fd = (unsigned)(*pos - 2);
		struct file *f = file_of(pid, fd);
		if (!f)
			continue;
		file_put(f);
		char name[12];
		int len = ksnprintf(name, sizeof(name), "%u", fd);
		if (!emit(ctx, name, (size_t)len, proc_key(PT_FD, 0, pid, fd), DT_LNK))
			return 0;
	}
	return 0;
}

const struct inode_ops proc_fd_dir_iops = {
	.lookup = fd_lookup,
	.iterate = fd_iterate,
};

/* What fd/N says: the file's path; "pipe:[ino]" for a pipe, which has
 * none; the path and " (deleted)" for a file whose name was removed. */
static long fd_readlink(struct inode *l, char *buf, size_t size)
{
	uint64_t key = inode_key(l);
	struct file *f = file_of(key_pid(key), key_fd(key));
	if (!f)
		return -ENOENT;
	char *text = kmalloc(PATH_MAX);
	long len = -ENOMEM;
	if (text && f->mnt) {
		len = proc_path_name((struct path){ .mnt = f->mnt, .inode = f->inode }, text, PATH_MAX);
		if (len == -ENOENT)
			len = ksnprintf(text, PATH_MAX, "/ (deleted)");
	} else if (text) {
		const char *kind = S_ISFIFO(f->inode->mode) ? "pipe" :
				   (f->inode->mode & S_IFMT) == S_IFSOCK ? "socket" : "anon_inode";
		len = ksnprintf(text, PATH_MAX, "%s:[%lu]", kind, (unsigned long)f->inode->ino);
	}
	file_put(f);
	len = give_link(buf, size, text, len);
	kfree(text);
	return len;
}

static int fd_follow(struct inode *l, struct inode **out, struct mount **mnt)
{
	uint64_t key = inode_key(l);
	struct file *f = file_of(key_pid(key), key_fd(key));
	if (!f)
		return -ENOENT;
	int err = -ENOENT;	/* a pipe has no place in the tree to reopen */
	if (f->mnt) {
		struct path p = path_get((struct path){ .mnt = f->mnt, .inode = f->inode });
		*out = p.inode;	/* the references move to the caller */
		*mnt = p.mnt;
		err = 0;
	}
	file_put(f);
	return err;
}

const struct inode_ops proc_fd_link_iops = { .readlink = fd_readlink, .follow = fd_follow };
