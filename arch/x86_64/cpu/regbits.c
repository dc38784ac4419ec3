/*
 * Register layouts (Intel SDM Vol. 3A §2.5 "Control Registers", §2.2.1
 * "Extended Feature Enable Register", §5.8.8 "Fast System Calls in 64-Bit
 * Mode" for STAR, §11.4.4 for IA32_APIC_BASE; Vol. 1 §3.4.3 for RFLAGS).
 */
#include "arch/x86_64/cpu/regbits.h"
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/insn/cr.h"
#include "arch/x86_64/insn/msr.h"
#include <stdarg.h>
#include <stdbool.h>
#include "kernel/format.h"

#define FLAG(prefix, flag, meaning) { #flag, prefix##flag##_BIT, 1, REG_FLAG, meaning }
#define LAYOUT(var, label, table) \
	const struct reg_layout var = { label, table, sizeof(table) / sizeof(table[0]) }

static const struct reg_field cr0_fields[] = {
	FLAG(X86_CR0_, PE, "protected mode"),
	FLAG(X86_CR0_, MP, "WAIT honours TS"),
	FLAG(X86_CR0_, EM, "x87/SSE instructions trap (#NM)"),
	FLAG(X86_CR0_, TS, "task switched: next FPU use traps"),
	FLAG(X86_CR0_, ET, "extension type (always 1)"),
	FLAG(X86_CR0_, NE, "native x87 error reporting (#MF)"),
	FLAG(X86_CR0_, WP, "ring 0 obeys read-only pages"),
	FLAG(X86_CR0_, AM, "alignment checks allowed (with RFLAGS.AC)"),
	FLAG(X86_CR0_, NW, "not write-through"),
	FLAG(X86_CR0_, CD, "caches disabled"),
	FLAG(X86_CR0_, PG, "paging"),
};
LAYOUT(reg_cr0, "CR0", cr0_fields);

static const struct reg_field cr3_fields[] = {
	FLAG(X86_CR3_, PWT, "page-level write-through for the PML4"),
	FLAG(X86_CR3_, PCD, "page-level cache disable for the PML4"),
	{ "PML4", 12, 40, REG_ADDRESS, "physical address of the top page table" },
};
LAYOUT(reg_cr3, "CR3", cr3_fields);

static const struct reg_field cr4_fields[] = {
	FLAG(X86_CR4_, VME, "virtual-8086 mode extensions"),
	FLAG(X86_CR4_, PVI, "protected-mode virtual interrupts"),
	FLAG(X86_CR4_, TSD, "rdtsc only in ring 0"),
	FLAG(X86_CR4_, DE, "debugging extensions"),
	FLAG(X86_CR4_, PSE, "4 MiB pages (32-bit paging)"),
	FLAG(X86_CR4_, PAE, "physical address extension (needed for long mode)"),
	FLAG(X86_CR4_, MCE, "machine-check exception"),
	FLAG(X86_CR4_, PGE, "global pages"),
	FLAG(X86_CR4_, PCE, "rdpmc in ring 3"),
	FLAG(X86_CR4_, OSFXSR, "OS saves SSE state (fxsave): SSE on"),
	FLAG(X86_CR4_, OSXMMEXCPT, "OS handles SIMD exceptions (#XM)"),
	FLAG(X86_CR4_, UMIP, "sgdt/sidt/sldt/smsw/str fault in ring 3"),
	FLAG(X86_CR4_, LA57, "5-level paging"),
	FLAG(X86_CR4_, FSGSBASE, "rd/wr{fs,gs}base allowed"),
	FLAG(X86_CR4_, PCIDE, "process-context identifiers"),
	FLAG(X86_CR4_, OSXSAVE, "xsave and XCR0 enabled"),
	FLAG(X86_CR4_, SMEP, "ring 0 cannot execute user pages"),
	FLAG(X86_CR4_, SMAP, "ring 0 cannot touch user pages (unless AC)"),
};
LAYOUT(reg_cr4, "CR4", cr4_fields);

static const struct reg_field efer_fields[] = {
	FLAG(EFER_, SCE, "syscall/sysret enabled"),
	FLAG(EFER_, LME, "long mode enabled"),
	FLAG(EFER_, LMA, "long mode active"),
	FLAG(EFER_, NXE, "no-execute page bit honoured"),
};
LAYOUT(reg_efer, "EFER", efer_fields);

