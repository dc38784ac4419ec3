/* COM1 receive interrupts (IRQ 4) feeding the console input queue. */
#include "drivers/serial.h"
#include "kernel/console_input.h"
#include "kernel/irq.h"
#include "kernel/printf.h"

/* The UART raises its IRQ when received data is waiting (or the FIFO
 * reached its trigger level, or a timeout passed with bytes in it);
 * reading every byte clears it. */
static void serial_irq(unsigned irq)
{
	(void)irq;
	int c;
	while ((c = serial_read_byte()) >= 0) {
		char byte = (char)c;
		console_input_put(&byte, 1);
	}
}

void serial_input_init(void)
{
	irq_register(COM1_IRQ, "COM1", serial_irq);
	irq_enable(COM1_IRQ);
	serial_enable_rx_irq(true);
	kprintf("serial: COM1 input on IRQ %u\n", COM1_IRQ);
}
