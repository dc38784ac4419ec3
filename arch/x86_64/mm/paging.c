/*
 * The 4-level page-table walk: map, unmap, protect, translate.
 *
 * Tables are reached through the direct map (phys_to_virt), so any table
 * of any address space can be edited without being the active one.  A
 * change to an address space that is running, or to the kernel half
 * (shared by all), is followed by invlpg; other address spaces are
 * flushed anyway by the CR3 write that switches to them.
 */
#include "arch/x86_64/mm/paging.h"
#include "arch/x86_64/cpu/cpufeatures.h"
#include "arch/x86_64/insn/cr.h"
#include "arch/x86_64/insn/msr.h"
#include "arch/x86_64/insn/tlb.h"
#include "kernel/addr.h"
#include "kernel/errno.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"
#include "kernel/string.h"

#define DEPTHS		4	/* PML4, PDPT, PD, PT */
#define PT_DEPTH	3	/* where the entry of a 4 KiB page is */
#define PML4_KERNEL	256	/* the first kernel-half PML4 entry */

static uint64_t nx_bit;		/* X86_PTE_NX once EFER.NXE is on, else 0 */
static bool have_1g_pages;

/* The index of va in the table at depth d (0 = PML4 ... 3 = PT). */
static inline unsigned table_index(uint64_t va, int depth)
{
	return (va >> (39 - 9 * depth)) & (X86_PT_ENTRIES - 1);
}

static inline uint64_t *table_of(uint64_t entry)
{
	return phys_to_virt(entry & X86_PTE_ADDR_MASK);
}

static uint64_t pte_bits(unsigned flags)
{
	uint64_t pte = X86_PTE_P;
	if (flags & VM_WRITE)
		pte |= X86_PTE_RW;
	if (flags & VM_USER)
		pte |= X86_PTE_US;
	if (flags & VM_NX)
		pte |= nx_bit;
	if (flags & VM_GLOBAL)
		pte |= X86_PTE_G;
	if (flags & VM_COW)
		pte |= X86_PTE_COW;
	if (flags & VM_SHARED)
		pte |= X86_PTE_SHARED;
	return pte;
}

static unsigned vm_flags(uint64_t pte)
{
	return ((pte & X86_PTE_RW) ? VM_WRITE : 0) | ((pte & X86_PTE_US) ? VM_USER : 0) |
	       ((pte & X86_PTE_NX) ? VM_NX : 0) | ((pte & X86_PTE_G) ? VM_GLOBAL : 0) |
	       ((pte & X86_PTE_COW) ? VM_COW : 0) | ((pte & X86_PTE_SHARED) ? VM_SHARED : 0);
}

/* Does a change at va need invlpg: is the translation possibly cached? */
static void flush(uint64_t root, uint64_t va)
{
	if (va >= USER_END || root == paging_current_root())
		invlpg((const void *)va);
}

void paging_flush_page(uint64_t root, uint64_t va)
{
	flush(root, va);
}

/*
 * Walk to va's entry at depth `leaf` (3: the PT entry of a 4 KiB page; 2
 * or 1 for a 2 MiB or 1 GiB page), creating missing tables when `create`.
 * entry[d] points at the entry used at depth d (NULL below where the walk
 * stopped).  Returns 0, -ENOENT (a table is missing), -ENOMEM, or -EEXIST
 * (a large page covers va).  Intermediate entries allow everything
 * (writable, and user in the user half): the leaf entry alone decides,
 * so protect() is one write.
 */
