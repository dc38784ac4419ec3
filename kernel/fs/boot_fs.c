/*
 * The file tree at boot (vfs_init in kernel/fs/vfs.h):
 *
 *	/        tmpfs, filled from the initramfs module (kernel/fs/initramfs.c)
 *	/bin/X   ... and from every module whose string is an absolute path
 *	/dev     devtmpfs: console, tty, null, zero, full, random, urandom
 *	/proc    proc (kernel/fs/procfs/)
 *	/tmp     tmpfs
 *
 * Nothing here stops the boot: a missing or refused initramfs is logged,
 * and the kernel goes on with what the modules gave.
 */
#include "kernel/addr.h"
#include "kernel/boot.h"
#include "kernel/errno.h"
#include "kernel/fs/chrdev.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/tmpfs.h"
#include "kernel/fs/vfs.h"
#include "kernel/panic.h"
#include "kernel/printf.h"
#include "kernel/process.h"
#include "kernel/string.h"

void vfs_set_root(struct path p);	/* kernel/fs/namei.c */

/* Every module whose string is an absolute path, as a file there. */
static void modules_as_files(void)
{
	unsigned files = 0;
	uint64_t bytes = 0;
	for (uint32_t i = 0; i < boot_info.module_count; i++) {
		const struct mb2_module *m = &boot_info.modules[i];
		if (m->string[0] != '/')
			continue;
		size_t size = m->end - m->start;
		int err = vfs_mkdir_parents(m->string);
		if (!err)
			err = vfs_write_file(m->string, 0755, phys_to_virt(m->start), size);
		if (err) {
			kprintf("vfs: module %s: cannot be made a file (error %d)\n", m->string, -err);
			continue;
		}
		files++;
		bytes += size;
	}
	if (files)
		kprintf("vfs: %u boot modules as files, %lu KiB\n", files, (unsigned long)(bytes / 1024));
}

/* Mount type on the directory path, making it first if need be. */
static void mount_on(const char *type, const char *path, const char *options)
{
	int err = vfs_mkdir(path, 0755);
	struct path at;
	if ((err && err != -EEXIST) || (err = path_walk(AT_FDCWD, path, WALK_FOLLOW, &at)) != 0) {
		kprintf("vfs: cannot mount %s on %s (error %d)\n", type, path, -err);
		return;
	}
	if ((err = vfs_mount(type, type, options, &at, 0)) != 0)
		kprintf("vfs: cannot mount %s on %s (error %d)\n", type, path, -err);
	path_put(at);
}

static void dev_nodes(void)
{
	char path[32];
	for (const struct chrdev_node *n = chrdev_nodes; n->name; n++) {
		ksnprintf(path, sizeof(path), "/dev/%s", n->name);
		int err = vfs_mknod(path, S_IFCHR | n->mode, n->rdev);
		if (err && err != -EEXIST)
			kprintf("vfs: cannot make %s (error %d)\n", path, -err);
	}
}

void vfs_init(void)
{
	fs_register(&tmpfs_type);
	fs_register(&devtmpfs_type);
	int err = vfs_mount("tmpfs", "rootfs", "mode=0755", NULL, 0);
	if (err)
		panic("vfs: cannot mount the root tmpfs (error %d)", -err);
	struct mount *m = mount_first();
	vfs_set_root((struct path){ m, m->root });

	modules_as_files();
	mount_on("devtmpfs", "/dev", "mode=0755");
	dev_nodes();
	mount_on("tmpfs", "/tmp", "mode=1777");
	process_boot_files();
}
