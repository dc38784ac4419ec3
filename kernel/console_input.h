/*
 * The console's input: ONE queue that the keyboard (IRQ 1) and the serial
 * port (IRQ 4) both feed, and that readers (the read(0) system call, the
 * shell) take from.  Bytes are what a terminal sends: CR for Enter, DEL
 * for Backspace, ESC [ A for the up arrow.
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
/* The same for a process's read(0): -EINTR if a signal comes first. */
int console_getc_interruptible(void);
/* The process Ctrl-C sends SIGINT to (the shell's foreground program),
 * or 0 for none: then Ctrl-C is an input byte like any other. */
void console_set_foreground(int pid);

/* The input's part of a console file's poll (kernel/fs/poll.h): POLLIN
 * once a byte is queued; registers on the readers' queue, which every
 * byte that comes wakes. */
struct file;
struct poll_table;
unsigned console_input_poll(struct file *f, struct poll_table *pt);
/* Bytes dropped because the queue was full. */
uint64_t console_input_dropped(void);

#endif
