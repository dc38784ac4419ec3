/*
 * A process's files (kernel/process.h): the descriptors and the cwd the
 * boot task gives every program it starts, and letting go of them.
 * fork copies them (process_alloc_child), execve closes the FD_CLOEXEC
 * ones (kernel/proc/execve.c).
 */
#include "kernel/fs/fcntl.h"
#include "kernel/fs/fdtable.h"
#include "kernel/printf.h"
#include "kernel/process.h"

void process_boot_files(void)
{
	struct process *b = process_boot_task();
	b->cwd = vfs_root();
	/* What every program the kernel starts inherits: the console, open
	 * once for reading and writing and shared by 0, 1 and 2, as the
	 * descriptors Linux gives init. */
	struct path console;
	struct file *f;
	if (path_walk(AT_FDCWD, "/dev/console", WALK_FOLLOW, &console) != 0) {
		kprintf("vfs: no /dev/console: programs start with no descriptors\n");
		return;
	}
	if (file_open_path(console, O_RDWR, &f) == 0) {
		fd_install_at(f, 0, false);
		fd_install_at(file_get(f), 1, false);
		fd_install_at(file_get(f), 2, false);
	}
	path_put(console);
}

void process_drop_files(struct process *p)
{
	fdtable_put(p->files);
	p->files = NULL;
	if (p->cwd.inode)
		path_put(p->cwd);
	p->cwd = (struct path){ 0 };
}
