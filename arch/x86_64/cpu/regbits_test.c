#include "arch/x86_64/insn/cr.h"
#include "arch/x86_64/insn/msr.h"
#include "arch/x86_64/cpu/regbits.h"
#include "kernel/ktest.h"

KTEST(regbits, set_flags_by_name)
{
	char buf[128];
	reg_describe_set(&reg_cr0, X86_CR0_PE | X86_CR0_WP | X86_CR0_PG, buf, sizeof(buf));
	KEXPECT_STREQ(buf, "PE WP PG");
	reg_describe_set(&reg_efer, 0, buf, sizeof(buf));
	KEXPECT_STREQ(buf, "");
}

KTEST(regbits, every_field_with_values)
{
	char buf[256];
	reg_describe_all(&reg_efer, EFER_LME | EFER_LMA, buf, sizeof(buf));
	KEXPECT_STREQ(buf, "SCE=0 LME=1 LMA=1 NXE=0");
	reg_describe_all(&reg_apic_base, 0xfee00000UL | APIC_BASE_BSP | APIC_BASE_EN, buf,
			 sizeof(buf));
	KEXPECT_STREQ(buf, "BSP=1 EXTD=0 EN=1 ADDR=0xfee00000");
	reg_describe_all(&reg_star, 0x0013000800000000UL, buf, sizeof(buf));
	KEXPECT_STREQ(buf, "SYSCALL_CS=0x8 SYSRET_CS=0x13");
}

KTEST(regbits, cut_to_the_buffer)
{
	char buf[6];
	reg_describe_all(&reg_cr4, ~0UL, buf, sizeof(buf));
	KEXPECT_STREQ(buf, "VME=1");
}

/* The field called name in l, or NULL. */
static const struct reg_field *field(const struct reg_layout *l, const char *name)
{
	for (size_t i = 0; i < l->count; i++)
		if (ktest_streq(l->fields[i].name, name))
			return &l->fields[i];
	return NULL;
}

KTEST(regbits, tables_match_the_live_registers)
{
	/* The kernel runs in long mode with paging and protection on. */
	const struct reg_field *pg = field(&reg_cr0, "PG"), *lma = field(&reg_efer, "LMA");
	KASSERT_TRUE(pg && lma);
	KEXPECT_EQ(reg_field_value(pg, read_cr0()), 1);
	KEXPECT_EQ(reg_field_value(field(&reg_cr0, "PE"), read_cr0()), 1);
	KEXPECT_EQ(reg_field_value(lma, rdmsr(MSR_EFER)), 1);
	KEXPECT_EQ(reg_field_value(field(&reg_cr3, "PML4"), read_cr3()),
		   read_cr3() & X86_CR3_ADDR_MASK);
}
