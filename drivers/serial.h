/* The 16550 UART on COM1: the kernel's log and console. */
#ifndef ANVIL_DRIVERS_SERIAL_H
#define ANVIL_DRIVERS_SERIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define COM1_PORT 0x3f8
#define COM1_IRQ  4

/* Program COM1 for 115200 8N1 with FIFOs, check it with a loopback test,
 * and register it as a console.  Returns false (and stays silent) if the
 * loopback byte did not come back: no working UART there. */
bool serial_init(void);
void serial_write(const char *s, size_t n);
/* A received byte, or -1 if none is waiting. */
int serial_read_byte(void);
/* Enable or disable the "received data available" interrupt (IRQ 4). */
void serial_enable_rx_irq(bool on);
/* Take COM1's received bytes by interrupt into the console input queue
 * (drivers/serial_input.c). */
void serial_input_init(void);

#endif