static int walk(uint64_t root, uint64_t va, bool create, int leaf, uint64_t *entry[DEPTHS])
{
	uint64_t *table = phys_to_virt(root);
	for (int d = 0; d < DEPTHS; d++)
		entry[d] = NULL;
	for (int d = 0; d < leaf; d++) {
		uint64_t *e = &table[table_index(va, d)];
		entry[d] = e;
		if (!(*e & X86_PTE_P)) {
			if (!create)
				return -ENOENT;
			uint64_t t = vm_table_alloc();
			if (!t)
				return -ENOMEM;
			*e = t | X86_PTE_P | X86_PTE_RW | (va < USER_END ? X86_PTE_US : 0);
		} else if (*e & X86_PTE_PS) {
			return -EEXIST;
		}
		table = table_of(*e);
	}
	entry[leaf] = &table[table_index(va, leaf)];
	return 0;
}

static bool table_empty(const uint64_t *table)
{
	for (int i = 0; i < X86_PT_ENTRIES; i++)
		if (table[i])
			return false;
	return true;
}

/*
 * Free the tables on va's path that hold no entry any more, deepest first.
 * The PML4 is never freed here, nor the kernel half's PDPTs (every
 * address space shares them).  The parent entry is cleared and the
 * paging-structure caches flushed before the table's frame goes back.
 */
static void prune(uint64_t root, uint64_t va, uint64_t *entry[DEPTHS])
{
	for (int d = DEPTHS - 1; d >= 1; d--) {
		if (!entry[d])
			continue;
		if (d == 1 && va >= USER_END)
			break;
		uint64_t *table = (uint64_t *)page_round_down((uint64_t)entry[d]);
		if (!table_empty(table))
			break;
		*entry[d - 1] = 0;
		flush(root, va);
		vm_table_free(virt_to_phys(table));
	}
}

int paging_map(uint64_t root, uint64_t va, uint64_t pa, unsigned flags)
{
	uint64_t *entry[DEPTHS];
	int err = walk(root, va, true, PT_DEPTH, entry);
	if (err) {
		if (err == -ENOMEM)
			prune(root, va, entry);
		return err;
	}
	if (*entry[3] & X86_PTE_P)
		return -EEXIST;
	*entry[3] = pa | pte_bits(flags);
	flush(root, va);
	return 0;
}

int paging_pte(uint64_t root, uint64_t va, bool create, uint64_t **pte)
{
	uint64_t *entry[DEPTHS];
	int err = walk(root, va, create, PT_DEPTH, entry);
	if (err == -ENOMEM)
		prune(root, va, entry);
	*pte = err ? NULL : entry[PT_DEPTH];
	return err;
}

int paging_unmap(uint64_t root, uint64_t va, uint64_t *pa)
{
	uint64_t *entry[DEPTHS];
	int err = walk(root, va, false, PT_DEPTH, entry);
	if (err == -EEXIST)
		return -EINVAL;		/* inside a large page: not ours to split */
	if (err || !(*entry[3] & X86_PTE_P))
		return -ENOENT;
	if (pa)
		*pa = *entry[3] & X86_PTE_ADDR_MASK;
	*entry[3] = 0;
	flush(root, va);
	prune(root, va, entry);
	return 0;
}

int paging_protect(uint64_t root, uint64_t va, unsigned flags)
{
	uint64_t *entry[DEPTHS];
	int err = walk(root, va, false, PT_DEPTH, entry);
	if (err == -EEXIST)
		return -EINVAL;
	if (err || !(*entry[3] & X86_PTE_P))
		return -ENOENT;
	*entry[3] = (*entry[3] & X86_PTE_ADDR_MASK) | pte_bits(flags);
	flush(root, va);
	return 0;
}

bool paging_translate(uint64_t root, uint64_t va, uint64_t *pa, unsigned *flags)
{
	const uint64_t *table = phys_to_virt(root);
	for (int d = 0; d < DEPTHS; d++) {
		uint64_t e = table[table_index(va, d)];
		if (!(e & X86_PTE_P))
			return false;
		/* Depth 1 with PS: a 1 GiB page; depth 2: 2 MiB; depth 3: 4 KiB. */
		if (d == DEPTHS - 1 || (d >= 1 && (e & X86_PTE_PS))) {
			uint64_t size = 1UL << (39 - 9 * d);
			if (pa)
				*pa = (e & X86_PTE_ADDR_MASK & ~(size - 1)) | (va & (size - 1));
			if (flags)
				*flags = vm_flags(e);
			return true;
		}
		table = table_of(e);
	}
	return false;
}

