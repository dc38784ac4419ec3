/*
 * mmap and munmap (x86-64 system calls 9 and 11), and the page fault on
 * an area (docs/mmap.md walks one through).
 *
 * Four kinds of area, by what a fault on a missing page maps:
 *   - private anonymous: a fresh zeroed frame of the process's own;
 *   - private file: the file's page (tmpfs pages are the page cache),
 *     one more reference, read-only; a writable area marks it COW, so
 *     the first write copies it (vm_cow_fault) and the file never sees
 *     the change;
 *   - shared file: the file's page itself, writable if the area is, with
 *     VM_SHARED so that fork shares it as it is rather than COW;
 *   - shared anonymous: the same, on a file of its own with no name (an
 *     inode of an internal tmpfs instance, as Linux's shmem_zero_setup).
 * Every entry that maps a frame holds one reference to it (pmm_ref), so
 * munmap, exit and exec drop each exactly once with pmm_free, and a
 * file's page outlives its truncation while a mapping still holds it.
 */
#include "kernel/addr.h"
#include "arch/x86_64/insn/clear_page.h"
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/tmpfs.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/vma.h"
#include "kernel/printf.h"
#include "kernel/process.h"
#include "kernel/syscall.h"

static struct super_block *shm_sb;	/* shared anonymous memory's files */

void mmap_init(void)
{
	if (tmpfs_type.mount(NULL, &shm_sb) != 0) {
		shm_sb = NULL;
		kprintf("mmap: no memory for shared anonymous mappings' tmpfs: they fail with ENOMEM\n");
	}
}

/* An unnamed tmpfs file of len bytes for a MAP_SHARED|MAP_ANONYMOUS area:
 * its pages are shared by everyone who maps it, fork children included. */
static int shm_file(uint64_t len, struct file **out)
{
	if (!shm_sb)
		return -ENOMEM;
	struct inode *inode = tmpfs_new_inode(shm_sb, S_IFREG | 0600, 0);
	if (!inode)
		return -ENOMEM;
	inode->size = len;
	*out = file_alloc(inode, &tmpfs_file_ops, O_RDWR);
	inode_put(inode);	/* the file holds it now */
	return *out ? 0 : -ENOMEM;
}

/* Map the file page behind va of area a; write: the access is a write. */
static int fault_file(struct addr_space *as, struct vm_area *a, uint64_t va, bool write)
{
	struct inode *inode = a->file->inode;
	uint64_t pgoff = a->pgoff + (va - a->start) / PAGE_SIZE, pa;
	if (pgoff >= page_round_up(inode->size) / PAGE_SIZE)
		return -EIO;	/* past the end of the file: SIGBUS, as Linux */
	int err = inode->iops->get_page(inode, pgoff, &pa);
	if (err)
		return err == -ENOSPC ? -EIO : err;
	unsigned flags = vma_page_flags(a);
	bool shared = flags & VM_SHARED;
	if (pmm_refcount(pa) >= PMM_REF_MAX)
		return -ENOMEM;	/* mapped 65535 times already */
	pmm_ref(pa);	/* the entry's reference */
	if ((err = vm_map(as, va, pa, shared ? flags : flags & ~VM_WRITE)) != 0) {
		pmm_free(pa);
		return err == -EEXIST ? 0 : err;
	}
	if (shared || !(flags & VM_WRITE))
		return 0;
	/* Private and writable: COW, the frame being the file's too. */
	(void)vm_protect(as, va, flags);
	return write ? vm_cow_fault(as, va) : 0;
}

static int fault_anon(struct addr_space *as, struct vm_area *a, uint64_t va)
{
	uint64_t pa = pmm_alloc();
	if (!pa)
		return -ENOMEM;
	clear_page(phys_to_virt(pa));
	int err = vm_map(as, va, pa, vma_page_flags(a));
	if (err)
		pmm_free(pa);
	return err == -EEXIST ? 0 : err;
}

int vma_fault(struct user_mm *mm, uint64_t addr, unsigned access)
{
	struct vm_area *a = vma_find(mm, addr);
	if (!a)
		return -ENOENT;
	if (!a->prot || ((access & PROT_WRITE) && !(a->prot & PROT_WRITE)) ||
	    ((access & PROT_EXEC) && !(a->prot & PROT_EXEC)))
		return -EFAULT;
	uint64_t va = page_round_down(addr);
	if (a->file)
		return fault_file(mm->as, a, va, access & PROT_WRITE);
	return fault_anon(mm->as, a, va);
}

/* MAP_POPULATE: every page faulted in now (errors are left for the
 * access to meet, as Linux's populate ignores them). */
static void populate(struct user_mm *mm, uint64_t start, uint64_t end)
{
	for (uint64_t va = start; va < end; va += PAGE_SIZE)
		if (!vm_translate(mm->as, va, NULL, NULL))
			(void)vma_fault(mm, va, PROT_READ);
}

