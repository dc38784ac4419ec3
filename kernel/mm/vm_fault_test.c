/*
 * Memory protection, seen from the CPU: these tests make the accesses
 * that must fault and check the page-fault the CPU reports (vector 14,
 * its error code, and CR2 = the address).  They need trap_catch, the
 * recovery hook of the exception code (arch/x86_64/trap/trap.h); until that
 * is in the tree the same faults are checked from the host in crash boots
 * (tests/groups/memory.py).
 */
#if __has_include("arch/x86_64/trap/trap.h")
#include "arch/x86_64/cpu/cpufeatures.h"
#include "arch/x86_64/mm/paging.h"
#include "arch/x86_64/trap/trap.h"
#include "kernel/addr.h"
#include "kernel/ktest.h"
#include "kernel/mm/kstack.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"

static void read_byte(void *p)
{
	(void)*(volatile unsigned char *)p;
}

static void write_byte(void *p)
{
	*(volatile unsigned char *)p = 0xcc;
}

static void call_address(void *p)
{
	((void (*)(void))p)();
}

KTEST(vm_fault, unmapped_page_faults_with_address_in_cr2)
{
	uint64_t va = ANVIL_SCRATCH_BASE + 0x3000, frame = pmm_alloc();
	struct trap_caught c;
	KASSERT_NE(frame, 0);
	KASSERT_EQ(vm_map(&kernel_as, va, frame, VM_WRITE | VM_NX), 0);
	KEXPECT_TRUE(!trap_catch(write_byte, (void *)va, &c));	/* mapped: no fault */
	KEXPECT_EQ(*(volatile unsigned char *)phys_to_virt(frame), 0xcc);
	KEXPECT_EQ(vm_unmap(&kernel_as, va, NULL), 0);
	pmm_free(frame);

	KASSERT_TRUE(trap_catch(read_byte, (void *)(va + 0x123), &c));
	KEXPECT_EQ(c.vector, X86_TRAP_PF);
	KEXPECT_EQ(c.cr2, va + 0x123);
	KEXPECT_EQ(c.error_code & (X86_PF_ERR_PRESENT | X86_PF_ERR_WRITE | X86_PF_ERR_USER), 0);
}

KTEST(vm_fault, write_to_kernel_text_faults)
{
	struct trap_caught c;
	void *text = (void *)(uint64_t)read_byte;
	KASSERT_TRUE(trap_catch(write_byte, text, &c));
	KEXPECT_EQ(c.vector, X86_TRAP_PF);
	KEXPECT_EQ(c.cr2, (uint64_t)text);
	/* Present, and a write: a protection fault (CR0.WP binds ring 0). */
	KEXPECT_EQ(c.error_code & (X86_PF_ERR_PRESENT | X86_PF_ERR_WRITE),
		   X86_PF_ERR_PRESENT | X86_PF_ERR_WRITE);
}

KTEST(vm_fault, write_to_rodata_faults)
{
	static const unsigned char constant = 1;
	struct trap_caught c;
	KASSERT_TRUE(trap_catch(write_byte, (void *)&constant, &c));
	KEXPECT_EQ(c.vector, X86_TRAP_PF);
	KEXPECT_EQ(c.cr2, (uint64_t)&constant);
	KEXPECT_EQ(constant, 1);
}

/* "ret" in a writable page: harmless if it ran, but NX must stop it. */
static unsigned char data_code[16] = { 0xc3 };

KTEST(vm_fault, jump_into_data_faults_as_instruction_fetch)
{
	if (!cpu_has(CPU_FEATURE_NX))
		KTEST_SKIP("CPU has no NX bit");
	struct trap_caught c;
	KASSERT_TRUE(trap_catch(call_address, data_code, &c));
	KEXPECT_EQ(c.vector, X86_TRAP_PF);
	KEXPECT_EQ(c.cr2, (uint64_t)data_code);
	KEXPECT_EQ(c.rip, (uint64_t)data_code);
	KEXPECT_EQ(c.error_code & (X86_PF_ERR_PRESENT | X86_PF_ERR_FETCH),
		   X86_PF_ERR_PRESENT | X86_PF_ERR_FETCH);
}

KTEST(vm_fault, kernel_stack_guard_page_faults)
{
	char *top = kstack_alloc();
	struct trap_caught c;
	KASSERT_TRUE(top != NULL);
	char *guard_top = (char *)kstack_guard(top) + PAGE_SIZE - 1;
	KEXPECT_TRUE(!trap_catch(write_byte, guard_top + 1, &c));	/* lowest stack byte */
	KEXPECT_TRUE(trap_catch(write_byte, guard_top, &c));		/* one below */
	KEXPECT_EQ(c.vector, X86_TRAP_PF);
	KEXPECT_EQ(c.cr2, (uint64_t)guard_top);
	kstack_free(top);
}
#endif
