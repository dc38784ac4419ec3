/*
 * Address spaces and page mappings: the generic side.  The checks every
 * caller needs live here (alignment, canonical addresses, flags that fit
 * the half), then the x86 walk in arch/x86_64/mm/paging.c does the work.
 * Interrupts are off while tables change: an interrupt handler may map
 * too (the heap grows that way).
 */
#include "kernel/mm/vm.h"
#include "arch/x86_64/insn/clear_page.h"
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/mm/paging.h"
#include "kernel/addr.h"
#include "kernel/boot.h"
#include "kernel/errno.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/pmm.h"
#include "kernel/panic.h"
#include "kernel/printf.h"
#include "kernel/string.h"

struct addr_space kernel_as;
static struct addr_space *current = &kernel_as;
static uint64_t table_pages;

uint64_t vm_table_alloc(void)
{
	uint64_t phys = pmm_alloc();
	if (phys) {
		clear_page(phys_to_virt(phys));
		table_pages++;
	}
	return phys;
}

void vm_table_free(uint64_t phys)
{
	pmm_free(phys);
	table_pages--;
}

uint64_t vm_table_pages(void)
{
	return table_pages;
}

/* May this page be given these flags?  User pages only in the lower half,
 * global pages only in the upper half, and no address in the hole of
 * non-canonical addresses between them. */
static bool valid(uint64_t va, unsigned flags)
{
	if ((va & (PAGE_SIZE - 1)) || (flags & VM_COW))
		return false;
	if (va < USER_END)
		return !(flags & VM_GLOBAL);
	return va >= ANVIL_DIRECT_MAP && !(flags & VM_USER);
}

/* A user page is mapped at va now: widen the cluster it lies in. */
static void note_user_page(struct addr_space *as, uint64_t va)
{
	if (va >= USER_END)
		return;
	if (va < VM_HIGH_HALF && va + PAGE_SIZE > as->low_end)
		as->low_end = va + PAGE_SIZE;
	if (va >= VM_HIGH_HALF && va < as->high_start)
		as->high_start = va;
	if (va >= VM_HIGH_HALF && va + PAGE_SIZE > as->high_end)
		as->high_end = va + PAGE_SIZE;
}

int vm_map(struct addr_space *as, uint64_t va, uint64_t pa, unsigned flags)
{
	if (!valid(va, flags) || (pa & (PAGE_SIZE - 1)))
		return -EINVAL;
	uint64_t irq = irq_save();
	int err = paging_map(as->root, va, pa, flags);
	if (!err)
		note_user_page(as, va);
	irq_restore(irq);
	return err;
}

int vm_move(struct addr_space *as, uint64_t from, uint64_t to)
{
	if (!valid(from, 0) || !valid(to, 0) || from >= USER_END || to >= USER_END)
		return -EINVAL;
	uint64_t irq = irq_save(), *src, *dst;
	int err = paging_pte(as->root, from, false, &src);
	if (!err && !(*src & X86_PTE_P))
		err = -ENOENT;
	if (!err)
		err = paging_pte(as->root, to, true, &dst);
	if (!err && (*dst & X86_PTE_P))
		err = -EEXIST;
	if (!err) {
		*dst = *src;	/* frame, rights, COW and shared bits alike */
		*src = 0;
		paging_flush_page(as->root, from);
		note_user_page(as, to);
	}
	irq_restore(irq);
	return err;
}

int vm_unmap(struct addr_space *as, uint64_t va, uint64_t *pa)
{
	if (!valid(va, 0))
		return -EINVAL;
	uint64_t irq = irq_save();
	int err = paging_unmap(as->root, va, pa);
	irq_restore(irq);
	return err;
}

int vm_protect(struct addr_space *as, uint64_t va, unsigned flags)
{
	if (!valid(va, flags))
		return -EINVAL;
	uint64_t irq = irq_save();
	uint64_t pa;
	/* Writable, but shared since a fork: only once it is copied. */
	if ((flags & (VM_WRITE | VM_SHARED)) == VM_WRITE && va < USER_END && paging_translate(as->root, va, &pa, NULL) &&
	    pmm_refcount(pa) > 1)
		flags = (flags & ~VM_WRITE) | VM_COW;
	int err = paging_protect(as->root, va, flags);
	irq_restore(irq);
	return err;
}

