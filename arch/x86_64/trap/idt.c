/*
 * The IDT: 256 gates, one per vector, each pointing at its stub in
 * trap_entry.asm; and trap_dispatch(), where every stub arrives.
 */
#include "arch/x86_64/cpu/percpu.h"
#include "kernel/sched.h"
#include "arch/x86_64/trap/trap.h"
#include "arch/x86_64/insn/desc.h"
#include "arch/x86_64/cpu/gdt.h"
#include "arch/x86_64/trap/user_fault.h"
#include "kernel/panic.h"
#include "kernel/printf.h"

/* A 64-bit gate descriptor (Intel SDM Vol. 3A §6.14.1, Figure 6-8). */
struct idt_gate {
	uint16_t offset_low;	/* handler address bits 15:0 */
	uint16_t selector;	/* code segment to run it in */
	uint8_t ist;		/* bits 2:0: IST slot, 0 = no stack switch in ring 0 */
	uint8_t type_attr;	/* present, DPL, gate type */
	uint16_t offset_mid;	/* bits 31:16 */
	uint32_t offset_high;	/* bits 63:32 */
	uint32_t reserved;
};
_Static_assert(sizeof(struct idt_gate) == 16, "64-bit IDT gates are 16 bytes");

#define X86_GATE_PRESENT_BIT	7	/* in type_attr */
#define X86_GATE_PRESENT	(1U << X86_GATE_PRESENT_BIT)
#define X86_GATE_DPL_SHIFT	5	/* highest CPL allowed to use `int N` on it */
#define X86_GATE_DPL		(3U << X86_GATE_DPL_SHIFT)
/* Interrupt gate: the CPU clears IF on entry, so a handler is never
 * interrupted by a device before it chooses to be (a trap gate, 0xf,
 * would leave IF alone). */
#define X86_GATE_TYPE_INTERRUPT	0xeU

static struct idt_gate idt[X86_TRAP_VECTORS] __attribute__((aligned(16)));
static trap_handler handlers[X86_TRAP_VECTORS];
static uint64_t counts[X86_TRAP_VECTORS];

extern const uint64_t trap_stubs[X86_TRAP_VECTORS];	/* trap_entry.asm */

static void set_gate(uint8_t vector, uint64_t handler, unsigned ist)
{
	idt[vector] = (struct idt_gate){
		.offset_low = handler & 0xffff,
		.selector = GDT_KERNEL_CS,
		.ist = ist,
		.type_attr = X86_GATE_PRESENT | X86_GATE_TYPE_INTERRUPT,
		.offset_mid = handler >> 16 & 0xffff,
		.offset_high = handler >> 32,
	};
}

void idt_init(void)
{
	for (unsigned v = 0; v < X86_TRAP_VECTORS; v++)
		set_gate(v, trap_stubs[v], 0);
	/* The three that must work whatever state the current stack is in. */
	idt[X86_TRAP_DF].ist = IST_DOUBLE_FAULT;
	idt[X86_TRAP_NMI].ist = IST_NMI;
	idt[X86_TRAP_MC].ist = IST_MACHINE_CHECK;
	/* int3 and int $4 may be used from ring 3, as in Linux (SYSG gates
	 * in arch/x86/kernel/idt.c): a breakpoint gives SIGTRAP and #OF
	 * SIGSEGV from their own handlers, instead of a #GP for a software
	 * interrupt through a DPL 0 gate (SDM Vol. 3A §6.12.1.1). */
	idt_set_gate_dpl(X86_TRAP_BP, 3);
	idt_set_gate_dpl(X86_TRAP_OF, 3);

	struct desc_ptr ptr = { .limit = sizeof(idt) - 1, .base = (uint64_t)idt };
	lidt(&ptr);
	kprintf("idt: 256 vectors loaded; #DF, NMI, #MC on IST stacks 1-3\n");
}

void idt_set_gate_entry(uint8_t vector, void (*entry)(void))
{
	unsigned dpl = idt[vector].type_attr & X86_GATE_DPL;

	set_gate(vector, (uint64_t)entry, idt[vector].ist);
	idt[vector].type_attr |= dpl;
}

void idt_set_gate_dpl(uint8_t vector, unsigned dpl)
{
	BUG_ON(dpl > 3);
	idt[vector].type_attr = (idt[vector].type_attr & ~X86_GATE_DPL) |
				(dpl << X86_GATE_DPL_SHIFT);
}

void trap_register(uint8_t vector, trap_handler handler)
{
	handlers[vector] = handler;
}

trap_handler trap_handler_for(uint8_t vector)
{
	return handlers[vector];
}

uint64_t trap_count(uint8_t vector)
{
	return counts[vector];
}

void trap_dispatch(struct trap_frame *frame)
{
	uint8_t vector = frame->vector;

	counts[vector]++;
	this_cpu()->trap_from_user = trap_from_user(frame);	/* the tick's accounting */
	if (vector < X86_TRAP_EXCEPTIONS && trap_catch_take(frame))
		return;
	if (handlers[vector])
		handlers[vector](frame);
	else if (vector < X86_TRAP_EXCEPTIONS)	/* exception_init registers all 32 */
		panic("trap: exception on vector %u has no handler", vector);
	else	/* A device or software interrupt nobody asked for: note it and go on. */
		kprintf("trap: unexpected interrupt on vector %u (0x%x) at RIP %lx\n", vector,
			vector, (unsigned long)frame->rip);
	if (trap_from_user(frame))
		user_return_work(frame);	/* a reschedule or a signal before ring 3 */
	user_return_check(frame);	/* last: a signal may have changed RIP */
}
