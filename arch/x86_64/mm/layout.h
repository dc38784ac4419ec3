/*
 * anvil's memory layout and the few constants the NASM boot code shares
 * with C.  The build turns every ANVIL_* macro here into a NASM %define
 * (build/gen/layout.inc), so the two sides can never drift apart.
 *
 * Keep the values plain numbers: no casts, no suffixes, no expressions
 * that NASM could not read.
 */
#ifndef ANVIL_ARCH_LAYOUT_H
#define ANVIL_ARCH_LAYOUT_H

/* The kernel image runs at this virtual address plus its physical load
 * address (the top 2 GiB of the address space, as -mcmodel=kernel wants). */
#define ANVIL_KERNEL_VMA        0xffffffff80000000

/* The higher half, one PML4 slot (512 GiB) per region; docs/memory.md
 * has the table.  All physical memory is mapped starting here (the
 * "direct map", PML4 slots 256..383, room for 64 TiB). */
#define ANVIL_DIRECT_MAP        0xffff800000000000
#define ANVIL_DIRECT_MAP_END    0xffffc00000000000

/* The kernel heap grows upward from here, one mapped page at a time. */
#define ANVIL_HEAP_BASE         0xffffc00000000000
#define ANVIL_HEAP_END          0xffffc08000000000

/* Kernel stacks: fixed slots, each an unmapped guard page below the stack. */
#define ANVIL_KSTACK_BASE       0xffffc08000000000
#define ANVIL_KSTACK_SIZE       16384
#define ANVIL_KSTACK_SLOTS      4096

/* Scratch mappings the memory tests make and remove. */
#define ANVIL_SCRATCH_BASE      0xffffc10000000000

/* How much the boot page tables map, identity and direct map alike:
 * 4 GiB in 2 MiB pages (GRUB keeps the boot information below 4 GiB). */
#define ANVIL_BOOT_MAP_GIB      4

/* Size of the stack the C entry runs on. */
#define ANVIL_BOOT_STACK_SIZE   16384

/* COM1, used by the 32-bit boot code to say why it cannot go on. */
#define ANVIL_COM1_PORT         0x3f8

/* EAX holds this when a multiboot2 loader hands over (multiboot2 spec §3.3). */
#define ANVIL_MB2_BOOTLOADER_MAGIC 0x36d76289

/* Selectors of the boot GDT (boot/entry.asm); the C GDT keeps the same. */
#define ANVIL_BOOT_CODE64_SEL   0x08
#define ANVIL_BOOT_DATA_SEL     0x10

#endif
