/*
 * procfs's type, its inodes and the root directory: the fixed files of
 * /proc, /proc/self and a directory per process (Linux fs/proc/root.c,
 * base.c's proc_pid_readdir).  Inodes are made on lookup and hold only
 * their key (internal.h), so an inode of a process that has gone just
 * gives -ESRCH or -ENOENT when used.
 */
#include "kernel/errno.h"
#include "kernel/format.h"
#include "kernel/fs/procfs/internal.h"
#include "kernel/fs/procfs/procfs.h"
#include "kernel/mm/heap.h"
#include "kernel/process.h"
#include "kernel/string.h"

/* st_dev of /proc: an anonymous device (major 0), as Linux's proc. */
#define PROC_DEV	MKDEV(0, 0x16)

static const struct proc_entry root_dir_entry = { "", S_IFDIR | 0555, NULL, &proc_root_iops };

const struct proc_entry *proc_entry_of(uint64_t key)
{
	unsigned i = key_index(key);
	switch (key_table(key)) {
	case PT_ROOT:
		if (i == PROC_DIR_INDEX)
			return &root_dir_entry;
		return i < proc_root_count ? &proc_root_entries[i] : NULL;
	case PT_ANVIL:
		if (i == PROC_DIR_INDEX)
			return &proc_anvil_dir_entry;
		return i < proc_anvil_count ? &proc_anvil_entries[i] : NULL;
	case PT_PID:
		if (i == PROC_DIR_INDEX)
			return &proc_pid_dir_entry;
		return i < proc_pid_count ? &proc_pid_entries[i] : NULL;
	case PT_FD:
		return &proc_fd_link_entry;
	}
	return NULL;
}

struct inode *proc_inode(struct super_block *sb, uint64_t key, const struct proc_entry *e)
{
	struct inode *inode = inode_new(sb, e->mode);
	if (!inode)
		return NULL;
	inode->ino = key;
	inode->priv = (void *)(uintptr_t)key;
	inode->iops = e->iops;
	inode->nlink = S_ISDIR(e->mode) ? 2 : 1;
	inode->uid = inode->gid = 0;
	inode->size = 0;
	if (S_ISDIR(e->mode))
		inode->fops = &proc_dir_fops;
	else if (S_ISREG(e->mode))
		inode->fops = &proc_seq_fops;
	return inode;
}

int proc_entry_find(const struct proc_entry *e, unsigned n, const char *name, size_t len)
{
	for (unsigned i = 0; i < n; i++)
		if (strlen(e[i].name) == len && !memcmp(e[i].name, name, len))
			return (int)i;
	return -1;
}

long proc_parse_num(const char *name, size_t len)
{
	long v = 0;
	if (len == 0 || len > 9 || (name[0] == '0' && len > 1))
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		v = v * 10 + (name[i] - '0');
	}
	return v;
}

bool proc_emit_table(const struct proc_entry *e, unsigned n, enum proc_table t, int pid,
		     uint64_t self, uint64_t parent, uint64_t *pos, dir_emit_fn emit, void *ctx)
{
	for (; *pos < 2 + (uint64_t)n; (*pos)++) {
		bool more;
		if (*pos == 0)
			more = emit(ctx, ".", 1, self, DT_DIR);
		else if (*pos == 1)
			more = emit(ctx, "..", 2, parent, DT_DIR);
		else {
			const struct proc_entry *x = &e[*pos - 2];
			more = emit(ctx, x->name, strlen(x->name),
				    proc_key(t, (unsigned)(*pos - 2), pid, 0), mode_to_dt(x->mode));
		}
		if (!more)
			return false;
	}
	return true;
}

bool proc_pid_alive(int pid)
{
	uint64_t flags = process_lock();
	bool alive = pid > 0 && process_find(pid) != NULL;
	process_unlock(flags);
	return alive;
}

static int root_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	struct inode *inode = NULL;
	int i = proc_entry_find(proc_root_entries, proc_root_count, name, len);
	long pid = proc_parse_num(name, len);
	if (len == 2 && !memcmp(name, "..", 2)) {
		*out = inode_get(dir);
		return 0;
	}
	if (i >= 0)
		inode = proc_inode(dir->sb, proc_key(PT_ROOT, (unsigned)i, 0, 0),
				   &proc_root_entries[i]);
	else if (pid > 0 && pid < PID_MAX && proc_pid_alive((int)pid))
		inode = proc_inode(dir->sb, proc_key(PT_PID, PROC_DIR_INDEX, (int)pid, 0),
				   &proc_pid_dir_entry);
	else
		return -ENOENT;
	if (!inode)
		return -ENOMEM;
	*out = inode;
	return 0;
}

/* The lowest pid >= from in the table, or 0. */
static int next_pid(int from)
{
	int best = 0;
	uint64_t flags = process_lock();
	struct process *p;
	for (unsigned i = 0; (p = process_find_slot(i)) != NULL; i++)
		if (p->pid >= from && (!best || p->pid < best))
			best = p->pid;
	process_unlock(flags);
	return best;
}

/* ".", "..", the fixed names, then one directory per process: position
 * 2 + count + pid, so a listing resumes at the right pid even when
 * processes came and went in between. */
static int root_iterate(struct inode *dir, uint64_t *pos, dir_emit_fn emit, void *ctx)
{
	uint64_t base = 2 + (uint64_t)proc_root_count;
	if (!proc_emit_table(proc_root_entries, proc_root_count, PT_ROOT, 0, dir->ino, dir->ino,
			     pos, emit, ctx))
		return 0;
	for (int pid; (pid = next_pid((int)(*pos - base))) != 0; *pos = base + (uint64_t)pid + 1) {
		char name[12];
		int len = ksnprintf(name, sizeof(name), "%d", pid);
		if (!emit(ctx, name, (size_t)len, proc_key(PT_PID, PROC_DIR_INDEX, pid, 0), DT_DIR))
			return 0;
	}
	return 0;
}

const struct inode_ops proc_root_iops = {
	.lookup = root_lookup,
	.iterate = root_iterate,
};

/* /proc/self: a link to the caller's own directory, "42". */
static long self_readlink(struct inode *link, char *buf, size_t size)
{
	(void)link;
	char text[12];
	int pid = process_current()->pid;
	if (pid <= 0)
		return -ENOENT;	/* a kernel task has no directory */
	int len = ksnprintf(text, sizeof(text), "%d", pid);
	if ((size_t)len > size)
		len = (int)size;
	memcpy(buf, text, (size_t)len);
	return len;
}

const struct inode_ops proc_self_iops = { .readlink = self_readlink };

static void proc_evict(struct inode *inode)
{
	(void)inode;	/* nothing but the key: the VFS frees the inode */
}

static int proc_mount(const char *options, struct super_block **out)
{
	(void)options;
	struct super_block *sb = kzalloc(sizeof(*sb));
	if (!sb)
		return -ENOMEM;
	sb->type = &procfs_type;
	sb->dev = PROC_DEV;
	sb->evict = proc_evict;
	sb->root = proc_inode(sb, proc_key(PT_ROOT, PROC_DIR_INDEX, 0, 0), &root_dir_entry);
	if (!sb->root) {
		kfree(sb);
		return -ENOMEM;
	}
	*out = sb;
	return 0;
}

static void proc_kill_sb(struct super_block *sb)
{
	inode_put(sb->root);
	kfree(sb);
}

const struct fs_type procfs_type = {
	.name = "proc",
	.nodev = true,
	.magic = 0x9fa0,	/* PROC_SUPER_MAGIC (include/uapi/linux/magic.h) */
	.mount = proc_mount,
	.kill_sb = proc_kill_sb,
};
