/* Tests of the loaded GDT, TSS and IDT, read back from the CPU. */
#include "arch/x86_64/insn/desc.h"
#include "arch/x86_64/cpu/gdt.h"
#include "arch/x86_64/trap/trap.h"
#include "kernel/ktest.h"

/* One 16-byte IDT gate as raw words (SDM Vol. 3A §6.14.1). */
static const uint64_t *loaded_gate(unsigned vector)
{
	struct desc_ptr idtr;
	sidt(&idtr);
	return (const uint64_t *)(idtr.base + vector * 16);
}

static unsigned gate_ist(unsigned vector)
{
	return loaded_gate(vector)[0] >> 32 & 7;
}

static unsigned gate_dpl(unsigned vector)
{
	return loaded_gate(vector)[0] >> 45 & 3;
}

KTEST(cpu_tables, gdt_limit_and_tr)
{
	struct desc_ptr gdtr;
	sgdt(&gdtr);
	KEXPECT_EQ(gdtr.limit, GDT_ENTRIES * 8 - 1);
	KEXPECT_EQ(str(), GDT_TSS);
	/* ltr marked the TSS descriptor busy: type 0x9 became 0xb. */
	const uint64_t *gdt = (const uint64_t *)gdtr.base;
	KEXPECT_EQ(gdt[GDT_TSS >> 3] >> 40 & 0xf, 0xb);
}

KTEST(cpu_tables, star_layout_for_sysret)
{
	/* What SYSRET will load from the GDT, checked against the table. */
	struct desc_ptr gdtr;
	sgdt(&gdtr);
	const uint64_t *gdt = (const uint64_t *)gdtr.base;
	uint64_t user_cs = gdt[(GDT_STAR_SYSRET_BASE + 16) >> 3];
	uint64_t user_ds = gdt[(GDT_STAR_SYSRET_BASE + 8) >> 3];
	KEXPECT_EQ(user_cs >> 43 & 1, 1);	/* code */
	KEXPECT_EQ(user_cs >> 53 & 1, 1);	/* 64-bit */
	KEXPECT_EQ(user_cs >> 45 & 3, 3);	/* ring 3 */
	KEXPECT_EQ(user_ds >> 43 & 1, 0);	/* data */
	KEXPECT_EQ(user_ds >> 45 & 3, 3);
	KEXPECT_EQ(GDT_STAR_VALUE >> 48, 0x13);
	KEXPECT_EQ(GDT_STAR_VALUE >> 32 & 0xffff, GDT_KERNEL_CS);
}

KTEST(cpu_tables, idt_has_256_present_gates)
{
	struct desc_ptr idtr;
	sidt(&idtr);
	KEXPECT_EQ(idtr.limit, 256 * 16 - 1);
	int missing = 0;
	for (unsigned v = 0; v < 256; v++)
		if (!(loaded_gate(v)[0] >> 47 & 1))
			missing++;
	KEXPECT_EQ(missing, 0);
	KEXPECT_EQ(loaded_gate(14)[0] >> 16 & 0xffff, GDT_KERNEL_CS);
}

KTEST(cpu_tables, ist_gates)
{
	KEXPECT_EQ(gate_ist(X86_TRAP_DF), IST_DOUBLE_FAULT);
	KEXPECT_EQ(gate_ist(X86_TRAP_NMI), IST_NMI);
	KEXPECT_EQ(gate_ist(X86_TRAP_MC), IST_MACHINE_CHECK);
	KEXPECT_EQ(gate_ist(X86_TRAP_PF), 0);
	KEXPECT_EQ(gate_ist(0x80), 0);
}

KTEST(cpu_tables, gate_dpl_can_open_int80)
{
	unsigned was = gate_dpl(0x80);
	idt_set_gate_dpl(0x80, 3);
	KEXPECT_EQ(gate_dpl(0x80), 3);
	idt_set_gate_dpl(0x80, 0);
	KEXPECT_EQ(gate_dpl(0x80), 0);
	idt_set_gate_dpl(0x80, was);
	/* the exception gates stay closed to int N from ring 3 */
	KEXPECT_EQ(gate_dpl(X86_TRAP_PF), 0);
}
