/*
 * procfs from inside: an instance mounted on its own (no path walk), its
 * files opened and read through their operations as read(2) would.
 */
#include "arch/x86_64/cpu/cpu_report.h"
#include "kernel/errno.h"
#include "kernel/fs/procfs/internal.h"
#include "kernel/fs/procfs/procfs.h"
#include "kernel/ktest.h"
#include "kernel/printf.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/pmm.h"
#include "kernel/process.h"
#include "kernel/string.h"

#define TEXT_MAX	16384

static struct inode *lookup(struct inode *dir, const char *name)
{
	struct inode *out = NULL;
	if (!dir || !dir->iops || !dir->iops->lookup)
		return NULL;
	return dir->iops->lookup(dir, name, strlen(name), &out) == 0 ? out : NULL;
}

/* The file's whole text, NUL-terminated, read in small pieces so the
 * offsets are exercised (kfree it); NULL if it cannot be opened. */
static char *read_all(struct inode *inode, long *len)
{
	struct file f = { .refs = 1, .inode = inode, .fops = inode ? inode->fops : NULL };
	if (!inode || !f.fops || f.fops->open(inode, &f))
		return NULL;
	char *text = kzalloc(TEXT_MAX);
	long n;
	*len = 0;
	while (text && *len < TEXT_MAX - 1 &&
	       (n = f.fops->read(&f, io_kernel(text + *len), 7, &f.pos)) > 0)
		*len += n;
	f.fops->release(&f);
	return text;
}

static bool contains(const char *text, const char *needle)
{
	size_t n = strlen(needle);
	for (; *text; text++)
		if (!memcmp(text, needle, n))
			return true;
	return false;
}

static struct super_block *mount_proc(void)
{
	struct super_block *sb = NULL;
	return procfs_type.mount(NULL, &sb) == 0 ? sb : NULL;
}

KTEST(procfs, meminfo_total_is_the_allocators)
{
	struct super_block *sb = mount_proc();
	KASSERT_TRUE(sb);
	struct inode *mi = lookup(sb->root, "meminfo");
	long len = 0;
	char *text = read_all(mi, &len);
	KEXPECT_TRUE(text);
	if (text) {
		char want[64];
		ksnprintf(want, sizeof(want), "MemTotal:       %8lu kB\n",
			  (unsigned long)(pmm_total_frames() * 4));
		KEXPECT_EQ(memcmp(text, want, strlen(want)), 0);
		KEXPECT_EQ((long)strlen(text), len);
	}
	kfree(text);
	if (mi)
		inode_put(mi);
	procfs_type.kill_sb(sb);
}

struct names {
	char list[512];
	size_t used;
	unsigned count, stop_after;
};

static bool collect(void *ctx, const char *name, size_t len, uint64_t ino, unsigned type)
{
	struct names *n = ctx;
	(void)ino;
	(void)type;
	if (n->stop_after && n->count == n->stop_after)
		return false;
	if (n->used + len + 2 < sizeof(n->list)) {
		memcpy(n->list + n->used, name, len);
		n->used += len;
		n->list[n->used++] = ' ';
		n->list[n->used] = '\0';
	}
	n->count++;
	return true;
}

KTEST(procfs, root_lists_dots_then_names)
{
	struct super_block *sb = mount_proc();
	KASSERT_TRUE(sb);
	struct names n = { .stop_after = 0 };
	uint64_t pos = 0;
	KEXPECT_EQ(sb->root->iops->iterate(sb->root, &pos, collect, &n), 0);
	KEXPECT_EQ(memcmp(n.list, ". .. self anvil cpuinfo ", 24), 0);
	KEXPECT_GE(n.count, 2 + proc_root_count);
	/* Stopped after 3, a second call goes on from the fourth name. */
	struct names part = { .stop_after = 3 };
	pos = 0;
	sb->root->iops->iterate(sb->root, &pos, collect, &part);
	KEXPECT_EQ(pos, 3);
	part.stop_after = 0;
	sb->root->iops->iterate(sb->root, &pos, collect, &part);
	KEXPECT_STREQ(part.list, n.list);
	procfs_type.kill_sb(sb);
}

