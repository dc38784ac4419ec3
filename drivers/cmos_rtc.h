/* The PC's battery-backed real-time clock in the CMOS chip (MC146818). */
#ifndef ANVIL_DRIVERS_CMOS_RTC_H
#define ANVIL_DRIVERS_CMOS_RTC_H

#include <stdint.h>

struct rtc_time {
	uint16_t year;		/* e.g. 2025 */
	uint8_t month;		/* 1-12 */
	uint8_t day;		/* 1-31 */
	uint8_t hour;		/* 0-23 */
	uint8_t minute;		/* 0-59 */
	uint8_t second;		/* 0-59 */
};

/* Read the date and time (UTC under QEMU's default -rtc base=utc). */
void cmos_rtc_read(struct rtc_time *t);

#endif