/* Linux's do_mmap checks for a file (mm/mmap.c): the type of mapping,
 * then the access the descriptor was opened with.  0 or -errno. */
static int check_file(struct file *f, unsigned prot, unsigned type)
{
	unsigned acc = f->flags & O_ACCMODE;
	if (type == MAP_SHARED && (prot & PROT_WRITE) && (acc == O_RDONLY || (f->flags & O_APPEND)))
		return -EACCES;
	if (acc == O_WRONLY)
		return -EACCES;
	if (!S_ISREG(f->inode->mode) || !f->inode->iops || !f->inode->iops->get_page)
		return -ENODEV;
	return 0;
}

#define MAP_KNOWN (MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_32BIT | MAP_GROWSDOWN | \
		   MAP_DENYWRITE | MAP_EXECUTABLE | MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE | \
		   MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB | MAP_SYNC | MAP_FIXED_NOREPLACE)

/* mmap(addr, len, prot, flags, fd, offset), in Linux's order of checks
 * (arch/x86/kernel/sys_x86_64.c, mm/mmap.c ksys_mmap_pgoff, do_mmap). */
long sys_mmap(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	uint64_t addr = arg[0], len = arg[1], off = arg[5];
	unsigned prot = (unsigned)arg[2], flags = (unsigned)arg[3];
	int fd = (int)arg[4];
	struct user_mm *mm = process_current()->mm;
	struct file *file = NULL;
	if (off % PAGE_SIZE)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS)) {
		struct file *f = fd_file(fd);
		if (!f || (f->flags & O_PATH))
			return -EBADF;
		file = file_get(f);
	}
	long err = -EINVAL;
	unsigned type = flags & MAP_TYPE;
	/* MAP_GROWSDOWN (a stack that grows into the page below) and huge
	 * pages are not supported: EINVAL. */
	if (!len || (flags & (MAP_GROWSDOWN | MAP_HUGETLB)))
		goto out;
	prot &= PROT_READ | PROT_WRITE | PROT_EXEC;	/* Linux ignores the rest */
	len = page_round_up(len);
	err = -ENOMEM;
	if (!len || len > USER_END)
		goto out;
	err = -EOVERFLOW;
	if (off / PAGE_SIZE + len / PAGE_SIZE < off / PAGE_SIZE)
		goto out;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		err = -EINVAL;
		if (addr % PAGE_SIZE)
			goto out;
		err = -ENOMEM;
		if (addr > USER_END - len)
			goto out;
		err = -EPERM;	/* below mmap_min_addr: Linux's answer without CAP_SYS_RAWIO */
		if (addr < MMAP_MIN_ADDR)
			goto out;
		err = -EEXIST;
		if ((flags & MAP_FIXED_NOREPLACE) && vma_range_used(mm, addr, addr + len))
			goto out;
	} else if (!(addr = vma_free_range(mm, addr, len))) {
		err = -ENOMEM;
		goto out;
	}
	err = -EINVAL;
	if (type == MAP_SHARED_VALIDATE) {
		err = -EOPNOTSUPP;
		if (flags & ~MAP_KNOWN)
			goto out;
		type = MAP_SHARED;
	}
	err = -EINVAL;
	if (type != MAP_SHARED && type != MAP_PRIVATE)
		goto out;
	if (file && (err = check_file(file, prot, type)) != 0)
		goto out;
	if (!file && type == MAP_SHARED) {
		if ((err = shm_file(len, &file)) != 0)
			goto out;
		off = 0;
	}
	/* MAP_FIXED replaces what was there (munmap first); MAP_NORESERVE,
	 * MAP_STACK and the rest of the flags change nothing here. */
	if ((err = vma_unmap(mm, addr, addr + len)) != 0)
		goto out;
	unsigned keep = type | (flags & MAP_ANONYMOUS);
	err = vma_add(mm, addr, addr + len, prot, keep, file, off / PAGE_SIZE);
	file = NULL;	/* vma_add took the reference, or dropped it */
	if (err)
		goto out;
	if (flags & MAP_POPULATE)
		populate(mm, addr, addr + len);
	return (long)addr;
out:
	if (file)
		file_put(file);
	return err;
}

/* munmap(addr, len): Linux's rules (mm/mmap.c do_vmi_munmap): addr
 * aligned, len not 0; a range with nothing in it is fine. */
long sys_munmap(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	uint64_t addr = arg[0], len = page_round_up(arg[1]);
	if (addr % PAGE_SIZE || !arg[1] || !len || addr > USER_END || len > USER_END - addr)
		return -EINVAL;
	return vma_unmap(process_current()->mm, addr, addr + len);
}