KTEST(procfs, anvil_regs_is_the_shells_report)
{
	struct super_block *sb = mount_proc();
	KASSERT_TRUE(sb);
	struct inode *dir = lookup(sb->root, "anvil");
	struct inode *regs = lookup(dir, "regs");
	long len = 0;
	char *text = read_all(regs, &len);
	struct seq direct;
	seq_init(&direct);
	regs_report(&direct.pr, NULL);
	KEXPECT_TRUE(text && direct.len > 100);
	/* CR0 and EFER do not move between the two reads. */
	if (text && direct.buf)
		KEXPECT_EQ(memcmp(text, direct.buf, 60), 0);
	kfree(direct.buf);
	kfree(text);
	if (regs)
		inode_put(regs);
	if (dir)
		inode_put(dir);
	KEXPECT_TRUE(lookup(sb->root, "nonexistent") == NULL);
	procfs_type.kill_sb(sb);
}

/* Set to kprintf_raw("%s", t) to see the texts while working on them. */
#define PROCFS_SHOW(t) ((void)(t))

KTEST(procfs, every_fixed_file_is_lines)
{
	struct super_block *sb = mount_proc();
	KASSERT_TRUE(sb);
	for (unsigned i = 0; i < proc_root_count; i++) {
		if (!S_ISREG(proc_root_entries[i].mode))
			continue;
		struct inode *f = lookup(sb->root, proc_root_entries[i].name);
		long len = 0;
		char *text = read_all(f, &len);
		if (!KEXPECT_TRUE(text && len > 0 && text[len - 1] == '\n'))
			ktest_fail(ktest_ctx, __FILE__, __LINE__, "%s", proc_root_entries[i].name);
		PROCFS_SHOW(text);
		kfree(text);
		if (f)
			inode_put(f);
	}
	procfs_type.kill_sb(sb);
}

/* A process that has not run yet: its files as exec left them. */
KTEST(procfs, pid_files_of_a_new_process)
{
	const char *argv[] = { "/bin/exit7", "one", "two words" };
	int pid = process_spawn("/bin/exit7", 3, argv, false);
	if (pid == -ENOENT)
		KTEST_SKIP("no /bin/exit7 in this boot");
	KASSERT_TRUE(pid > 0);
	struct super_block *sb = mount_proc();
	char name[12];
	ksnprintf(name, sizeof(name), "%d", pid);
	struct inode *dir = sb ? lookup(sb->root, name) : NULL;
	struct inode *cmd = lookup(dir, "cmdline"), *st = lookup(dir, "stat");
	struct inode *status = lookup(dir, "status");
	long len = 0;
	char *text = read_all(cmd, &len);
	KEXPECT_TRUE(text && len == 25 && !memcmp(text, "/bin/exit7\0one\0two words\0", 25));
	kfree(text);
	text = read_all(st, &len);
	char want[32];
	ksnprintf(want, sizeof(want), "%d (exit7) R ", pid);
	KEXPECT_TRUE(text && !memcmp(text, want, strlen(want)));
	unsigned spaces = 0;
	for (long i = 0; text && i < len; i++)
		spaces += text[i] == ' ';
	KEXPECT_EQ(spaces, 51);		/* 52 fields */
	kfree(text);
	text = read_all(status, &len);
	KEXPECT_TRUE(text && !memcmp(text, "Name:\texit7\nUmask:\t0", 20));
	kfree(text);
	struct inode *maps = lookup(dir, "maps");
	text = read_all(maps, &len);
	KEXPECT_TRUE(text && contains(text, " r-xp 00000000 ") && contains(text, " [stack]\n"));
	PROCFS_SHOW(text);
	kfree(text);
	if (maps)
		inode_put(maps);
	struct inode *held[] = { cmd, st, status, dir };
	for (unsigned i = 0; i < 4; i++)
		if (held[i])
			inode_put(held[i]);
	struct process_result r;
	KEXPECT_EQ(process_wait_kernel(pid, &r), 0);
	KEXPECT_EQ(r.status, 7);
	/* Reaped: the name is gone. */
	KEXPECT_TRUE(sb && lookup(sb->root, name) == NULL);
	if (sb)
		procfs_type.kill_sb(sb);
}
