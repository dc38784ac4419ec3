/*
 * A process's address space as ranges (Linux's VMAs, which anvil does not
 * keep yet): the ELF image's pages, walked under process_lock and grouped
 * by rights; the heap [heap_start, brk); the stack [stack_low, stack_top).
 * /proc/PID/maps prints them in Linux's format (fs/proc/task_mmu.c
 * show_map_vma), and stat, status and statm count from them.
 */
#include "kernel/addr.h"
#include "kernel/errno.h"
#include "kernel/fs/procfs/internal.h"
#include "kernel/fs/procfs/pid_snap.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/vm.h"
#include "kernel/vdso.h"

static void add_range(struct proc_snap *s, uint64_t start, uint64_t end, bool w, bool x, int kind)
{
	struct vm_range *last = s->nranges ? &s->ranges[s->nranges - 1] : NULL;
	if (last && last->end == start && last->write == w && last->exec == x &&
	    (int)last->kind == kind) {
		last->end = end;
		return;
	}
	if (s->nranges == SNAP_RANGES)
		return;
	s->ranges[s->nranges++] = (struct vm_range){ start, end, w, x, kind };
}

/* The image's mapped pages in [lo, hi), a range per run of equal rights. */
static void walk_image(struct addr_space *as, uint64_t lo, uint64_t hi, struct proc_snap *s)
{
	for (uint64_t va = lo; va < hi; va += PAGE_SIZE) {
		unsigned f;
		if (!vm_translate(as, va, NULL, &f))
			continue;
		bool w = f & (VM_WRITE | VM_COW), x = !(f & VM_NX);
		add_range(s, va, va + PAGE_SIZE, w, x, RANGE_IMAGE);
		s->rss_pages++;
		s->vm_size += PAGE_SIZE;
		if (x) {
			s->vm_exe += PAGE_SIZE;
			if (!s->code_start)
				s->code_start = va;
			s->code_end = va + PAGE_SIZE;
		} else if (w) {
			s->vm_data += PAGE_SIZE;
			if (!s->data_start)
				s->data_start = va;
			s->data_end = va + PAGE_SIZE;
		}
	}
}

static uint64_t present_pages(struct addr_space *as, uint64_t lo, uint64_t hi)
{
	uint64_t n = 0;
	for (uint64_t va = lo; va < hi; va += PAGE_SIZE)
		n += vm_translate(as, va, NULL, NULL);
	return n;
}

/* [vvar] and [vdso] (kernel/vdso.c), the pages of them still mapped. */
static void walk_vdso(struct user_mm *mm, struct proc_snap *s)
{
	if (!mm->vdso_base)
		return;
	uint64_t vvar = mm->vdso_base - VVAR_PAGES * PAGE_SIZE;
	uint64_t end = mm->vdso_base + vdso_pages() * PAGE_SIZE;
	for (uint64_t va = vvar; va < end; va += PAGE_SIZE) {
		unsigned f;
		if (!vm_translate(mm->as, va, NULL, &f))
			continue;
		add_range(s, va, va + PAGE_SIZE, false, !(f & VM_NX),
			  va < mm->vdso_base ? RANGE_VVAR : RANGE_VDSO);
		s->rss_pages++;
		s->vm_size += PAGE_SIZE;
	}
}

void proc_snap_vm(const struct process *p, struct proc_snap *s)
{
	struct user_mm *mm = p->mm;
	struct addr_space *as = mm->as;
	uint64_t heap = page_round_down(mm->heap_start), brk = page_round_up(mm->brk);
	uint64_t image_end = heap < as->low_end ? heap : as->low_end;

	walk_image(as, 0, image_end, s);
	if (brk > heap) {
		add_range(s, heap, brk, true, false, RANGE_HEAP);
		s->vm_size += brk - heap;
		s->vm_data += brk - heap;
		s->rss_pages += present_pages(as, heap, brk);
	}
	if (mm->vdso_base < mm->stack_low)
		walk_vdso(mm, s);	/* below the stack: at the mmap base */
	if (mm->stack_low < mm->stack_top) {
		add_range(s, mm->stack_low, mm->stack_top, true, false, RANGE_STACK);
		s->vm_size += mm->stack_top - mm->stack_low;
		s->vm_stack = mm->stack_top - mm->stack_low;
		s->rss_pages += present_pages(as, mm->stack_low, mm->stack_top);
	}
	if (mm->vdso_base > mm->stack_low)
		walk_vdso(mm, s);	/* above the stack (kernel/vdso.c vdso_place) */
	/* The page above the stack: code only programs linked for it have. */
	walk_image(as, USER_STACK_TOP, USER_END, s);
}

/* "00400000-00401000 r-xp 00000000 00:16 5                    /bin/x":
 * the header padded to 73 columns before a name (seq_setwidth(25 +
 * 6 * sizeof(void *) - 1) and seq_pad). */
static void show_range(struct seq *s, const struct vm_range *r, const char *exe, uint64_t dev,
		       uint64_t ino)
{
	size_t start = s->len;
	static const char *const names[] = { [RANGE_HEAP] = "[heap]", [RANGE_STACK] = "[stack]",
					     [RANGE_VVAR] = "[vvar]", [RANGE_VDSO] = "[vdso]" };
	const char *name = r->kind == RANGE_IMAGE ? exe : names[r->kind];
	bool file = r->kind == RANGE_IMAGE && exe[0];
	seq_printf(s, "%08lx-%08lx r%c%cp %08x %02x:%02x %lu ", (unsigned long)r->start,
		   (unsigned long)r->end, r->write ? 'w' : '-', r->exec ? 'x' : '-', 0u,
		   file ? MAJOR(dev) : 0, file ? MINOR(dev) : 0, file ? (unsigned long)ino : 0UL);
	if (name[0]) {
		seq_pad_to(s, start, 25 + 6 * sizeof(void *) - 1);
		seq_printf(s, " %s", name);
	}
	seq_putc(s, '\n');
}

int proc_show_pid_maps(struct seq *s, uint64_t key)
{
	struct proc_snap *snap = kmalloc(sizeof(*snap));
	char *exe = kmalloc(PATH_MAX);
	int err = -ENOMEM;
	if (!snap || !exe)
		goto out;
	if ((err = proc_snap_get(key_pid(key), snap)) != 0)
		goto out;
	exe[0] = '\0';
	uint64_t dev = 0, ino = 0;
	struct path path;
	if (proc_pid_path(snap->pid, 0, &path) == 0) {
		long n = proc_path_name(path, exe, PATH_MAX);
		exe[n > 0 && n < PATH_MAX ? n : 0] = '\0';
		dev = path.inode->sb ? path.inode->sb->dev : 0;
		ino = path.inode->ino;
		path_put(path);
	}
	for (unsigned i = 0; i < snap->nranges; i++)
		show_range(s, &snap->ranges[i], exe, dev, ino);
out:
	kfree(snap);
	kfree(exe);
	return err;
}
