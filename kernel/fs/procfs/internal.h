/*
 * procfs's own pieces (kernel/fs/procfs/): how an inode says what it is,
 * the tables of entries, and the buffer a generated file is built in.
 *
 * Every procfs inode is made on lookup and freed at its last put; what
 * it is lives in its number, so nothing else needs freeing and the same
 * object always has the same st_ino:
 *
 *	bits 56..59  the table (PT_ROOT, PT_ANVIL, PT_PID, PT_FD)
 *	bits 48..55  the entry's index in that table (0xff: the directory)
 *	bits 32..47  the pid (PT_PID, PT_FD)
 *	bits  0..31  the descriptor (PT_FD)
 */
#ifndef ANVIL_KERNEL_FS_PROCFS_INTERNAL_H
#define ANVIL_KERNEL_FS_PROCFS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kernel/format.h"
#include "kernel/fs/vfs.h"

struct process;

enum proc_table { PT_ROOT = 1, PT_ANVIL, PT_PID, PT_FD };
#define PROC_DIR_INDEX	0xff	/* the key of a table's directory itself */

static inline uint64_t proc_key(enum proc_table t, unsigned index, int pid, unsigned fd)
{
	return (uint64_t)t << 56 | (uint64_t)(index & 0xff) << 48 |
	       (uint64_t)(pid & 0xffff) << 32 | fd;
}

static inline enum proc_table key_table(uint64_t k) { return (enum proc_table)(k >> 56 & 0xf); }
static inline unsigned key_index(uint64_t k) { return (unsigned)(k >> 48 & 0xff); }
static inline int key_pid(uint64_t k) { return (int)(k >> 32 & 0xffff); }
static inline unsigned key_fd(uint64_t k) { return (unsigned)k; }
static inline uint64_t inode_key(const struct inode *i) { return (uint64_t)(uintptr_t)i->priv; }

/* A generated file's text: grows as it is printed (kmalloc), read from
 * by read(2) and lseek, freed when the file is closed.  The printer is
 * first, so a struct seq * is a struct printer * for the shell's reports. */
struct seq {
	struct printer pr;
	char *buf;
	size_t len, cap;
	bool failed;		/* out of memory: open gives -ENOMEM */
};

/* An empty buffer (nothing allocated until the first print). */
void seq_init(struct seq *s);
void seq_printf(struct seq *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void seq_write(struct seq *s, const void *data, size_t n);
void seq_putc(struct seq *s, char c);
/* Pad the current line with spaces to column col (Linux's seq_pad). */
void seq_pad_to(struct seq *s, size_t line_start, size_t col);

/* What builds a file's text: 0 or -errno (-ESRCH: the process is gone).
 * key says which object (the pid for a process's files). */
typedef int (*proc_show_fn)(struct seq *s, uint64_t key);

/* One name in a procfs directory. */
struct proc_entry {
	const char *name;
	uint32_t mode;			/* S_IFREG | 0444, S_IFDIR | 0555, S_IFLNK | 0777 */
	proc_show_fn show;		/* regular files */
	const struct inode_ops *iops;	/* directories and links */
};

/* The file operations of every generated file (seq.c): open builds the
 * text with the entry's show, read serves it, release frees it. */
extern const struct file_ops proc_seq_fops;
/* A directory's file operations: nothing to read (getdents64 iterates). */
extern const struct file_ops proc_dir_fops;

/* The entry an inode of table t at index i is (NULL for none). */
const struct proc_entry *proc_entry_of(uint64_t key);

/* A new inode for key (one reference), typed as e says; NULL: -ENOMEM. */
struct inode *proc_inode(struct super_block *sb, uint64_t key, const struct proc_entry *e);

/* Look name up among n entries: its index, or -1. */
int proc_entry_find(const struct proc_entry *e, unsigned n, const char *name, size_t len);
/* A decimal name ("42"): its value, or -1. */
long proc_parse_num(const char *name, size_t len);

/* Iterate a table of n entries as a directory: ".", ".." (with those
 * keys), then the entries; positions 0..n+1.  Returns false when emit
 * stopped. */
bool proc_emit_table(const struct proc_entry *e, unsigned n, enum proc_table t, int pid,
		     uint64_t self, uint64_t parent, uint64_t *pos, dir_emit_fn emit, void *ctx);

/* The tables (root.c, pid.c, anvil.c) and the directories' operations. */
extern const struct proc_entry proc_root_entries[];
extern const unsigned proc_root_count;
extern const struct proc_entry proc_anvil_entries[];
extern const unsigned proc_anvil_count;
extern const struct proc_entry proc_pid_entries[];
extern const unsigned proc_pid_count;
extern const struct inode_ops proc_root_iops, proc_pid_dir_iops, proc_fd_dir_iops;
extern const struct inode_ops proc_fd_link_iops;
extern const struct inode_ops proc_anvil_iops, proc_self_iops;
extern const struct proc_entry proc_pid_dir_entry, proc_fd_link_entry, proc_anvil_dir_entry;

/* p's absolute name (name.c): path_name() for a directory, a search of
 * p's mount for anything else.  Its length, or -ENOENT / -ERANGE. */
long proc_path_name(struct path p, char *buf, size_t size);

/* Does a process with this pid exist now? */
bool proc_pid_alive(int pid);

/* Clock ticks as Linux's USER_HZ (100 a second: /proc/PID/stat, /proc/stat). */
uint64_t proc_ticks_to_clock(uint64_t ticks);

/* The generators, one file each. */
int proc_show_meminfo(struct seq *s, uint64_t key);
int proc_show_uptime(struct seq *s, uint64_t key);
int proc_show_loadavg(struct seq *s, uint64_t key);
int proc_show_stat(struct seq *s, uint64_t key);
int proc_show_version(struct seq *s, uint64_t key);
int proc_show_filesystems(struct seq *s, uint64_t key);
int proc_show_mounts(struct seq *s, uint64_t key);
int proc_show_interrupts(struct seq *s, uint64_t key);
int proc_show_cpuinfo(struct seq *s, uint64_t key);
int proc_show_pid_stat(struct seq *s, uint64_t key);
int proc_show_pid_status(struct seq *s, uint64_t key);
int proc_show_pid_statm(struct seq *s, uint64_t key);
int proc_show_pid_cmdline(struct seq *s, uint64_t key);
int proc_show_pid_comm(struct seq *s, uint64_t key);
int proc_show_pid_maps(struct seq *s, uint64_t key);

#endif
