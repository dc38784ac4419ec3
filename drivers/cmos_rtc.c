/*
 * Reading the CMOS real-time clock (Motorola MC146818A data sheet; the
 * register map every PC keeps, as in QEMU's hw/rtc/mc146818rtc.c).
 *
 * The CMOS RAM is reached through two ports: write a register number to
 * 0x70, then read the register at 0x71.  Bit 7 of the 0x70 write masks
 * NMI on real chipsets; anvil leaves it clear so NMIs stay enabled.
 */
#include "drivers/cmos_rtc.h"
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/insn/io.h"
#include "kernel/string.h"

#define CMOS_INDEX	0x70
#define CMOS_DATA	0x71

#define RTC_SECONDS	0x00
#define RTC_MINUTES	0x02
#define RTC_HOURS	0x04
#define RTC_DAY		0x07
#define RTC_MONTH	0x08
#define RTC_YEAR	0x09	/* two digits */
#define RTC_STATUS_A	0x0a
#define RTC_STATUS_B	0x0b
#define RTC_CENTURY	0x32	/* ACPI FADT's usual century register */

#define RTC_A_UIP	0x80	/* update in progress: registers are changing */
#define RTC_B_24H	0x02	/* hours 0-23 (else 1-12 with bit 7 = PM) */
#define RTC_B_BINARY	0x04	/* binary values (else BCD) */
#define RTC_HOUR_PM	0x80

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

struct rtc_raw {
	uint8_t sec, min, hour, day, month, year, century;
};

/* The registers change once a second; reading while UIP is set can
 * give a torn value (e.g. 59 minutes of the old hour).  Wait for UIP to
 * clear, read everything, and keep reading until two passes agree. */
static void read_raw(struct rtc_raw *r)
{
	struct rtc_raw prev;
	do {
		for (int spins = 0; (cmos_read(RTC_STATUS_A) & RTC_A_UIP) && spins < 1000000; spins++)
			pause();
		prev = *r;
		r->sec = cmos_read(RTC_SECONDS);
		r->min = cmos_read(RTC_MINUTES);
		r->hour = cmos_read(RTC_HOURS);
		r->day = cmos_read(RTC_DAY);
		r->month = cmos_read(RTC_MONTH);
		r->year = cmos_read(RTC_YEAR);
		r->century = cmos_read(RTC_CENTURY);
	} while (memcmp(&prev, r, sizeof(*r)) != 0);
}

static uint8_t from_bcd(uint8_t v)
{
	return (v >> 4) * 10 + (v & 0xf);
}

void cmos_rtc_read(struct rtc_time *t)
{
	struct rtc_raw r;
	uint64_t flags = irq_save();	/* index/data pairs must not interleave */
	memset(&r, 0xff, sizeof(r));	/* never equal to a first real read */
	read_raw(&r);
	uint8_t status_b = cmos_read(RTC_STATUS_B);
	irq_restore(flags);

	bool pm = !(status_b & RTC_B_24H) && (r.hour & RTC_HOUR_PM);
	r.hour &= ~RTC_HOUR_PM;
	if (!(status_b & RTC_B_BINARY)) {
		r.sec = from_bcd(r.sec);
		r.min = from_bcd(r.min);
		r.hour = from_bcd(r.hour);
		r.day = from_bcd(r.day);
		r.month = from_bcd(r.month);
		r.year = from_bcd(r.year);
		r.century = from_bcd(r.century);
	}
	if (!(status_b & RTC_B_24H))
		r.hour = (r.hour % 12) + (pm ? 12 : 0);	/* 12 AM is 0, 12 PM is 12 */

	t->second = r.sec;
	t->minute = r.min;
	t->hour = r.hour;
	t->day = r.day;
	t->month = r.month;
	/* No century register (or garbage in it): assume 20xx. */
	t->year = (r.century >= 19 && r.century <= 21 ? r.century : 20) * 100 + r.year;
}
