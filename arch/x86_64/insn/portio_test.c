/* Port I/O against two devices every PC (and QEMU) has. */
#include "arch/x86_64/insn/io.h"
#include "drivers/cmos_rtc.h"
#include "drivers/serial.h"
#include "kernel/ktest.h"
#include "kernel/printf.h"

#define UART_SCRATCH	7	/* a byte of storage with no other function */

KTEST(portio, uart_scratch_register_round_trip)
{
	uint16_t port = COM1_PORT + UART_SCRATCH;
	uint8_t saved = inb(port);
	static const uint8_t patterns[] = { 0x00, 0xff, 0xa5, 0x5a, 0x01, 0x80 };
	for (size_t i = 0; i < sizeof(patterns); i++) {
		outb(port, patterns[i]);
		KEXPECT_EQ(inb(port), patterns[i]);
	}
	outb(port, saved);
}

KTEST(portio, cmos_rtc_date_is_plausible)
{
	struct rtc_time t;
	cmos_rtc_read(&t);
	kprintf_raw("# rtc: %04u-%02u-%02u %02u:%02u:%02u\n", t.year, t.month, t.day,
		    t.hour, t.minute, t.second);
	KEXPECT_GE(t.year, 2020);
	KEXPECT_LE(t.year, 2099);
	KEXPECT_GE(t.month, 1);
	KEXPECT_LE(t.month, 12);
	KEXPECT_GE(t.day, 1);
	KEXPECT_LE(t.day, 31);
	KEXPECT_LE(t.hour, 23);
	KEXPECT_LE(t.minute, 59);
	KEXPECT_LE(t.second, 59);
}
