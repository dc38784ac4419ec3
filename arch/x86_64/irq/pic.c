#include "arch/x86_64/irq/pic.h"
#include "arch/x86_64/insn/io.h"

#define PIC1_CMD	0x20
#define PIC1_DATA	0x21
#define PIC2_CMD	0xa0
#define PIC2_DATA	0xa1

/* Initialisation command words (8259A data sheet, "Initialization
 * Command Words"). */
#define ICW1_ICW4	0x01	/* an ICW4 will follow */
#define ICW1_INIT	0x10	/* start initialisation (edge-triggered mode) */
#define ICW3_MASTER_SLAVE_ON_IRQ2 0x04	/* master: bit mask of the slave's input */
#define ICW3_SLAVE_ID	0x02		/* slave: its cascade identity */
#define ICW4_8086	0x01	/* 8086/88 mode (vectors, not CALL opcodes) */
/* Operation command words. */
#define OCW2_EOI	0x20	/* non-specific end of interrupt */
#define OCW3_READ_ISR	0x0b	/* next read of the command port returns the ISR */
#define PIC_CASCADE_IRQ	2

static uint16_t masks = 0xffff;	/* bit n set: IRQ n masked */

static void write_masks(void)
{
	outb(PIC1_DATA, masks & 0xff);
	outb(PIC2_DATA, masks >> 8);
}

void pic_init(uint8_t base)
{
	/* ICW1..ICW4 to each chip, with a short pause after every write
	 * (old 8259As need it between words). */
	outb(PIC1_CMD, ICW1_INIT | ICW1_ICW4);
	io_wait();
	outb(PIC2_CMD, ICW1_INIT | ICW1_ICW4);
	io_wait();
	outb(PIC1_DATA, base);			/* ICW2: vector of IRQ 0 */
	io_wait();
	outb(PIC2_DATA, base + 8);		/* ICW2: vector of IRQ 8 */
	io_wait();
	outb(PIC1_DATA, ICW3_MASTER_SLAVE_ON_IRQ2);
	io_wait();
	outb(PIC2_DATA, ICW3_SLAVE_ID);
	io_wait();
	outb(PIC1_DATA, ICW4_8086);
	io_wait();
	outb(PIC2_DATA, ICW4_8086);
	io_wait();
	/* Everything masked but the cascade, which the slave's IRQs need
	 * once one of them is unmasked. */
	masks = 0xffff & ~(1u << PIC_CASCADE_IRQ);
	write_masks();
}

void pic_unmask(unsigned irq)
{
	masks &= ~(1u << irq);
	write_masks();
}

void pic_eoi(unsigned irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, OCW2_EOI);
	outb(PIC1_CMD, OCW2_EOI);
}

/* The in-service register: which IRQs the CPU has been given and not yet
 * acknowledged. */
static uint16_t read_isr(void)
{
	outb(PIC1_CMD, OCW3_READ_ISR);
	outb(PIC2_CMD, OCW3_READ_ISR);
	return (uint16_t)(inb(PIC1_CMD) | inb(PIC2_CMD) << 8);
}

/* When a request goes away before the CPU acknowledges it, the 8259A
 * still has to give a vector and gives its lowest-priority one, IRQ 7
 * (or 15 on the slave), without setting the in-service bit. */
bool pic_spurious(unsigned irq)
{
	if (irq != 7 && irq != 15)
		return false;
	if (read_isr() & (1u << irq))
		return false;
	if (irq == 15)
		outb(PIC1_CMD, OCW2_EOI);	/* the master did see IRQ 2 */
	return true;
}
