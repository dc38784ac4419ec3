/*
 * The console's input: what the keyboard (IRQ 1) and the serial port
 * (IRQ 4) both send, into ONE queue that the kernel's own readers (the
 * shell, echo_input) take from -- or, while programs own the terminal,
 * to its line discipline, which read(2) of /dev/console goes through.
 * Bytes are what a terminal sends: CR for Enter, DEL for Backspace,
 * ESC [ A for the up arrow.
 */
#ifndef ANVIL_KERNEL_CONSOLE_INPUT_H
#define ANVIL_KERNEL_CONSOLE_INPUT_H

#include <stddef.h>
#include <stdint.h>

/* Queue n bytes (from an interrupt handler or anywhere else); dropped and
 * counted, all n, if they do not fit. */
void console_input_put(const char *s, size_t n);
/* The next input byte, or -1 if none is waiting.  Never blocks. */
int console_getc(void);
/* The next input byte, sleeping until an interrupt brings one (halting,
 * before the scheduler runs).  Needs interrupts enabled. */
int console_getc_wait(void);
/* Who gets the bytes: the raw queue above (the kernel's shell, echo_input:
 * from boot), or the terminal's line discipline (kernel/tty/tty.h).
 * console_set_foreground(pid): the shell runs pid in the foreground --
 * the terminal takes the input and pid's group is its foreground group;
 * 0: back to the raw queue, the terminal's unread input dropped.
 * console_input_to_tty: from now on the terminal's (init=, run=). */
void console_set_foreground(int pid);
void console_input_to_tty(void);

/* Bytes dropped because the queue was full. */
uint64_t console_input_dropped(void);

#endif
