/*
 * CPU exceptions (vectors 0-31): readable reports, and what happens by
 * default.  One handler serves every exception vector: an exception from
 * ring 3 goes to user_fault() (the program ends), one from ring 0 to
 * kernel_fault() in exception.c (demand paging for a copy helper, the
 * exception table's fix-ups, int3 logs and resumes; anything else prints
 * the report and panics).  Register a handler with trap_register() to do
 * something else for one vector; it replaces the default for both rings
 * and can end in exception_fatal().
 * docs/interrupts.md shows how to read a report.
 */
#ifndef ANVIL_ARCH_EXCEPTION_H
#define ANVIL_ARCH_EXCEPTION_H

#include <stddef.h>
#include <stdint.h>
#include "arch/x86_64/trap/trap.h"

/* Selector error code of #TS, #NP, #SS, #GP (SDM Vol. 3A §6.13, Figure 6-6). */
#define X86_SEL_ERR_EXT_BIT	0	/* raised while delivering an external event */
#define X86_SEL_ERR_EXT		(1UL << X86_SEL_ERR_EXT_BIT)
#define X86_SEL_ERR_IDT_BIT	1	/* the index is an IDT gate, not a GDT/LDT entry */
#define X86_SEL_ERR_IDT		(1UL << X86_SEL_ERR_IDT_BIT)
#define X86_SEL_ERR_TI_BIT	2	/* without IDT: 1 = LDT, 0 = GDT */
#define X86_SEL_ERR_TI		(1UL << X86_SEL_ERR_TI_BIT)
#define X86_SEL_ERR_INDEX_SHIFT	3	/* bits 15:3: the descriptor index */

/* Register the default handler on vectors 0-31, and the panic backtrace
 * hook.  Right after idt_init, before anything can fault. */
void exception_init(void);

/* "#PF" and "Page Fault" for vector 14; "" / "reserved" for unused ones. */
const char *exception_mnemonic(unsigned vector);
const char *exception_name(unsigned vector);

/* The error code in words, e.g. "page not present, write, supervisor
 * mode, data access" for #PF, "GDT selector 0x320 (index 100)" for #GP. */
void exception_describe_error(unsigned vector, uint64_t error_code, char *buf, size_t size);

/* RFLAGS as its set flags, e.g. "ZF IF RF IOPL=0". */
void exception_describe_rflags(uint64_t rflags, char *buf, size_t size);

/* Print the full report: what, where, all registers, a backtrace. */
void exception_report(const struct trap_frame *frame);

/* Report, then panic. */
__attribute__((noreturn)) void exception_fatal(struct trap_frame *frame);

#endif
