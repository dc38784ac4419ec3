/* What the boot loader told us, parsed once in kmain. */
#ifndef ANVIL_KERNEL_BOOT_H
#define ANVIL_KERNEL_BOOT_H

#include "kernel/multiboot2.h"

extern struct boot_info boot_info;
/* Physical address and size of the multiboot2 structure itself (the
 * frame allocator must not hand it out). */
extern uint64_t boot_info_phys;

/* Parse and check the boot information at mbi_phys (panics with the
 * parser's message if it is malformed), then log a summary. */
void boot_info_init(uint64_t mbi_phys);

/* The boot module GRUB loaded as path (its command line, e.g.
 * "/bin/hello"), or NULL. */
const struct mb2_module *boot_module(const char *path);

#endif
