#include "drivers/acpi/acpi.h"
#include "arch/x86_64/mm/layout.h"
#include "kernel/addr.h"
#include "kernel/boot.h"
#include "kernel/printf.h"

static struct acpi_info info;
static bool parsed;

/* The firmware's tables live below 4 GiB (the RSDT's pointers are 32-bit,
 * and firmware keeps the XSDT's there too), all of which the direct map
 * covers (kernel/mm/vm.c).  Anything else is refused. */
static const void *map_phys(void *ctx, uint64_t phys, size_t len)
{
	(void)ctx;
	const uint64_t limit = (uint64_t)ANVIL_BOOT_MAP_GIB << 30;
	if (phys >= limit || len > limit - phys)
		return NULL;
	return phys_to_virt(phys);
}

static void report(void *ctx, const char *msg)
{
	(void)ctx;
	kprintf("%s\n", msg);
}

void acpi_init(void)
{
	static const struct acpi_env env = { .map = map_phys, .report = report };
	char err[160];

	if (!boot_info.rsdp) {
		kprintf("acpi: the boot loader passed no RSDP; no ACPI tables\n");
		return;
	}
	if (!acpi_parse(&env, boot_info.rsdp, boot_info.rsdp_len, &info, err, sizeof(err))) {
		kprintf("%s; no ACPI tables\n", err);
		return;
	}
	parsed = true;
	kprintf("acpi: revision %u, OEM '%s', %s at %lx, %u tables (%u refused)\n", info.revision,
		info.oem, info.xsdt ? "XSDT" : "RSDT", (unsigned long)info.root_phys,
		info.table_count, info.bad_tables);
	for (uint32_t i = 0; i < info.table_count; i++)
		if (info.tables[i].ok)
			kprintf("acpi:   %s at %lx, %u bytes\n", info.tables[i].sig,
				(unsigned long)info.tables[i].phys, info.tables[i].length);

	const struct acpi_madt *m = &info.madt;
	if (!m->present) {
		kprintf("acpi: no usable MADT\n");
		return;
	}
	kprintf("acpi: MADT: local APIC at %lx, %u CPU(s), %u IOAPIC(s), %u override(s)%s\n",
		(unsigned long)m->lapic_addr, m->cpus, m->ioapic_count, m->override_count,
		m->flags & ACPI_MADT_PCAT_COMPAT ? ", 8259 PICs present" : "");
	for (uint32_t i = 0; i < m->override_count; i++) {
		struct acpi_irq_route r = acpi_isa_irq(m, m->overrides[i].irq);
		kprintf("acpi:   ISA IRQ %u -> GSI %u, %s, active %s\n", m->overrides[i].irq, r.gsi,
			r.level ? "level" : "edge", r.active_low ? "low" : "high");
	}
}

const struct acpi_madt *acpi_madt(void)
{
	return parsed && info.madt.present ? &info.madt : NULL;
}
