/*
 * CPU exceptions (vectors 0-31): readable reports, and what happens by
 * default.  A kernel-mode exception prints the report and panics; #BP
 * (int3) logs and resumes.  Register a handler with trap_register() to do
 * something else for one vector; it can fall back to exception_fatal().
 * docs/interrupts.md shows how to read a report.
 */
#ifndef ANVIL_ARCH_EXCEPTION_H
#define ANVIL_ARCH_EXCEPTION_H

#include <stddef.h>
#include <stdint.h>
#include "arch/x86_64/trap/trap.h"

/* #PF error code (Intel SDM Vol. 3A §4.7, Figure 4-12). */
#define X86_PF_ERR_PRESENT_BIT	0	/* 0: page not present; 1: protection violation */
#define X86_PF_ERR_PRESENT	(1UL << X86_PF_ERR_PRESENT_BIT)
#define X86_PF_ERR_WRITE_BIT	1	/* the access was a write */
#define X86_PF_ERR_WRITE	(1UL << X86_PF_ERR_WRITE_BIT)
#define X86_PF_ERR_USER_BIT	2	/* the access was made in ring 3 */
#define X86_PF_ERR_USER		(1UL << X86_PF_ERR_USER_BIT)
#define X86_PF_ERR_RSVD_BIT	3	/* a reserved bit was set in a paging entry */
#define X86_PF_ERR_RSVD		(1UL << X86_PF_ERR_RSVD_BIT)
#define X86_PF_ERR_FETCH_BIT	4	/* instruction fetch (reported with NXE or SMEP on) */
#define X86_PF_ERR_FETCH	(1UL << X86_PF_ERR_FETCH_BIT)
#define X86_PF_ERR_PK_BIT	5	/* protection-key violation */
#define X86_PF_ERR_PK		(1UL << X86_PF_ERR_PK_BIT)
#define X86_PF_ERR_SS_BIT	6	/* shadow-stack access */
#define X86_PF_ERR_SS		(1UL << X86_PF_ERR_SS_BIT)

/* Selector error code of #TS, #NP, #SS, #GP (SDM Vol. 3A §6.13, Figure 6-6). */
#define X86_SEL_ERR_EXT_BIT	0	/* raised while delivering an external event */
#define X86_SEL_ERR_EXT		(1UL << X86_SEL_ERR_EXT_BIT)
#define X86_SEL_ERR_IDT_BIT	1	/* the index is an IDT gate, not a GDT/LDT entry */
#define X86_SEL_ERR_IDT		(1UL << X86_SEL_ERR_IDT_BIT)
#define X86_SEL_ERR_TI_BIT	2	/* without IDT: 1 = LDT, 0 = GDT */
#define X86_SEL_ERR_TI		(1UL << X86_SEL_ERR_TI_BIT)
#define X86_SEL_ERR_INDEX_SHIFT	3	/* bits 15:3: the descriptor index */

/* Install the default #BP handler and the panic backtrace hook. */
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
