/* lgdt/sgdt, lidt/sidt, str: the registers give back what was loaded.
 *
 * Other code owns the real tables, so each test saves what is there and
 * puts it back, with interrupts off in between so no interrupt arrives
 * while a test value is loaded.  (An NMI would still use the test IDT;
 * QEMU raises none unless asked to.) */
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/insn/desc.h"
#include "kernel/ktest.h"
#include "kernel/string.h"

static uint8_t gdt_copy[4096] __attribute__((aligned(16)));
static uint8_t test_idt[256] __attribute__((aligned(16)));

/* Load a copy of the current GDT (same descriptors, other address), read
 * GDTR back, then restore the original.  With identical descriptors
 * nothing changes for the segment registers, whatever happens. */
KTEST(desc, sgdt_returns_what_lgdt_loaded)
{
	struct desc_ptr orig, now, copy;
	sgdt(&orig);
	KASSERT_TRUE(orig.limit < sizeof(gdt_copy));
	KEXPECT_EQ((orig.limit + 1) % 8, 0);	/* whole 8-byte descriptors */
	memcpy(gdt_copy, (const void *)orig.base, orig.limit + 1);
	copy.limit = orig.limit;
	copy.base = (uint64_t)gdt_copy;

	uint64_t flags = irq_save();
	lgdt(&copy);
	sgdt(&now);
	lgdt(&orig);
	irq_restore(flags);
	KEXPECT_EQ(now.base, copy.base);
	KEXPECT_EQ(now.limit, copy.limit);

	sgdt(&now);
	KEXPECT_EQ(now.base, orig.base);
	KEXPECT_EQ(now.limit, orig.limit);
}

/* The IDT's contents cannot be copied (before the kernel's own IDT the
 * firmware's may sit in memory that is no longer mapped), so load a small
 * empty test table: nothing may fault while it is loaded. */
KTEST(desc, sidt_returns_what_lidt_loaded)
{
	struct desc_ptr orig, now;
	struct desc_ptr test = { .limit = sizeof(test_idt) - 1, .base = (uint64_t)test_idt };

	uint64_t flags = irq_save();
	sidt(&orig);
	lidt(&test);
	sidt(&now);
	lidt(&orig);
	irq_restore(flags);
	KEXPECT_EQ(now.base, test.base);
	KEXPECT_EQ(now.limit, test.limit);

	struct desc_ptr back;
	sidt(&back);
	KEXPECT_EQ(back.base, orig.base);
	KEXPECT_EQ(back.limit, orig.limit);
}

/* TR is 0 until the kernel loads a TSS; after that str must name a GDT
 * descriptor (table indicator 0, inside the GDT's limit). */
KTEST(desc, str_names_a_gdt_entry_or_none)
{
	struct desc_ptr gdtr;
	sgdt(&gdtr);
	uint16_t tr = str();
	KEXPECT_EQ(str(), tr);
	if (tr != 0) {
		KEXPECT_EQ(tr & 4, 0);			/* TI: GDT, not LDT */
		KEXPECT_LE((tr & ~7) + 15, gdtr.limit);	/* 16-byte TSS descriptor */
	}
}
