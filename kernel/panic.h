/* panic(): the kernel cannot go on. */
#ifndef ANVIL_KERNEL_PANIC_H
#define ANVIL_KERNEL_PANIC_H

#define panic(...) panic_at(__FILE__, __LINE__, __VA_ARGS__)

/* Print the message with file:line and the registers, then stop: halt, or
 * with panic=exit on the command line end the QEMU run with
 * EXIT_KERNEL_PANIC. */
__attribute__((noreturn, format(printf, 3, 4)))
void panic_at(const char *file, int line, const char *fmt, ...);

/* Called by panic_at after the message, before stopping: the exception
 * code prints a backtrace here once it exists.  May be NULL. */
extern void (*panic_extra_report)(void);

#define BUG_ON(cond)                                                \
	do {                                                        \
		if (cond)                                           \
			panic("BUG_ON(%s) failed", #cond);          \
	} while (0)

#endif
