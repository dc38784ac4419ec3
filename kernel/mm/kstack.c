/*
 * Kernel stacks with guard pages.  Slot i of the region holds one
 * unmapped guard page and then the stack:
 *
 *   ANVIL_KSTACK_BASE + i * SLOT:  [guard page][stack ... top)
 */
#include "kernel/mm/kstack.h"
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/mm/layout.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"
#include "kernel/panic.h"
#include <stdbool.h>

#define SLOT		(PAGE_SIZE + ANVIL_KSTACK_SIZE)
#define STACK_PAGES	(ANVIL_KSTACK_SIZE / PAGE_SIZE)

static uint64_t slot_used[ANVIL_KSTACK_SLOTS / 64];

static inline uint64_t slot_base(unsigned i)
{
	return ANVIL_KSTACK_BASE + (uint64_t)i * SLOT;
}

static bool slot_in_use(unsigned i)
{
	return slot_used[i / 64] & (1UL << (i % 64));
}

/* Unmap the first n stack pages of slot i and free their frames. */
static void unmap_stack(unsigned i, unsigned n)
{
	for (unsigned p = 0; p < n; p++) {
		uint64_t frame;
		if (vm_unmap(&kernel_as, slot_base(i) + PAGE_SIZE * (p + 1), &frame) == 0)
			pmm_free(frame);
	}
}

void *kstack_alloc(void)
{
	uint64_t irq = irq_save();
	unsigned i = 0;
	while (i < ANVIL_KSTACK_SLOTS && slot_in_use(i))
		i++;
	if (i == ANVIL_KSTACK_SLOTS) {
		irq_restore(irq);
		return NULL;
	}
	slot_used[i / 64] |= 1UL << (i % 64);
	irq_restore(irq);

	for (unsigned p = 0; p < STACK_PAGES; p++) {
		uint64_t frame = pmm_alloc();
		if (!frame || vm_map(&kernel_as, slot_base(i) + PAGE_SIZE * (p + 1), frame,
				     VM_WRITE | VM_NX | VM_GLOBAL) != 0) {
			if (frame)
				pmm_free(frame);
			unmap_stack(i, p);
			irq = irq_save();
			slot_used[i / 64] &= ~(1UL << (i % 64));
			irq_restore(irq);
			return NULL;
		}
	}
	return (void *)(slot_base(i) + SLOT);
}

void kstack_free(void *top)
{
	/* The top of slot i is the base of slot i + 1. */
	uint64_t off = (uint64_t)top - ANVIL_KSTACK_BASE;
	if ((uint64_t)top <= ANVIL_KSTACK_BASE || off % SLOT || off / SLOT > ANVIL_KSTACK_SLOTS ||
	    !slot_in_use((unsigned)(off / SLOT) - 1))
		panic("kstack_free(%p): not the top of an allocated kernel stack", top);
	unsigned i = (unsigned)(off / SLOT) - 1;
	unmap_stack(i, STACK_PAGES);
	uint64_t irq = irq_save();
	slot_used[i / 64] &= ~(1UL << (i % 64));
	irq_restore(irq);
}

void *kstack_guard(void *top)
{
	return (char *)top - SLOT;
}
