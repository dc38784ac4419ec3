#include "kernel/mm/vm.h"
#include "arch/x86_64/insn/cr.h"
#include "arch/x86_64/cpu/cpufeatures.h"
#include "arch/x86_64/insn/msr.h"
#include "arch/x86_64/mm/paging.h"
#include "kernel/addr.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/mm/memhog.h"
#include "kernel/mm/pmm.h"
#include "kernel/string.h"

#define SCRATCH ANVIL_SCRATCH_BASE

KTEST(vm, map_write_read_through_direct_map)
{
	uint64_t tables = vm_table_pages(), frame = pmm_alloc(), pa;
	unsigned flags;
	KASSERT_NE(frame, 0);
	KASSERT_EQ(vm_map(&kernel_as, SCRATCH, frame, VM_WRITE | VM_NX), 0);
	KEXPECT_GT(vm_table_pages(), tables);	/* a PD and a PT were made */
	memcpy((void *)SCRATCH, "anvil maps pages", 17);
	KEXPECT_STREQ((const char *)phys_to_virt(frame), "anvil maps pages");
	KEXPECT_TRUE(vm_translate(&kernel_as, SCRATCH + 5, &pa, &flags));
	KEXPECT_EQ(pa, frame + 5);
	KEXPECT_EQ(flags, VM_WRITE | VM_NX);

	KEXPECT_EQ(vm_unmap(&kernel_as, SCRATCH, &pa), 0);
	KEXPECT_EQ(pa, frame);
	KEXPECT_TRUE(!vm_translate(&kernel_as, SCRATCH, &pa, NULL));
	KEXPECT_EQ(vm_table_pages(), tables);	/* the empty tables went back */
	pmm_free(frame);
}

KTEST(vm, errors_are_reported)
{
	uint64_t frame = pmm_alloc();
	KASSERT_NE(frame, 0);
	KEXPECT_EQ(vm_map(&kernel_as, SCRATCH + 1, frame, 0), -EINVAL);
	KEXPECT_EQ(vm_map(&kernel_as, SCRATCH, frame + 1, 0), -EINVAL);
	KEXPECT_EQ(vm_map(&kernel_as, SCRATCH, frame, VM_USER), -EINVAL);
	KEXPECT_EQ(vm_map(&kernel_as, 0x400000, frame, VM_GLOBAL), -EINVAL);
	KEXPECT_EQ(vm_map(&kernel_as, 0x0000900000000000UL, frame, 0), -EINVAL);
	KEXPECT_EQ(vm_unmap(&kernel_as, SCRATCH, NULL), -ENOENT);
	KEXPECT_EQ(vm_protect(&kernel_as, SCRATCH, 0), -ENOENT);
	/* The direct map is made of large pages: not split by 4 KiB calls. */
	KEXPECT_EQ(vm_map(&kernel_as, (uint64_t)phys_to_virt(frame), frame, 0), -EEXIST);
	KEXPECT_EQ(vm_unmap(&kernel_as, (uint64_t)phys_to_virt(frame), NULL), -EINVAL);

	KASSERT_EQ(vm_map(&kernel_as, SCRATCH, frame, 0), 0);
	KEXPECT_EQ(vm_map(&kernel_as, SCRATCH, frame, 0), -EEXIST);
	KEXPECT_EQ(vm_unmap(&kernel_as, SCRATCH, NULL), 0);
	pmm_free(frame);
}

KTEST(vm, protect_changes_flags)
{
	uint64_t frame = pmm_alloc(), pa;
	unsigned flags;
	KASSERT_NE(frame, 0);
	KASSERT_EQ(vm_map(&kernel_as, SCRATCH, frame, VM_WRITE | VM_NX), 0);
	KEXPECT_EQ(vm_protect(&kernel_as, SCRATCH, VM_NX | VM_GLOBAL), 0);
	KEXPECT_TRUE(vm_translate(&kernel_as, SCRATCH, &pa, &flags));
	KEXPECT_EQ(pa, frame);
	KEXPECT_EQ(flags, cpu_has(CPU_FEATURE_NX) ? VM_NX | VM_GLOBAL : VM_GLOBAL);
	KEXPECT_EQ(vm_unmap(&kernel_as, SCRATCH, NULL), 0);
	pmm_free(frame);
}

/* Every page of every kernel section has the rights of its kind. */
static int count_wrong(const char *start, const char *end, unsigned want)
{
	int wrong = 0;
	for (uint64_t va = (uint64_t)start; va < (uint64_t)end; va += PAGE_SIZE) {
		uint64_t pa;
		unsigned flags;
		if (!vm_translate(&kernel_as, va, &pa, &flags) || pa != virt_to_phys((void *)va) ||
		    (flags & (VM_WRITE | VM_NX)) != want)
			wrong++;
	}
	return wrong;
}

