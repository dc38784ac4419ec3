/*
 * The kernel's GDT and TSS.
 *
 * In 64-bit mode segmentation is mostly gone: the CPU ignores base and
 * limit of CS/DS/ES/SS (Intel SDM Vol. 3A §3.2.4), but it still needs a
 * code descriptor saying "64-bit, ring N", data descriptors for SS, and a
 * TSS descriptor.  The 64-bit TSS holds no task state any more, only
 * stack pointers: RSP0 for entries from ring 3 and the seven IST stacks
 * (SDM Vol. 3A §8.7 "Task Management in 64-bit Mode").
 */
#include "arch/x86_64/cpu/gdt.h"
#include "arch/x86_64/insn/desc.h"
#include "arch/x86_64/insn/seg.h"
#include "kernel/panic.h"

#include <stddef.h>

/* Code/data descriptor bits (SDM Vol. 3A §3.4.5, Figure 3-8). */
#define X86_SEG_ACCESSED_BIT	40	/* set by the CPU on first use; preset so it never writes */
#define X86_SEG_ACCESSED	(1UL << X86_SEG_ACCESSED_BIT)
#define X86_SEG_RW_BIT		41	/* code: readable; data: writable */
#define X86_SEG_RW		(1UL << X86_SEG_RW_BIT)
#define X86_SEG_CODE_BIT	43	/* executable: a code segment */
#define X86_SEG_CODE		(1UL << X86_SEG_CODE_BIT)
#define X86_SEG_S_BIT		44	/* 1 = code/data, 0 = system (TSS, LDT, gates) */
#define X86_SEG_S		(1UL << X86_SEG_S_BIT)
#define X86_SEG_DPL_SHIFT	45	/* descriptor privilege level, 2 bits */
#define X86_SEG_PRESENT_BIT	47	/* present */
#define X86_SEG_PRESENT		(1UL << X86_SEG_PRESENT_BIT)
#define X86_SEG_LONG_BIT	53	/* code: 64-bit mode (then D/B must be 0) */
#define X86_SEG_LONG		(1UL << X86_SEG_LONG_BIT)
#define X86_SEG_DB_BIT		54	/* data: 32-bit stack (ignored in 64-bit mode) */
#define X86_SEG_DB		(1UL << X86_SEG_DB_BIT)
#define X86_SEG_GRAN_BIT	55	/* limit in 4 KiB units */
#define X86_SEG_GRAN		(1UL << X86_SEG_GRAN_BIT)
#define X86_SEG_TYPE_SHIFT	40	/* system descriptor type, 4 bits */
#define X86_SEG_TYPE_TSS64	0x9UL	/* available 64-bit TSS (0xb once busy) */

/* A flat segment: base 0, limit 0xfffff pages.  Ignored in 64-bit mode,
 * but conventional and what a debugger expects to see. */
#define SEG_FLAT	(0xffffUL | (0xfUL << 48) | X86_SEG_GRAN)
#define SEG_CODE64(dpl)                                                        \
	(SEG_FLAT | X86_SEG_PRESENT | X86_SEG_S | X86_SEG_CODE | X86_SEG_RW |  \
	 X86_SEG_ACCESSED | X86_SEG_LONG | ((uint64_t)(dpl) << X86_SEG_DPL_SHIFT))
#define SEG_DATA(dpl)                                                          \
	(SEG_FLAT | X86_SEG_PRESENT | X86_SEG_S | X86_SEG_RW | X86_SEG_ACCESSED | \
	 X86_SEG_DB | ((uint64_t)(dpl) << X86_SEG_DPL_SHIFT))

/* The 64-bit TSS (SDM Vol. 3A §8.7, Figure 8-11): 104 bytes, packed
 * because the 64-bit fields sit at offsets of 4 mod 8. */
struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];	/* stack for entries from ring 3 (rsp[0]), 1, 2 */
	uint64_t reserved1;
	uint64_t ist[7];	/* IST1..IST7 */
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;	/* offset of the I/O permission bitmap */
} __attribute__((packed));

_Static_assert(sizeof(struct tss) == 104, "64-bit TSS is 104 bytes");
_Static_assert(offsetof(struct tss, rsp) == 4, "TSS.RSP0 at offset 4");
_Static_assert(offsetof(struct tss, ist) == 0x24, "TSS.IST1 at offset 0x24");
_Static_assert(offsetof(struct tss, iomap_base) == 0x66, "I/O map base at offset 0x66");

static uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(16)));
static struct tss tss __attribute__((aligned(16)));

/* IST stacks.  Static for now; guard-paged kernel stacks can replace them
 * once the memory manager provides them. */
#define IST_COUNT 3
static uint8_t ist_stacks[IST_COUNT][IST_STACK_SIZE] __attribute__((aligned(16)));

extern char boot_stack_top[];	/* boot/entry64.asm */

/* The 16-byte TSS descriptor (SDM Vol. 3A §8.2.3, Figure 8-4): the usual
 * 8-byte layout with the type "64-bit TSS", then base bits 63:32. */
static void set_tss_descriptor(uint64_t *slot, uint64_t base, uint32_t limit)
{
	slot[0] = (limit & 0xffffUL) | ((base & 0xffffffUL) << 16) |
		  (X86_SEG_TYPE_TSS64 << X86_SEG_TYPE_SHIFT) | X86_SEG_PRESENT |
		  ((uint64_t)(limit >> 16 & 0xf) << 48) | ((base >> 24 & 0xff) << 56);
	slot[1] = base >> 32;
}

void gdt_init(void)
{
	gdt[0] = 0;					/* the null descriptor */
	gdt[GDT_KERNEL_CS >> 3] = SEG_CODE64(0);
	gdt[GDT_KERNEL_DS >> 3] = SEG_DATA(0);
	gdt[GDT_USER_DS >> 3] = SEG_DATA(3);
	gdt[GDT_USER_CS >> 3] = SEG_CODE64(3);

	/* No I/O bitmap: its offset points past the TSS limit, so in/out
	 * from ring 3 (with IOPL 0) raise #GP. */
	tss.iomap_base = sizeof(tss);
	/* Until a process sets its own kernel stack (tss_set_rsp0). */
	tss.rsp[0] = (uint64_t)boot_stack_top;
	for (unsigned i = 1; i <= IST_COUNT; i++)
		tss.ist[i - 1] = tss_ist_top(i);
	set_tss_descriptor(&gdt[GDT_TSS >> 3], (uint64_t)&tss, sizeof(tss) - 1);

	struct desc_ptr ptr = { .limit = sizeof(gdt) - 1, .base = (uint64_t)gdt };
	lgdt(&ptr);
	/* The selectors in the segment registers still hold descriptors
	 * cached from the boot GDT; reload each so they come from this one. */
	load_cs(GDT_KERNEL_CS);
	load_ss(GDT_KERNEL_DS);
	load_ds(GDT_KERNEL_DS);
	load_es(GDT_KERNEL_DS);
	/* FS and GS stay null: 64-bit code reaches them only through their
	 * base MSRs (per-CPU data, thread-local storage). */
	load_fs(0);
	load_gs(0);
	ltr(GDT_TSS);
}

void tss_set_rsp0(uint64_t rsp0)
{
	tss.rsp[0] = rsp0;
}

uint64_t tss_ist_top(unsigned ist)
{
	BUG_ON(ist < 1 || ist > IST_COUNT);
	return (uint64_t)&ist_stacks[ist - 1][IST_STACK_SIZE];
}