int paging_fill_kernel_half(uint64_t root)
{
	uint64_t *pml4 = phys_to_virt(root);
	for (int i = PML4_KERNEL; i < X86_PT_ENTRIES; i++) {
		uint64_t t = vm_table_alloc();
		if (!t)
			return -ENOMEM;
		pml4[i] = t | X86_PTE_P | X86_PTE_RW;
	}
	return 0;
}

void paging_copy_kernel_half(uint64_t dst_root, uint64_t src_root)
{
	uint64_t *dst = phys_to_virt(dst_root);
	const uint64_t *src = phys_to_virt(src_root);
	/* 256 entries: memcpy's rep movsq, not a loop of 256 loads and stores. */
	memcpy(&dst[PML4_KERNEL], &src[PML4_KERNEL],
	       (X86_PT_ENTRIES - PML4_KERNEL) * sizeof(uint64_t));
}

uint64_t paging_map_direct(uint64_t root, uint64_t start, uint64_t end)
{
	uint64_t leaf = X86_PTE_P | X86_PTE_RW | X86_PTE_PS | X86_PTE_G | nx_bit;
	uint64_t step = have_1g_pages ? X86_PAGE_1G : X86_PAGE_2M;
	int depth = have_1g_pages ? 1 : 2;	/* PDPT or PD entries */
	for (uint64_t phys = start & ~(step - 1); phys < end; phys += step) {
		uint64_t *entry[DEPTHS];
		if (walk(root, ANVIL_DIRECT_MAP + phys, true, depth, entry))
			return 0;
		*entry[depth] = phys | leaf;
	}
	return step;
}

/* Free what the table at va (entries of 1 << shift bytes) maps in
 * [lo, hi): frames under a page table, tables under the others. */
static void free_level(uint64_t *t, uint64_t va, int shift, uint64_t lo, uint64_t hi)
{
	int first, last;
	paging_span(va, shift, lo, hi, &first, &last);
	for (int i = paging_next_present(t, first, last + 1); i <= last;
	     i = paging_next_present(t, i + 1, last + 1)) {
		uint64_t addr = t[i] & X86_PTE_ADDR_MASK;
		if (shift == 12) {
			pmm_free(addr);
			continue;
		}
		free_level(table_of(t[i]), va | (uint64_t)i << shift, shift - 9, lo, hi);
		vm_table_free(addr);
		t[i] = 0;
	}
}

void paging_free_user_range(uint64_t root, uint64_t lo, uint64_t hi)
{
	if (lo < hi)
		free_level(phys_to_virt(root), 0, 39, lo, hi);
}

bool paging_cpu_init(void)
{
	have_1g_pages = cpu_has(CPU_FEATURE_PDPE1GB);
	/* CR0.WP: ring 0 writes obey read-only pages too (SDM Vol. 3A §4.6.1). */
	write_cr0(read_cr0() | X86_CR0_WP);
	if (!cpu_has(CPU_FEATURE_NX))
		return false;
	/* Without EFER.NXE bit 63 of an entry is reserved and faults (§4.5). */
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	nx_bit = X86_PTE_NX;
	return true;
}

void paging_enable_global(void)
{
	/* Setting CR4.PGE flushes the whole TLB (SDM Vol. 3A §4.10.4.1). */
	write_cr4(read_cr4() | X86_CR4_PGE);
}

void paging_switch(uint64_t root)
{
	write_cr3(root);
}

void paging_flush_user(void)
{
	/* CR4.PCIDE is off: the write flushes all but global entries. */
	write_cr3(read_cr3());
}

uint64_t paging_current_root(void)
{
	return read_cr3() & X86_CR3_ADDR_MASK;
}
