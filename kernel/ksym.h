/*
 * The kernel's own symbol table: function names for addresses, for
 * backtraces.  The build makes it from the linked kernel (tools/mksymtab.py)
 * and links it in on a second link step; see "Symbol table" in the Makefile.
 */
#ifndef ANVIL_KERNEL_KSYM_H
#define ANVIL_KERNEL_KSYM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The function containing addr: its name and addr's offset from its
 * start.  False if addr is in no known function. */
bool ksym_lookup(uint64_t addr, const char **name, uint64_t *offset);

/* The start address of the function called name, or 0. */
uint64_t ksym_address(const char *name);

/* "name+0x1f" for addr, or "?" if unknown, into buf. */
void ksym_format(uint64_t addr, char *buf, size_t size);

/* The number of symbols in the table (0 in the first link's kernel). */
uint64_t ksym_table_size(void);

#endif
