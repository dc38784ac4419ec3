/*
 * 16550 UART driver (National Semiconductor PC16550D data sheet; the
 * register map is the same on every PC-compatible COM port).
 */
#include "drivers/serial.h"
#include "arch/x86_64/insn/io.h"
#include "kernel/console.h"

/* Register offsets from the base port. */
#define UART_DATA	0	/* receive / transmit holding (DLAB=0) */
#define UART_IER	1	/* interrupt enable (DLAB=0) */
#define UART_DLL	0	/* divisor latch low (DLAB=1) */
#define UART_DLM	1	/* divisor latch high (DLAB=1) */
#define UART_FCR	2	/* FIFO control (write) */
#define UART_LCR	3	/* line control */
#define UART_MCR	4	/* modem control */
#define UART_LSR	5	/* line status */

#define LCR_8N1		0x03	/* 8 data bits, no parity, 1 stop bit */
#define LCR_DLAB	0x80	/* divisor latch access */
#define FCR_ENABLE_CLEAR_14 0xc7 /* FIFOs on, both cleared, RX trigger at 14 bytes */
#define MCR_DTR		0x01
#define MCR_RTS		0x02
#define MCR_OUT1	0x04
#define MCR_OUT2	0x08	/* gates the UART's IRQ line on PCs */
#define MCR_LOOP	0x10	/* loopback: transmit feeds receive */
#define LSR_DATA_READY	0x01
#define LSR_THR_EMPTY	0x20
#define IER_RX_AVAILABLE 0x01

/* 115200 baud = 1.8432 MHz / 16 / divisor 1. */
#define BAUD_DIVISOR	1
#define LOOPBACK_PROBE	0xae

static bool serial_ok;

static void serial_console_write(const char *s, size_t n)
{
	serial_write(s, n);
}

static struct console serial_console = {
	.name = "serial",
	.write = serial_console_write,
};

bool serial_init(void)
{
	outb(COM1_PORT + UART_IER, 0);
	outb(COM1_PORT + UART_LCR, LCR_DLAB);
	outb(COM1_PORT + UART_DLL, BAUD_DIVISOR & 0xff);
	outb(COM1_PORT + UART_DLM, BAUD_DIVISOR >> 8);
	outb(COM1_PORT + UART_LCR, LCR_8N1);
	outb(COM1_PORT + UART_FCR, FCR_ENABLE_CLEAR_14);

	/* Self-check: in loopback mode a byte we send must come back. */
	outb(COM1_PORT + UART_MCR, MCR_LOOP | MCR_RTS | MCR_OUT1 | MCR_OUT2);
	outb(COM1_PORT + UART_DATA, LOOPBACK_PROBE);
	for (int spins = 0; spins < 100000; spins++)
		if (inb(COM1_PORT + UART_LSR) & LSR_DATA_READY)
			break;
	if (inb(COM1_PORT + UART_DATA) != LOOPBACK_PROBE)
		return false;

	/* Normal operation; OUT2 on so the IRQ can reach the interrupt
	 * controller once the receive interrupt is enabled. */
	outb(COM1_PORT + UART_MCR, MCR_DTR | MCR_RTS | MCR_OUT1 | MCR_OUT2);
	serial_ok = true;
	console_register(&serial_console);
	return true;
}

static void put_byte(uint8_t b)
{
	while (!(inb(COM1_PORT + UART_LSR) & LSR_THR_EMPTY))
		;
	outb(COM1_PORT + UART_DATA, b);
}

void serial_write(const char *s, size_t n)
{
	if (!serial_ok)
		return;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			put_byte('\r');	/* terminals want CR LF */
		put_byte((uint8_t)s[i]);
	}
}

int serial_read_byte(void)
{
	if (!serial_ok || !(inb(COM1_PORT + UART_LSR) & LSR_DATA_READY))
		return -1;
	return inb(COM1_PORT + UART_DATA);
}

void serial_enable_rx_irq(bool on)
{
	if (serial_ok)
		outb(COM1_PORT + UART_IER, on ? IER_RX_AVAILABLE : 0);
}
