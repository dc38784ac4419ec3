/*
 * The kernel command line, Linux style: words separated by spaces, each
 * "key=value" or a bare "flag".  Everything after a lone "--" belongs to
 * the init program (its arguments).  Unknown keys are logged and ignored.
 * Double quotes group blanks into a word and are removed, as in Linux:
 * `init=/bin/args -- "two words"` gives the program argv[1] "two words".
 */
#ifndef ANVIL_KERNEL_CMDLINE_H
#define ANVIL_KERNEL_CMDLINE_H

#include <stdbool.h>
#include <stdint.h>

#define CMDLINE_MAX_LEN   1024
#define CMDLINE_MAX_WORDS 32

/* Split the line (copied, so the boot information may go away).  Returns
 * false when it had to drop words (too long or too many); what fitted is
 * kept. */
bool cmdline_parse(const char *line);

/* The value of key=value, "" for a bare flag, NULL when absent. */
const char *cmdline_get(const char *key);
bool cmdline_has(const char *key);
/* A numeric option, or fallback when absent or not a number. */
uint64_t cmdline_get_u64(const char *key, uint64_t fallback);

/* Words after "--": the init program's arguments. */
int cmdline_init_argc(void);
const char *cmdline_init_arg(int i);

/* Log every word that no part of the kernel knows. */
void cmdline_log_unknown(void);

#endif
