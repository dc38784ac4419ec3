#include "arch/x86_64/cpu/cpu_report.h"
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/cpu/cpufeatures.h"
#include "arch/x86_64/insn/cr.h"
#include "arch/x86_64/insn/fpu.h"
#include "arch/x86_64/insn/msr.h"
#include "arch/x86_64/cpu/regbits.h"
#include "kernel/ksym.h"
#include "kernel/printf.h"

/* The register bit that switches a feature on, where there is one. */
enum feature_switch { SW_NONE, SW_CR4, SW_EFER, SW_APIC_BASE, SW_XCR0 };

static const struct {
	enum cpu_feature feature;
	enum feature_switch where;
	uint64_t mask;
	const char *bit;		/* the bit's name, for the report */
} switches[] = {
	{ CPU_FEATURE_PGE,	SW_CR4, X86_CR4_PGE, "CR4.PGE" },
	{ CPU_FEATURE_PCID,	SW_CR4, X86_CR4_PCIDE, "CR4.PCIDE" },
	{ CPU_FEATURE_SMEP,	SW_CR4, X86_CR4_SMEP, "CR4.SMEP" },
	{ CPU_FEATURE_SMAP,	SW_CR4, X86_CR4_SMAP, "CR4.SMAP" },
	{ CPU_FEATURE_UMIP,	SW_CR4, X86_CR4_UMIP, "CR4.UMIP" },
	{ CPU_FEATURE_FSGSBASE,	SW_CR4, X86_CR4_FSGSBASE, "CR4.FSGSBASE" },
	{ CPU_FEATURE_FXSR,	SW_CR4, X86_CR4_OSFXSR, "CR4.OSFXSR" },
	{ CPU_FEATURE_SSE,	SW_CR4, X86_CR4_OSFXSR, "CR4.OSFXSR" },
	{ CPU_FEATURE_SSE2,	SW_CR4, X86_CR4_OSFXSR, "CR4.OSFXSR" },
	{ CPU_FEATURE_XSAVE,	SW_CR4, X86_CR4_OSXSAVE, "CR4.OSXSAVE" },
	{ CPU_FEATURE_OSXSAVE,	SW_CR4, X86_CR4_OSXSAVE, "CR4.OSXSAVE" },
	{ CPU_FEATURE_AVX,	SW_XCR0, XCR0_SSE | XCR0_AVX, "XCR0.SSE+AVX" },
	{ CPU_FEATURE_AVX2,	SW_XCR0, XCR0_SSE | XCR0_AVX, "XCR0.SSE+AVX" },
	{ CPU_FEATURE_NX,	SW_EFER, EFER_NXE, "EFER.NXE" },
	{ CPU_FEATURE_SYSCALL,	SW_EFER, EFER_SCE, "EFER.SCE" },
	{ CPU_FEATURE_LM,	SW_EFER, EFER_LMA, "EFER.LMA" },
	{ CPU_FEATURE_APIC,	SW_APIC_BASE, APIC_BASE_EN, "APIC_BASE.EN" },
	{ CPU_FEATURE_X2APIC,	SW_APIC_BASE, APIC_BASE_EXTD, "APIC_BASE.EXTD" },
};

static uint64_t switch_register(enum feature_switch where)
{
	switch (where) {
	case SW_CR4:
		return read_cr4();
	case SW_EFER:
		return rdmsr(MSR_EFER);
	case SW_APIC_BASE:
		/* The MSR exists only with an APIC (rdmsr would #GP). */
		return cpu_has(CPU_FEATURE_APIC) ? rdmsr(MSR_APIC_BASE) : 0;
	case SW_XCR0:
		/* xgetbv raises #UD unless CR4.OSXSAVE is set. */
		return (read_cr4() & X86_CR4_OSXSAVE) ? xgetbv(XCR_XFEATURE_ENABLED_MASK) : 0;
	default:
		return 0;
	}
}

void cpu_report(void)
{
	kprintf_raw("vendor    %s\n", cpu_info.vendor);
	kprintf_raw("brand     %s\n", cpu_info.brand[0] ? cpu_info.brand : "(none)");
	kprintf_raw("family    %u  model %u  stepping %u   (CPUID leaves up to 0x%x, 0x%x)\n",
		    cpu_info.family, cpu_info.model, cpu_info.stepping,
		    cpu_info.max_basic_leaf, cpu_info.max_ext_leaf);
	kprintf_raw("feature        CPU has  switched on\n");
	for (int f = 0; f < CPU_FEATURE_COUNT; f++) {
		bool present = cpu_has(f);
		const char *state = present ? "always (no switch)" : "-";
		char buf[48];
		for (unsigned i = 0; i < sizeof(switches) / sizeof(switches[0]); i++) {
			if (switches[i].feature != (enum cpu_feature)f)
				continue;
			bool on = present &&
				  (switch_register(switches[i].where) & switches[i].mask) ==
					  switches[i].mask;
			ksnprintf(buf, sizeof(buf), "%s %s", switches[i].bit,
				  on ? "on" : "off");
			state = present ? buf : "-";
		}
		kprintf_raw("  %-12s %-8s %s\n", cpu_feature_name(f), present ? "yes" : "no", state);
	}
}