KTEST(vm, kernel_sections_mapped_by_kind)
{
	unsigned nx = cpu_has(CPU_FEATURE_NX) ? VM_NX : 0;
	KEXPECT_EQ(count_wrong(__text_start, __text_end, 0), 0);
	KEXPECT_EQ(count_wrong(__rodata_start, __rodata_end, nx), 0);
	KEXPECT_EQ(count_wrong(__data_start, __bss_end, VM_WRITE | nx), 0);
}

KTEST(vm, direct_map_covers_ram_and_is_nx)
{
	uint64_t pa;
	unsigned flags;
	uint64_t last = pmm_ram_end() - 1;
	KASSERT_TRUE(vm_translate(&kernel_as, (uint64_t)phys_to_virt(last), &pa, &flags));
	KEXPECT_EQ(pa, last);
	KEXPECT_EQ(flags & (VM_WRITE | VM_GLOBAL), VM_WRITE | VM_GLOBAL);
	if (cpu_has(CPU_FEATURE_NX))
		KEXPECT_TRUE(flags & VM_NX);
}

KTEST(vm, identity_map_is_gone)
{
	uint64_t pa;
	KEXPECT_TRUE(!vm_translate(&kernel_as, 0x100000, &pa, NULL));
	KEXPECT_TRUE(!vm_translate(&kernel_as, 0, &pa, NULL));
}

KTEST(vm, control_bits_on)
{
	KEXPECT_TRUE(read_cr0() & X86_CR0_WP);
	KEXPECT_TRUE(read_cr4() & X86_CR4_PGE);
	if (cpu_has(CPU_FEATURE_NX))
		KEXPECT_TRUE(rdmsr(MSR_EFER) & EFER_NXE);
	KEXPECT_EQ(read_cr3() & X86_CR3_ADDR_MASK, kernel_as.root);
}

KTEST(vm, address_space_create_destroy)
{
	uint64_t frames = pmm_free_frames(), tables = vm_table_pages();
	static const uint64_t user_va[] = { 0x400000, 0x401000, 0x7fffffffe000 };
	struct addr_space *as = as_create();
	KASSERT_TRUE(as != NULL);
	for (unsigned i = 0; i < 3; i++) {
		uint64_t frame = pmm_alloc();
		KASSERT_NE(frame, 0);
		KEXPECT_EQ(vm_map(as, user_va[i], frame, VM_USER | VM_WRITE | VM_NX), 0);
	}
	uint64_t pa;
	unsigned flags;
	KEXPECT_TRUE(vm_translate(as, 0x401000, &pa, &flags));
	KEXPECT_EQ(flags, VM_USER | VM_WRITE | (cpu_has(CPU_FEATURE_NX) ? VM_NX : 0));
	KEXPECT_TRUE(!vm_translate(&kernel_as, 0x401000, &pa, NULL));
	/* The kernel half is shared: the kernel's own pages are there. */
	KEXPECT_TRUE(vm_translate(as, (uint64_t)__text_start, &pa, NULL));
	KEXPECT_TRUE(vm_translate(as, (uint64_t)phys_to_virt(0x100000), &pa, NULL));
	as_destroy(as);	/* frees the three frames and every user-half table */
	KEXPECT_EQ(pmm_free_frames(), frames);
	KEXPECT_EQ(vm_table_pages(), tables);
}

KTEST(vm, address_space_switch)
{
	struct addr_space *as = as_create();
	KASSERT_TRUE(as != NULL);
	uint64_t frame = pmm_alloc();
	KASSERT_NE(frame, 0);
	KASSERT_EQ(vm_map(as, 0x400000, frame, VM_WRITE | VM_NX), 0);
	*(volatile uint32_t *)phys_to_virt(frame) = 0x600dcafe;
	as_switch(as);
	/* Still running: the kernel half came along.  A supervisor page, so
	 * SMAP does not stand in the way of reading it. */
	uint32_t seen = *(volatile uint32_t *)0x400000;
	uint64_t cr3 = read_cr3() & X86_CR3_ADDR_MASK;
	as_switch(&kernel_as);
	KEXPECT_EQ(seen, 0x600dcafe);
	KEXPECT_EQ(cr3, as->root);
	KEXPECT_TRUE(as_current() == &kernel_as);
	as_destroy(as);
}

KTEST(vm, out_of_memory_for_tables)
{
	struct memhog hog;
	uint64_t tables = vm_table_pages();
	KASSERT_TRUE(memhog_take(&hog, 0));
	KASSERT_TRUE(hog.count > 0);
	/* A new region needs new tables, and there is no frame for them. */
	KEXPECT_EQ(vm_map(&kernel_as, SCRATCH, hog.frames[0], 0), -ENOMEM);
	KEXPECT_EQ(vm_table_pages(), tables);
	KEXPECT_TRUE(as_create() == NULL);
	memhog_give_back(&hog);
}
