/*
 * The multiboot2 boot information (Multiboot2 Specification, version
 * 2.0, §3.6 "Boot information format"): a size-prefixed list of 8-byte
 * aligned tags GRUB leaves in memory for us.
 *
 * mb2_parse() reads it without trusting it: every size is checked before
 * anything is read, so a truncated or corrupt structure ends in an error
 * message, never in a read past its end.  It compiles for the host too
 * (tests/host/), so the checks are tested with crafted buffers.
 */
#ifndef ANVIL_KERNEL_MULTIBOOT2_H
#define ANVIL_KERNEL_MULTIBOOT2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Tag types (spec §3.6). */
#define MB2_TAG_END		0
#define MB2_TAG_CMDLINE		1
#define MB2_TAG_LOADER_NAME	2
#define MB2_TAG_MODULE		3
#define MB2_TAG_BASIC_MEMINFO	4
#define MB2_TAG_BOOTDEV		5
#define MB2_TAG_MMAP		6
#define MB2_TAG_VBE		7
#define MB2_TAG_FRAMEBUFFER	8
#define MB2_TAG_ELF_SECTIONS	9
#define MB2_TAG_APM		10
#define MB2_TAG_EFI32		11
#define MB2_TAG_EFI64		12
#define MB2_TAG_SMBIOS		13
#define MB2_TAG_ACPI_OLD	14
#define MB2_TAG_ACPI_NEW	15
#define MB2_TAG_NETWORK		16
#define MB2_TAG_EFI_MMAP	17
#define MB2_TAG_EFI_BS		18	/* EFI boot services not terminated */
#define MB2_TAG_EFI32_IH	19
#define MB2_TAG_EFI64_IH	20
#define MB2_TAG_LOAD_BASE_ADDR	21

/* Memory map entry types (spec §3.6.8). */
#define MB2_MEMORY_AVAILABLE		1
#define MB2_MEMORY_RESERVED		2
#define MB2_MEMORY_ACPI_RECLAIMABLE	3
#define MB2_MEMORY_NVS			4
#define MB2_MEMORY_BADRAM		5

/* Framebuffer types (spec §3.6.12). */
#define MB2_FB_INDEXED		0
#define MB2_FB_RGB		1
#define MB2_FB_EGA_TEXT		2

/* The largest boot information we accept: GRUB's is a few KiB. */
#define MB2_MAX_TOTAL_SIZE	(1024 * 1024)
#define MB2_MAX_MODULES		64	/* the initramfs, the libc programs, and room for outside tools' */

struct mb2_mmap_entry {
	uint64_t base;
	uint64_t length;
	uint32_t type;
	uint32_t reserved;
};

struct mb2_module {
	uint64_t start;		/* physical, first byte */
	uint64_t end;		/* physical, one past the last byte */
	const char *string;	/* e.g. "/bin/hello" */
};

struct mb2_framebuffer {
	bool present;
	uint64_t addr;		/* physical */
	uint32_t pitch, width, height;
	uint8_t bpp, type;
	/* For MB2_FB_RGB: bit position and size of each colour. */
	uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

/* What the kernel takes from the boot information.  Pointers point into
 * the parsed buffer; entry counts are already checked against it. */
struct boot_info {
	uint32_t total_size;
	const char *cmdline;		/* "" when absent */
	const char *loader_name;	/* "" when absent */

	const uint8_t *mmap;		/* first entry */
	uint32_t mmap_entry_size;	/* >= sizeof(struct mb2_mmap_entry) */
	uint32_t mmap_count;

	struct mb2_module modules[MB2_MAX_MODULES];
	uint32_t module_count;
	uint32_t modules_dropped;	/* beyond MB2_MAX_MODULES */

	struct mb2_framebuffer fb;

	const void *rsdp;		/* copy of the ACPI RSDP in the tag, or NULL */
	uint32_t rsdp_len;
	uint8_t rsdp_version;		/* 1 (old tag) or 2 (new tag) */

	uint64_t efi64_systab;		/* 0 when absent */
	bool efi_boot_services;		/* the EFI boot services tag was present */
	bool uefi;			/* booted through UEFI firmware */

	uint32_t unknown_tags;
};

/*
 * Parse the boot information at buf.  avail is how many bytes may be read
 * at buf (the caller's upper bound; total_size must fit in it).  On error
 * returns false with a one-line reason in err.
 */
bool mb2_parse(const void *buf, size_t avail, struct boot_info *out,
	       char *err, size_t errlen);

/* The i-th memory map entry (i < mmap_count). */
static inline struct mb2_mmap_entry mb2_mmap_entry(const struct boot_info *bi, uint32_t i)
{
	const struct mb2_mmap_entry *e =
		(const struct mb2_mmap_entry *)(bi->mmap + (size_t)i * bi->mmap_entry_size);
	return *e;
}

/* A memory map type in words ("available", "ACPI NVS", ...).  A type the
 * multiboot2 spec does not name (§3.6.8 lists 1-5) is written into buf as
 * "unknown type N", so the number is not lost; buf is returned then. */
#define MB2_MEMORY_TYPE_NAME_MAX 24
const char *mb2_memory_type_name(uint32_t type, char *buf, size_t size);

#endif
