#include "kernel/boot.h"
#include "kernel/addr.h"
#include "kernel/panic.h"
#include "kernel/printf.h"
#include "kernel/string.h"

struct boot_info boot_info;
uint64_t boot_info_phys;

/* The boot page tables reach this far; GRUB keeps its data below it. */
#define BOOT_MAPPED_LIMIT ((uint64_t)ANVIL_BOOT_MAP_GIB << 30)

static void log_summary(const struct boot_info *bi)
{
	kprintf("boot: loader \"%s\", %s firmware\n",
		bi->loader_name[0] ? bi->loader_name : "(unnamed)",
		bi->uefi ? "UEFI" : "BIOS");
	kprintf("boot: command line \"%s\"\n", bi->cmdline);

	uint64_t usable = 0;
	kprintf("boot: memory map, %u entries:\n", bi->mmap_count);
	for (uint32_t i = 0; i < bi->mmap_count; i++) {
		struct mb2_mmap_entry e = mb2_mmap_entry(bi, i);
		char type[MB2_MEMORY_TYPE_NAME_MAX];
		kprintf("boot:   %016lx-%016lx %s\n", (unsigned long)e.base,
			(unsigned long)(e.base + e.length - 1),
			mb2_memory_type_name(e.type, type, sizeof(type)));
		if (e.type == MB2_MEMORY_AVAILABLE)
			usable += e.length;
	}
	kprintf("boot: usable RAM %lu KiB (%lu MiB)\n", (unsigned long)(usable >> 10),
		(unsigned long)(usable >> 20));

	kprintf("boot: %u module%s\n", bi->module_count, bi->module_count == 1 ? "" : "s");
	for (uint32_t i = 0; i < bi->module_count; i++)
		kprintf("boot:   module %s at %lx-%lx (%lu bytes)\n", bi->modules[i].string,
			(unsigned long)bi->modules[i].start, (unsigned long)bi->modules[i].end,
			(unsigned long)(bi->modules[i].end - bi->modules[i].start));
	if (bi->modules_dropped)
		kprintf("boot: %u more modules ignored (at most %d)\n", bi->modules_dropped,
			MB2_MAX_MODULES);

	if (bi->fb.present)
		kprintf("boot: framebuffer %ux%u, %u bpp, %s at %lx\n", bi->fb.width, bi->fb.height,
			bi->fb.bpp,
			bi->fb.type == MB2_FB_EGA_TEXT ? "EGA text" :
			bi->fb.type == MB2_FB_RGB ? "RGB" : "indexed",
			(unsigned long)bi->fb.addr);
	else
		kprintf("boot: no framebuffer information\n");
	if (bi->rsdp)
		kprintf("boot: ACPI RSDP version %u (%u bytes)\n", bi->rsdp_version, bi->rsdp_len);
	else
		kprintf("boot: no ACPI RSDP\n");
	if (bi->efi64_systab)
		kprintf("boot: EFI system table at %lx\n", (unsigned long)bi->efi64_systab);
	if (bi->unknown_tags)
		kprintf("boot: skipped %u unknown tags\n", bi->unknown_tags);
}

void boot_info_init(uint64_t mbi_phys)
{
	char err[160];

	if (mbi_phys == 0 || mbi_phys >= BOOT_MAPPED_LIMIT)
		panic("multiboot2: boot information at physical %lx is outside the first %d GiB",
		      (unsigned long)mbi_phys, ANVIL_BOOT_MAP_GIB);

	uint64_t avail = BOOT_MAPPED_LIMIT - mbi_phys;
	if (avail > MB2_MAX_TOTAL_SIZE)
		avail = MB2_MAX_TOTAL_SIZE;
	if (!mb2_parse(phys_to_virt(mbi_phys), avail, &boot_info, err, sizeof(err)))
		panic("%s", err);
	boot_info_phys = mbi_phys;
	log_summary(&boot_info);
}

const struct mb2_module *boot_module(const char *path)
{
	for (uint32_t i = 0; i < boot_info.module_count; i++)
		if (strcmp(boot_info.modules[i].string, path) == 0)
			return &boot_info.modules[i];
	return NULL;
}
