/*
 * The two 8259A programmable interrupt controllers of the PC (Intel 8259A
 * data sheet, order no. 231468): a master on ports 0x20/0x21 with IRQs
 * 0-7 and a slave on 0xA0/0xA1 with IRQs 8-15, cascaded through the
 * master's IRQ 2.
 *
 * Firmware leaves them delivering IRQ 0-7 on vectors 8-15, which in
 * protected mode are CPU exceptions (#DF is 8), so anvil always remaps
 * them to PIC_VECTOR_BASE..+15 first.  With an APIC they then stay fully
 * masked; without one they are the interrupt controller.
 */
#ifndef ANVIL_ARCH_PIC_H
#define ANVIL_ARCH_PIC_H

#include <stdbool.h>
#include <stdint.h>

#define PIC_IRQS	16

/* Reinitialise both PICs with IRQ n on vector base + n; all masked. */
void pic_init(uint8_t base);
void pic_unmask(unsigned irq);
/* End of interrupt for irq: the slave's IRQs need the master's too. */
void pic_eoi(unsigned irq);
/* IRQ 7 or 15 with its in-service bit clear: a spurious interrupt, which
 * must not be acknowledged (except on the master for 15, whose cascade
 * IRQ 2 was genuinely in service); this function does that part. */
bool pic_spurious(unsigned irq);

#endif