bool vm_translate(struct addr_space *as, uint64_t va, uint64_t *pa, unsigned *flags)
{
	if (va >= USER_END && va < ANVIL_DIRECT_MAP)
		return false;
	return paging_translate(as->root, va, pa, flags);
}

struct addr_space *as_create(void)
{
	struct addr_space *as = kmalloc(sizeof(*as));
	if (!as)
		return NULL;
	as->root = vm_table_alloc();
	if (!as->root) {
		kfree(as);
		return NULL;
	}
	as->low_end = 0;		/* nothing mapped yet */
	as->high_start = USER_END;
	as->high_end = 0;
	paging_copy_kernel_half(as->root, kernel_as.root);
	return as;
}

void as_destroy(struct addr_space *as)
{
	if (as == current || as == &kernel_as)
		panic("as_destroy: address space %p (root %lx) is %s", (void *)as,
		      (unsigned long)as->root, as == current ? "running" : "the kernel's");
	paging_free_user_range(as->root, 0, as->low_end);
	paging_free_user_range(as->root, as->high_start, as->high_end);
	vm_table_free(as->root);
	kfree(as);
}

void as_switch(struct addr_space *as)
{
	current = as;
	paging_switch(as->root);
}

struct addr_space *as_current(void)
{
	return current;
}

/* Map a section of the kernel image page by page with its own rights. */
static void map_section(const char *what, const char *start, const char *end, unsigned flags)
{
	for (uint64_t va = (uint64_t)start; va < (uint64_t)end; va += PAGE_SIZE) {
		int err = vm_map(&kernel_as, va, virt_to_phys((void *)va), flags | VM_GLOBAL);
		if (err)
			panic("vm: cannot map kernel %s page %lx (error %d)", what,
			      (unsigned long)va, err);
	}
	kprintf("vm: %-6s %lx-%lx %c%c%c\n", what, (unsigned long)start,
		(unsigned long)end - 1, 'r', (flags & VM_WRITE) ? 'w' : '-',
		(flags & VM_NX) ? '-' : 'x');
}

/* The direct map covers the first 4 GiB (RAM, and the devices and
 * firmware below 4 GiB that drivers reach through it) and every range of
 * the memory map beyond. */
static void map_direct(void)
{
	const uint64_t low = (uint64_t)ANVIL_BOOT_MAP_GIB << 30;
	const uint64_t limit = ANVIL_DIRECT_MAP_END - ANVIL_DIRECT_MAP;
	uint64_t page = paging_map_direct(kernel_as.root, 0, low), end = low;
	for (uint32_t i = 0; page && i < boot_info.mmap_count; i++) {
		struct mb2_mmap_entry e = mb2_mmap_entry(&boot_info, i);
		uint64_t last = e.base + e.length;
		if (last <= low)
			continue;
		if (last > limit) {
			kprintf("vm: memory above %lu TiB is not mapped\n",
				(unsigned long)(limit >> 40));
			last = limit;
		}
		page = paging_map_direct(kernel_as.root, e.base, last);
		if (last > end)
			end = last;
	}
	if (!page)
		panic("vm: out of memory building the direct map");
	kprintf("vm: direct map of physical 0-%lx at %lx in %lu KiB pages\n",
		(unsigned long)end - 1, (unsigned long)ANVIL_DIRECT_MAP,
		(unsigned long)(page >> 10));
}

void vm_init(void)
{
	if (!paging_cpu_init())
		kprintf("vm: this CPU has no NX bit: data pages stay executable\n");
	kernel_as.root = vm_table_alloc();
	if (!kernel_as.root || paging_fill_kernel_half(kernel_as.root))
		panic("vm: out of memory for the kernel's top-level page tables");
	map_direct();

	/* W^X: text is the only executable part, and it is read-only. */
	map_section("text", __text_start, __text_end, 0);
	map_section("rodata", __rodata_start, __rodata_end, VM_NX);
	map_section("data", __data_start, __bss_end, VM_WRITE | VM_NX);

	as_switch(&kernel_as);
	paging_enable_global();
	kprintf("vm: kernel page tables at %lx live (%lu table pages); boot tables retired\n",
		(unsigned long)kernel_as.root, (unsigned long)table_pages);
}
