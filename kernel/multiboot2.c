#include "kernel/multiboot2.h"
#include "kernel/format.h"

/* Fixed header of the whole structure and of each tag (spec §3.6.1). */
struct mb2_info_header {
	uint32_t total_size;
	uint32_t reserved;
};

struct mb2_tag {
	uint32_t type;
	uint32_t size;		/* including this header, excluding padding */
};

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* A string inside a tag must end with a NUL before the tag ends. */
static bool string_in_tag(const uint8_t *s, const uint8_t *tag_end)
{
	for (; s < tag_end; s++)
		if (*s == '\0')
			return true;
	return false;
}

#define FAIL(...)                                        \
	do {                                             \
		ksnprintf(err, errlen, __VA_ARGS__);     \
		return false;                            \
	} while (0)

/* Check one tag's body and record what it says; tag points at its header
 * and size has been checked to lie inside the structure. */
static bool parse_tag(const uint8_t *tag, uint32_t type, uint32_t size,
		      uint32_t offset, struct boot_info *bi, char *err, size_t errlen)
{
	const uint8_t *end = tag + size;

	switch (type) {
	case MB2_TAG_CMDLINE:
	case MB2_TAG_LOADER_NAME:
		if (!string_in_tag(tag + 8, end))
			FAIL("multiboot2: tag %u at offset %u: string not terminated", type, offset);
		if (type == MB2_TAG_CMDLINE)
			bi->cmdline = (const char *)(tag + 8);
		else
			bi->loader_name = (const char *)(tag + 8);
		break;

	case MB2_TAG_MODULE: {
		/* u32 mod_start, u32 mod_end, then the string. */
		if (size < 17 || !string_in_tag(tag + 16, end))
			FAIL("multiboot2: module tag at offset %u: size %u too small or string not terminated",
			     offset, size);
		uint32_t start = rd32(tag + 8), stop = rd32(tag + 12);
		if (stop < start)
			FAIL("multiboot2: module tag at offset %u: end 0x%x before start 0x%x",
			     offset, stop, start);
		if (bi->module_count == MB2_MAX_MODULES) {
			bi->modules_dropped++;
			break;
		}
		struct mb2_module *m = &bi->modules[bi->module_count++];
		m->start = start;
		m->end = stop;
		m->string = (const char *)(tag + 16);
		break;
	}

	case MB2_TAG_MMAP: {
		/* u32 entry_size, u32 entry_version, then the entries. */
		if (size < 16)
			FAIL("multiboot2: memory map tag at offset %u: size %u too small", offset, size);
		uint32_t esize = rd32(tag + 8);
		if (esize < sizeof(struct mb2_mmap_entry) || esize % 8 != 0)
			FAIL("multiboot2: memory map tag at offset %u: bad entry size %u", offset, esize);
		bi->mmap = tag + 16;
		bi->mmap_entry_size = esize;
		bi->mmap_count = (size - 16) / esize;
		break;
	}

	case MB2_TAG_FRAMEBUFFER: {
		/* u64 addr, u32 pitch, u32 width, u32 height, u8 bpp, u8 type,
		 * u16 reserved, then the colour info. */
		if (size < 32)
			FAIL("multiboot2: framebuffer tag at offset %u: size %u too small", offset, size);
		struct mb2_framebuffer *fb = &bi->fb;
		fb->addr = rd64(tag + 8);
		fb->pitch = rd32(tag + 16);
		fb->width = rd32(tag + 20);
		fb->height = rd32(tag + 24);
		fb->bpp = tag[28];
		fb->type = tag[29];
		if (fb->type == MB2_FB_RGB) {
			if (size < 38)
				FAIL("multiboot2: RGB framebuffer tag at offset %u: size %u too small",
				     offset, size);
			fb->red_pos = tag[32];
			fb->red_size = tag[33];
			fb->green_pos = tag[34];
			fb->green_size = tag[35];
			fb->blue_pos = tag[36];
			fb->blue_size = tag[37];
		}
		fb->present = true;
		break;
	}

	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW: {
		/* A copy of the RSDP: 20 bytes (ACPI 1.0) or 36 (2.0+). */
		uint32_t need = type == MB2_TAG_ACPI_OLD ? 20 : 36;
		if (size < 8 + need)
			FAIL("multiboot2: ACPI RSDP tag %u at offset %u: size %u too small",
			     type, offset, size);
		/* Prefer the ACPI 2.0 copy when both are there. */
		if (type == MB2_TAG_ACPI_NEW || bi->rsdp_version < 2) {
			bi->rsdp = tag + 8;
			bi->rsdp_len = size - 8;
			bi->rsdp_version = type == MB2_TAG_ACPI_OLD ? 1 : 2;
		}
		break;
	}

	case MB2_TAG_EFI64:
		if (size < 16)
			FAIL("multiboot2: EFI64 tag at offset %u: size %u too small", offset, size);
		bi->efi64_systab = rd64(tag + 8);
		bi->uefi = true;
		break;

	case MB2_TAG_EFI32:
	case MB2_TAG_EFI_MMAP:
	case MB2_TAG_EFI32_IH:
	case MB2_TAG_EFI64_IH:
		bi->uefi = true;
		break;

	case MB2_TAG_EFI_BS:
		bi->efi_boot_services = true;
		bi->uefi = true;
		break;

	case MB2_TAG_BASIC_MEMINFO:
	case MB2_TAG_BOOTDEV:
	case MB2_TAG_VBE:
	case MB2_TAG_ELF_SECTIONS:
	case MB2_TAG_APM:
	case MB2_TAG_SMBIOS:
	case MB2_TAG_NETWORK:
	case MB2_TAG_LOAD_BASE_ADDR:
		break;	/* known, not needed */

	default:
		bi->unknown_tags++;	/* the spec says: skip what you don't know */
		break;
	}
	return true;
}

