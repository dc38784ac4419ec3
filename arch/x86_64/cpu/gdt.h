/*
 * The GDT and the TSS (arch/x86_64/cpu/gdt.c).
 *
 * Selectors: index * 8 | table bit (0 = GDT) | requested privilege level.
 * The order of the four code/data entries is fixed by SYSCALL/SYSRET,
 * which compute their selectors from MSR_STAR instead of reading them
 * (Intel SDM Vol. 2B "SYSCALL", "SYSRET"; AMD APM Vol. 2 §6.1.1):
 *
 *   SYSCALL: CS = STAR[47:32],      SS = STAR[47:32] + 8
 *   SYSRET:  CS = STAR[63:48] + 16, SS = STAR[63:48] + 8   (64-bit mode, RPL forced to 3)
 *
 * So kernel data must follow kernel code, and user code must come 8 bytes
 * after user data.  With STAR[63:48] = 0x13 (0x10 | 3) SYSRET loads SS =
 * 0x1b (user data) and CS = 0x23 (user code).  The slot at STAR[63:48]
 * itself (0x10) would be the 32-bit user code of a compat-mode SYSRET,
 * which anvil never does.
 */
#ifndef ANVIL_ARCH_GDT_H
#define ANVIL_ARCH_GDT_H

#include <stdint.h>
#include "arch/x86_64/mm/layout.h"

#define GDT_KERNEL_CS	0x08		/* 64-bit code, ring 0 */
#define GDT_KERNEL_DS	0x10		/* data, ring 0 */
#define GDT_USER_DS	(0x18 | 3)	/* data, ring 3 */
#define GDT_USER_CS	(0x20 | 3)	/* 64-bit code, ring 3 */
#define GDT_TSS		0x28		/* 64-bit TSS, 16 bytes: two GDT slots */
#define GDT_ENTRIES	7		/* null, 4 code/data, 2 for the TSS */

/* The two selector bases to write into MSR_STAR (bits 47:32, 63:48). */
#define GDT_STAR_SYSCALL_BASE	GDT_KERNEL_CS
#define GDT_STAR_SYSRET_BASE	(GDT_USER_DS - 8)
#define GDT_STAR_VALUE                                                         \
	(((uint64_t)GDT_STAR_SYSRET_BASE << 48) | ((uint64_t)GDT_STAR_SYSCALL_BASE << 32))

/* The boot GDT (boot/entry.asm) uses the same kernel selectors, so CS and
 * SS stay valid in the moment between lgdt and the reloads. */
_Static_assert(GDT_KERNEL_CS == ANVIL_BOOT_CODE64_SEL, "kernel CS differs from the boot GDT's");
_Static_assert(GDT_KERNEL_DS == ANVIL_BOOT_DATA_SEL, "kernel DS differs from the boot GDT's");
_Static_assert(GDT_STAR_SYSCALL_BASE + 8 == GDT_KERNEL_DS, "SYSCALL's SS is CS + 8");
_Static_assert(GDT_STAR_SYSRET_BASE + 8 == GDT_USER_DS, "SYSRET's SS is STAR[63:48] + 8");
_Static_assert(GDT_STAR_SYSRET_BASE + 16 == GDT_USER_CS, "SYSRET's CS is STAR[63:48] + 16");

/*
 * Interrupt Stack Table slots (1..7).  A gate with a non-zero IST field
 * makes the CPU switch to that stack unconditionally, even in ring 0 (SDM
 * Vol. 3A §6.14.5): the way to survive an exception whose cause is the
 * stack itself (a kernel stack overflow -> #PF -> #DF), and an NMI or
 * machine check that may arrive at any instruction.
 */
#define IST_DOUBLE_FAULT	1
#define IST_NMI			2
#define IST_MACHINE_CHECK	3
#define IST_STACK_SIZE		16384

/* Build the GDT and the TSS, load them (lgdt, far return into the new CS,
 * data segment reloads, ltr). */
void gdt_init(void);

/* The stack the CPU switches to on an interrupt or exception from ring 3
 * (TSS.RSP0): the top of the current thread's kernel stack. */
void tss_set_rsp0(uint64_t rsp0);

/* The top (highest address, exclusive) of IST stack `ist` (1..3). */
uint64_t tss_ist_top(unsigned ist);

#endif