static const struct reg_field rflags_fields[] = {
	FLAG(X86_RFLAGS_, CF, "carry"),
	FLAG(X86_RFLAGS_, PF, "parity"),
	FLAG(X86_RFLAGS_, AF, "auxiliary carry"),
	FLAG(X86_RFLAGS_, ZF, "zero"),
	FLAG(X86_RFLAGS_, SF, "sign"),
	FLAG(X86_RFLAGS_, TF, "single-step trap"),
	FLAG(X86_RFLAGS_, IF, "interrupts enabled"),
	FLAG(X86_RFLAGS_, DF, "string ops go down"),
	FLAG(X86_RFLAGS_, OF, "overflow"),
	FLAG(X86_RFLAGS_, NT, "nested task"),
	FLAG(X86_RFLAGS_, RF, "resume (skip one breakpoint)"),
	FLAG(X86_RFLAGS_, VM, "virtual-8086 mode"),
	FLAG(X86_RFLAGS_, AC, "alignment check / SMAP off"),
	FLAG(X86_RFLAGS_, VIF, "virtual interrupt flag"),
	FLAG(X86_RFLAGS_, VIP, "virtual interrupt pending"),
	FLAG(X86_RFLAGS_, ID, "CPUID available"),
	{ "IOPL", X86_RFLAGS_IOPL_SHIFT, 2, REG_NUMBER, "I/O privilege level" },
};
LAYOUT(reg_rflags, "RFLAGS", rflags_fields);

static const struct reg_field star_fields[] = {
	{ "SYSCALL_CS", STAR_SYSCALL_CS_SHIFT, 16, REG_NUMBER,
	  "syscall loads CS = this, SS = this + 8" },
	{ "SYSRET_CS", STAR_SYSRET_CS_SHIFT, 16, REG_NUMBER,
	  "sysretq loads CS = this + 16, SS = this + 8 (RPL 3)" },
};
LAYOUT(reg_star, "STAR", star_fields);

static const struct reg_field apic_base_fields[] = {
	FLAG(APIC_BASE_, BSP, "this CPU is the bootstrap processor"),
	FLAG(APIC_BASE_, EXTD, "x2APIC mode"),
	FLAG(APIC_BASE_, EN, "local APIC enabled"),
	{ "ADDR", 12, 40, REG_ADDRESS, "physical address of the APIC registers" },
};
LAYOUT(reg_apic_base, "APIC_BASE", apic_base_fields);

uint64_t reg_field_value(const struct reg_field *f, uint64_t reg)
{
	uint64_t mask = f->width >= 64 ? ~0UL : (1UL << f->width) - 1;
	if (f->kind == REG_ADDRESS)
		return reg & (mask << f->shift);
	return (reg >> f->shift) & mask;
}

static void describe(const struct reg_layout *l, uint64_t value, char *buf, size_t size,
		     bool all)
{
	struct strbuf t = STRBUF_INIT(buf, size);
	if (size)
		buf[0] = '\0';
	/* Flags first, then the wider fields, so "PF ZF IF IOPL=0" reads as
	 * the flags that are on followed by the numbers. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < l->count; i++) {
			const struct reg_field *f = &l->fields[i];
			uint64_t v = reg_field_value(f, value);
			const char *sep = t.len ? " " : "";
			if ((f->kind == REG_FLAG) != (pass == 0))
				continue;
			if (f->kind == REG_FLAG && !all) {
				if (v)
					strbuf_add(&t, "%s%s", sep, f->name);
			} else if (f->kind == REG_FLAG || (f->kind == REG_NUMBER && f->width < 4)) {
				strbuf_add(&t, "%s%s=%lu", sep, f->name, (unsigned long)v);
			} else {
				strbuf_add(&t, "%s%s=0x%lx", sep, f->name, (unsigned long)v);
			}
		}
	}
}

void reg_describe_set(const struct reg_layout *l, uint64_t value, char *buf, size_t size)
{
	describe(l, value, buf, size, false);
}

void reg_describe_all(const struct reg_layout *l, uint64_t value, char *buf, size_t size)
{
	describe(l, value, buf, size, true);
}
