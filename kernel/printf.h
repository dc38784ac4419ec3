/*
 * Kernel output.
 *
 * kprintf() is the kernel log: each line it starts gets a time prefix
 * "[   1.234] " so log lines can be told from program output.
 * kprintf_raw() prints exactly what it is given (KTAP, program output).
 * Both go to every console (serial, and the screen once there is one).
 */
#ifndef ANVIL_KERNEL_PRINTF_H
#define ANVIL_KERNEL_PRINTF_H

#include <stdarg.h>
#include <stdint.h>
#include "kernel/format.h"

int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);
int kprintf_raw(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* kprintf_raw as a struct printer (kernel/format.h). */
extern struct printer console_printer;

/* The log's clock: nanoseconds since boot, or NULL for "no clock yet"
 * (then the prefix shows 0.000). */
void log_set_clock(uint64_t (*ns_since_boot)(void));

#endif