/* One register, short form: value and the fields in a line below. */
static void show_short(struct printer *pr, const char *name, uint64_t value, const struct reg_layout *l)
{
	char buf[256];
	pr_printf(pr, "%-9s %016lx\n", name, (unsigned long)value);
	if (l) {
		reg_describe_all(l, value, buf, sizeof(buf));
		pr_printf(pr, "          %s\n", buf);
	}
}

/* One register, long form: each field on a line with its bits. */
static void show_long(struct printer *pr, const char *name, uint64_t value, const struct reg_layout *l)
{
	pr_printf(pr, "%s = %016lx\n", name, (unsigned long)value);
	for (size_t i = 0; l && i < l->count; i++) {
		const struct reg_field *f = &l->fields[i];
		char bits[8];
		if (f->width == 1)
			ksnprintf(bits, sizeof(bits), "%u", f->shift);
		else
			ksnprintf(bits, sizeof(bits), "%u:%u", f->shift + f->width - 1, f->shift);
		uint64_t v = reg_field_value(f, value);
		if (f->kind == REG_FLAG || f->width < 4)
			pr_printf(pr, "  bit %-5s %-10s %-18lu %s\n", bits, f->name, (unsigned long)v,
				    f->meaning);
		else
			pr_printf(pr, "  bit %-5s %-10s 0x%-16lx %s\n", bits, f->name,
				    (unsigned long)v, f->meaning);
	}
}

struct reg_source {
	const char *name;
	uint64_t (*read)(void);
	const struct reg_layout *layout;	/* NULL: an address, not fields */
	const char *about;			/* what the value is */
};

static uint64_t get_cr0(void) { return read_cr0(); }
static uint64_t get_cr2(void) { return read_cr2(); }
static uint64_t get_cr3(void) { return read_cr3(); }
static uint64_t get_cr4(void) { return read_cr4(); }
static uint64_t get_efer(void) { return rdmsr(MSR_EFER); }
static uint64_t get_star(void) { return rdmsr(MSR_STAR); }
static uint64_t get_lstar(void) { return rdmsr(MSR_LSTAR); }
static uint64_t get_sfmask(void) { return rdmsr(MSR_SFMASK); }
static uint64_t get_rflags(void) { return read_rflags(); }
static uint64_t get_apic_base(void)
{
	return cpu_has(CPU_FEATURE_APIC) ? rdmsr(MSR_APIC_BASE) : 0;
}

static const struct reg_source registers[] = {
	{ "CR0", get_cr0, &reg_cr0, "" },
	{ "CR2", get_cr2, NULL, "the address of the last page fault" },
	{ "CR3", get_cr3, &reg_cr3, "" },
	{ "CR4", get_cr4, &reg_cr4, "" },
	{ "EFER", get_efer, &reg_efer, "" },
	{ "STAR", get_star, &reg_star, "" },
	{ "LSTAR", get_lstar, NULL, "where syscall enters the kernel" },
	/* SFMASK's set bits are the RFLAGS bits syscall clears. */
	{ "SFMASK", get_sfmask, &reg_rflags, "" },
	{ "APIC_BASE", get_apic_base, &reg_apic_base, "" },
	{ "RFLAGS", get_rflags, &reg_rflags, "" },
};

static bool same_name(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'a' && *a <= 'z' ? *a - 'a' + 'A' : *a;
		if (x != *b)
			return false;
	}
	return *a == *b;
}

bool regs_report(struct printer *pr, const char *name)
{
	for (unsigned i = 0; i < sizeof(registers) / sizeof(registers[0]); i++) {
		const struct reg_source *r = &registers[i];
		if (name && !same_name(name, r->name))
			continue;
		uint64_t value = r->read();
		if (r->layout) {
			if (name)
				show_long(pr, r->name, value, r->layout);
			else
				show_short(pr, r->name, value, r->layout);
		} else {
			char sym[64] = "";
			if (r->read == get_lstar && value)
				ksym_format(value, sym, sizeof(sym));
			pr_printf(pr, "%-9s %016lx  %s%s%s\n", r->name, (unsigned long)value, r->about,
				    sym[0] ? ": " : "", sym);
		}
		if (name)
			return true;
	}
	if (!name)
		pr_printf(pr, "(regs NAME shows one register bit by bit)\n");
	return name == NULL;
}
