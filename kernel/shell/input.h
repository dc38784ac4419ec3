/* Where the shell's bytes come from. */
#ifndef ANVIL_KERNEL_SHELL_INPUT_H
#define ANVIL_KERNEL_SHELL_INPUT_H

/* The next byte typed on the console, waiting for one. */
int shell_getc(void);

#endif
