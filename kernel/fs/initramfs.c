/*
 * Unpacking the initramfs into the root file system, as Linux's
 * init/initramfs.c does with the archive the boot loader passed, but in
 * two passes: the whole archive is checked first (kernel/fs/cpio.c), so
 * a truncated or lying archive leaves the root as it was instead of half
 * made.  Entries are made through the kernel's own file calls
 * (kernel/fs/kfile.c); the archive's owners and times are not kept (the
 * files are root's, with the boot's time, as tools/mkinitramfs.py writes
 * them anyway).
 */
#include "kernel/fs/initramfs.h"
#include "kernel/fs/cpio.h"
#include "kernel/fs/vfs.h"
#include "kernel/addr.h"
#include "kernel/boot.h"
#include "kernel/errno.h"
#include "kernel/printf.h"
#include "kernel/string.h"

/* One CPU, called once at boot: the paths can be static. */
static char path[PATH_MAX];
static char target[PATH_MAX];

/* Make one checked entry at "/" + its name. */
static int make_entry(const struct cpio_entry *e)
{
	uint32_t perm = e->mode & S_IALLUGO;
	int err;

	path[0] = '/';
	memcpy(path + 1, e->name, e->namelen + 1);
	/* Archives need not list a file's directories first (GNU cpio's
	 * -d makes them too). */
	if ((err = vfs_mkdir_parents(path)) < 0)
		return err;
	switch (e->mode & S_IFMT) {
	case S_IFDIR:
		err = vfs_mkdir(path, perm);
		return err == -EEXIST ? 0 : err;
	case S_IFREG:
		return vfs_write_file(path, perm, e->data, e->size);
	case S_IFLNK:
		memcpy(target, e->data, e->size);
		target[e->size] = '\0';
		return vfs_symlink(target, path);
	default:	/* a device node or fifo: cpio_next allows no other type */
		return vfs_mknod(path, e->mode, MKDEV(e->rdevmajor, e->rdevminor));
	}
}

int initramfs_unpack(const void *buf, size_t len)
{
	struct cpio_stats st;
	struct cpio_entry e;
	char why[160];
	size_t off = 0;
	int r, err;

	if (cpio_check(buf, len, &st, why, sizeof(why)) < 0) {
		kprintf("initramfs: refused: %s\n", why);
		return -EINVAL;
	}
	while ((r = cpio_next(buf, len, &off, &e, why, sizeof(why))) == 1) {
		if ((err = make_entry(&e)) < 0) {
			kprintf("initramfs: /%s (entry at 0x%zx): error %d; stopped\n",
				e.name, e.offset, err);
			return err;
		}
	}
	kprintf("initramfs: %u files, %u directories, %u symlinks, %lu KiB", st.files, st.dirs,
		st.symlinks, (unsigned long)((st.bytes + 1023) / 1024));
	if (st.nodes)
		kprintf_raw(" (and %u device nodes and fifos)", st.nodes);
	kprintf_raw("\n");
	return 0;
}

int initramfs_load(void)
{
	unsigned found = 0;
	int first_err = 0;

	/* Every module named "initramfs", in GRUB's order: anvil's own root,
	 * then (when loaded) the userland archive, whose files are added to
	 * it -- as Linux unpacks several initrds one after another. */
	for (uint32_t i = 0; i < boot_info.module_count; i++) {
		const struct mb2_module *m = &boot_info.modules[i];
		if (strcmp(m->string, INITRAMFS_MODULE) != 0)
			continue;
		found++;
		int err = initramfs_unpack(phys_to_virt(m->start), m->end - m->start);
		if (err && !first_err)
			first_err = err;
	}
	if (!found)
		kprintf("initramfs: no boot module \"%s\"\n", INITRAMFS_MODULE);
	return first_err;
}
