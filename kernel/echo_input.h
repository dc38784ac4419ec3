/*
 * echo_input on the kernel command line: log every byte taken from the
 * console input queue as `input: 0x61 'a'` until Ctrl-D (0x04, the
 * terminal's end-of-input), then end the run with status 0.  The tests
 * type through QEMU's monitor (sendkey) and serial port and read the log.
 */
#ifndef ANVIL_KERNEL_ECHO_INPUT_H
#define ANVIL_KERNEL_ECHO_INPUT_H

__attribute__((noreturn)) void echo_input_run(void);

#endif