bool mb2_parse(const void *buf, size_t avail, struct boot_info *bi,
	       char *err, size_t errlen)
{
	const uint8_t *base = buf;

	*bi = (struct boot_info){ .cmdline = "", .loader_name = "" };

	if (!buf || ((uintptr_t)buf & 7))
		FAIL("multiboot2: boot information at %p is not 8-byte aligned", buf);
	if (avail < sizeof(struct mb2_info_header))
		FAIL("multiboot2: only %zu bytes available, need the 8-byte header", avail);

	uint32_t total = rd32(base);
	if (total < sizeof(struct mb2_info_header) + sizeof(struct mb2_tag))
		FAIL("multiboot2: total size %u is too small (need at least 16)", total);
	if (total > MB2_MAX_TOTAL_SIZE)
		FAIL("multiboot2: total size %u is larger than the %u allowed", total,
		     MB2_MAX_TOTAL_SIZE);
	if (total > avail)
		FAIL("multiboot2: total size %u runs past the %zu bytes available", total, avail);
	bi->total_size = total;

	uint32_t offset = sizeof(struct mb2_info_header);
	for (;;) {
		if (total - offset < sizeof(struct mb2_tag))
			FAIL("multiboot2: no end tag before the end (offset %u of %u)", offset, total);
		const uint8_t *tag = base + offset;
		uint32_t type = rd32(tag), size = rd32(tag + 4);

		if (size < sizeof(struct mb2_tag))
			FAIL("multiboot2: tag %u at offset %u has size %u (under 8)", type, offset, size);
		if (size > total - offset)
			FAIL("multiboot2: tag %u at offset %u with size %u runs past the end (%u)",
			     type, offset, size, total);
		if (type == MB2_TAG_END) {
			if (size != 8)
				FAIL("multiboot2: end tag at offset %u has size %u, not 8", offset, size);
			return true;
		}
		if (!parse_tag(tag, type, size, offset, bi, err, errlen))
			return false;

		/* The next tag starts at the next 8-byte boundary. */
		uint32_t step = (size + 7) & ~7u;
		if (step > total - offset)
			FAIL("multiboot2: tag %u at offset %u: padding runs past the end", type, offset);
		offset += step;
	}
}

const char *mb2_memory_type_name(uint32_t type, char *buf, size_t size)
{
	switch (type) {
	case MB2_MEMORY_AVAILABLE: return "available";
	case MB2_MEMORY_RESERVED: return "reserved";
	case MB2_MEMORY_ACPI_RECLAIMABLE: return "ACPI reclaimable";
	case MB2_MEMORY_NVS: return "ACPI NVS";
	case MB2_MEMORY_BADRAM: return "bad RAM";
	}
	ksnprintf(buf, size, "unknown type %u", type);
	return buf;
}
