#include "kernel/mm/kstack.h"
#include "arch/x86_64/mm/layout.h"
#include "kernel/ktest.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"
#include "kernel/string.h"

KTEST(kstack, alloc_free_with_guard)
{
	uint64_t frames = pmm_free_frames(), pa;
	unsigned flags;
	char *top = kstack_alloc();
	KASSERT_TRUE(top != NULL);
	KEXPECT_EQ((uint64_t)top & (PAGE_SIZE - 1), 0);
	KEXPECT_TRUE(vm_translate(&kernel_as, (uint64_t)top - 8, &pa, &flags));
	KEXPECT_EQ(flags & VM_WRITE, VM_WRITE);
	memset(top - ANVIL_KSTACK_SIZE, 0x5a, ANVIL_KSTACK_SIZE);	/* all of it is there */
	uint64_t guard = (uint64_t)kstack_guard(top);
	KEXPECT_EQ(guard, (uint64_t)top - ANVIL_KSTACK_SIZE - PAGE_SIZE);
	KEXPECT_TRUE(!vm_translate(&kernel_as, guard, &pa, NULL));
	KEXPECT_TRUE(!vm_translate(&kernel_as, (uint64_t)top, &pa, NULL));	/* next guard */
	kstack_free(top);
	KEXPECT_TRUE(!vm_translate(&kernel_as, (uint64_t)top - 8, &pa, NULL));
	KEXPECT_EQ(pmm_free_frames(), frames);
}

KTEST(kstack, kernel_runs_on_guarded_stack)
{
	uint64_t here = (uint64_t)&here, pa;
	KEXPECT_GE(here, ANVIL_KSTACK_BASE);
	KEXPECT_LT(here, ANVIL_SCRATCH_BASE);
	/* The page below the lowest page of this stack is not mapped. */
	uint64_t slot = (here - ANVIL_KSTACK_BASE) / (PAGE_SIZE + ANVIL_KSTACK_SIZE);
	uint64_t guard = ANVIL_KSTACK_BASE + slot * (PAGE_SIZE + ANVIL_KSTACK_SIZE);
	KEXPECT_TRUE(!vm_translate(&kernel_as, guard, &pa, NULL));
	KEXPECT_TRUE(vm_translate(&kernel_as, guard + PAGE_SIZE, &pa, NULL));
}
