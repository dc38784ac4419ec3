/*
 * crash=KIND for memory: deliberate misuse, each in a boot of its own, so
 * the host-side tests (tests/groups/memory.py) can watch the kernel catch
 * it.  Each kind logs what it is about to do and the address involved.
 */
#include "kernel/mm/mm.h"
#include "kernel/addr.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/kstack.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"
#include "kernel/printf.h"
#include "kernel/string.h"

/* "ret" in a writable, non-executable page. */
static unsigned char data_code[16] = { 0xc3 };

bool mm_deliberate_crash(const char *kind)
{
	if (strcmp(kind, "pmm_double_free") == 0) {
		uint64_t f = pmm_alloc();
		pmm_free(f);
		kprintf("crash: freeing frame %lx twice\n", (unsigned long)f);
		pmm_free(f);
	} else if (strcmp(kind, "pmm_shared_double_free") == 0) {
		uint64_t f = pmm_alloc();
		pmm_ref(f);
		pmm_free(f);
		pmm_free(f);
		kprintf("crash: freeing frame %lx a third time, with two owners gone\n",
			(unsigned long)f);
		pmm_free(f);
	} else if (strcmp(kind, "pmm_ref_free") == 0) {
		uint64_t f = pmm_alloc();
		pmm_free(f);
		kprintf("crash: pmm_ref on free frame %lx\n", (unsigned long)f);
		pmm_ref(f);
	} else if (strcmp(kind, "kfree_twice") == 0) {
		void *p = kmalloc(64);
		kfree(p);
		kprintf("crash: kfree(%p) twice\n", p);
		kfree(p);
	} else if (strcmp(kind, "heap_overrun") == 0) {
		char *p = kmalloc(40);
		kprintf("crash: writing byte 40 of a 40-byte block at %p\n", (void *)p);
		p[40] = 'x';
		kfree(p);
	} else if (strcmp(kind, "write_text") == 0) {
		volatile unsigned char *text = (volatile unsigned char *)__text_start;
		kprintf("crash: writing to kernel text at %p\n", (void *)text);
		*text = 0xcc;
	} else if (strcmp(kind, "exec_data") == 0) {
		kprintf("crash: jumping into data at %p\n", (void *)data_code);
		((void (*)(void))(void *)data_code)();
	} else if (strcmp(kind, "unmapped") == 0) {
		uint64_t va = ANVIL_SCRATCH_BASE, f = pmm_alloc();
		vm_map(&kernel_as, va, f, VM_WRITE | VM_NX);
		*(volatile uint64_t *)va = 1;
		vm_unmap(&kernel_as, va, NULL);
		kprintf("crash: reading unmapped %lx\n", (unsigned long)va);
		(void)*(volatile uint64_t *)va;
	} else if (strcmp(kind, "stack_guard") == 0) {
		char *top = kstack_alloc();
		char *guard = (char *)kstack_guard(top) + PAGE_SIZE - 8;
		kprintf("crash: writing to the guard page of a kernel stack at %p\n", (void *)guard);
		*(volatile uint64_t *)guard = 1;
	} else {
		return false;
	}
	kprintf("crash: %s did not stop the kernel\n", kind);
	return true;
}
