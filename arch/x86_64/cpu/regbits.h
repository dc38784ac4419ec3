/*
 * The named fields of the x86 control registers and MSRs, as tables that
 * one decoder reads: exception reports print the set flags ("PE WP PG"),
 * the shell's `regs` prints every field with its bit number and meaning.
 * The bit numbers come from the X86_* / EFER_* / APIC_BASE_* constants of
 * cr.h, msr.h and cpu.h, so the tables cannot drift from the code.
 */
#ifndef ANVIL_ARCH_REGBITS_H
#define ANVIL_ARCH_REGBITS_H

#include <stddef.h>
#include <stdint.h>

enum reg_field_kind {
	REG_FLAG,	/* one bit: listed by name when set */
	REG_NUMBER,	/* several bits, shown as a number: IOPL=3 */
	REG_ADDRESS,	/* several bits that are an address in place (not shifted) */
};

struct reg_field {
	const char *name;
	uint8_t shift, width;
	uint8_t kind;			/* enum reg_field_kind */
	const char *meaning;		/* a few words */
};

struct reg_layout {
	const char *name;		/* "CR4" */
	const struct reg_field *fields;	/* lowest bit first */
	size_t count;
};

extern const struct reg_layout reg_cr0, reg_cr3, reg_cr4, reg_efer, reg_rflags;
extern const struct reg_layout reg_star, reg_apic_base;

/* The field's value: shifted down for REG_FLAG/REG_NUMBER, masked in place
 * for REG_ADDRESS. */
uint64_t reg_field_value(const struct reg_field *f, uint64_t reg);

/* Short form: the names of the set flags, then every other field as
 * NAME=value, space-separated ("PF ZF IF IOPL=0").  Cut to fit buf. */
void reg_describe_set(const struct reg_layout *l, uint64_t value, char *buf, size_t size);

/* Every field, set or not: "PE=1 MP=0 ... PG=1" (addresses in hex). */
void reg_describe_all(const struct reg_layout *l, uint64_t value, char *buf, size_t size);

#endif
