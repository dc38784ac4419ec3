/*
 * The ACPI table parser (drivers/acpi/tables.c, compiled for the host with
 * AddressSanitizer) against crafted "physical memory": a good set of
 * tables, then each kind of damage it must refuse with a clear message.
 * The memory is a heap block of exactly its size, and the map callback
 * refuses ranges outside it, so ASan catches any read the checks let by.
 */
#include "drivers/acpi/tables.c"
#include "kernel/format.c"
#include "tests/host/tap.h"

#include <stdlib.h>
#include <string.h>

#define MEM_BASE	0xe0000u	/* physical address of mem[0] */
#define MEM_SIZE	4096u
#define XSDT_OFF	0x000
#define RSDT_OFF	0x100
#define FACP_OFF	0x200
#define MADT_OFF	0x300

static uint8_t image[MEM_SIZE];		/* built here, copied to an exact block to parse */
static uint8_t rsdp[ACPI_RSDP_V2_LEN];
static uint32_t madt_len;
static char reports[2048];		/* every message the parser reported */

static void put8(uint32_t off, uint8_t v) { image[off] = v; }
static void put16(uint32_t off, uint16_t v) { memcpy(image + off, &v, 2); }
static void put32(uint32_t off, uint32_t v) { memcpy(image + off, &v, 4); }
static void put64(uint32_t off, uint64_t v) { memcpy(image + off, &v, 8); }

static uint8_t sum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;
	while (n--)
		s += *p++;
	return s;
}

/* Write a table header; fix() sets the checksum once the body is there. */
static void header(uint32_t off, const char *sig, uint32_t len)
{
	memcpy(image + off, sig, 4);
	put32(off + 4, len);
	put8(off + 8, 1);
	memcpy(image + off + 10, "ANVIL ", 6);
}

static void fix(uint32_t off)
{
	uint32_t len;
	memcpy(&len, image + off + 4, 4);
	image[off + 9] = 0;
	image[off + 9] = (uint8_t)-sum(image + off, len);
}

static void fix_rsdp(void)
{
	rsdp[8] = 0;
	rsdp[8] = (uint8_t)-sum(rsdp, ACPI_RSDP_V1_LEN);
	rsdp[32] = 0;
	rsdp[32] = (uint8_t)-sum(rsdp, ACPI_RSDP_V2_LEN);
}

/* An ACPI 2.0 machine like QEMU's: XSDT and RSDT both listing a FACP and
 * a MADT with one CPU, one IOAPIC, IRQ 0 -> GSI 2, IRQ 9 level/low, and
 * LINT1 as NMI. */
static void good(void)
{
	memset(image, 0, sizeof(image));
	memset(rsdp, 0, sizeof(rsdp));

	memcpy(rsdp, "RSD PTR ", 8);
	memcpy(rsdp + 9, "ANVIL ", 6);
	rsdp[15] = 2;
	uint32_t rsdt = MEM_BASE + RSDT_OFF;
	uint32_t len = ACPI_RSDP_V2_LEN;
	uint64_t xsdt = MEM_BASE + XSDT_OFF;
	memcpy(rsdp + 16, &rsdt, 4);
	memcpy(rsdp + 20, &len, 4);
	memcpy(rsdp + 24, &xsdt, 8);
	fix_rsdp();

	header(XSDT_OFF, "XSDT", 36 + 16);
	put64(XSDT_OFF + 36, MEM_BASE + FACP_OFF);
	put64(XSDT_OFF + 44, MEM_BASE + MADT_OFF);
	fix(XSDT_OFF);
	header(RSDT_OFF, "RSDT", 36 + 8);
	put32(RSDT_OFF + 36, MEM_BASE + FACP_OFF);
	put32(RSDT_OFF + 40, MEM_BASE + MADT_OFF);
	fix(RSDT_OFF);
	header(FACP_OFF, "FACP", 36);
	fix(FACP_OFF);

	uint32_t o = MADT_OFF + 36;
	put32(o, 0xfee00000); put32(o + 4, ACPI_MADT_PCAT_COMPAT); o += 8;
	put8(o, 0); put8(o + 1, 8); put8(o + 2, 0); put8(o + 3, 0); put32(o + 4, 1); o += 8;
	put8(o, 1); put8(o + 1, 12); put8(o + 2, 0); put32(o + 4, 0xfec00000); put32(o + 8, 0);
	o += 12;
	put8(o, 2); put8(o + 1, 10); put8(o + 2, 0); put8(o + 3, 0); put32(o + 4, 2);
	put16(o + 8, 0); o += 10;
	put8(o, 2); put8(o + 1, 10); put8(o + 2, 0); put8(o + 3, 9); put32(o + 4, 9);
	put16(o + 8, ACPI_INTI_POLARITY_LOW | ACPI_INTI_TRIGGER_LEVEL); o += 10;
	put8(o, 4); put8(o + 1, 6); put8(o + 2, 0xff); put16(o + 3, 0); put8(o + 5, 1); o += 6;
	madt_len = o - MADT_OFF;
	header(MADT_OFF, "APIC", madt_len);
	fix(MADT_OFF);
}

static const void *map(void *ctx, uint64_t phys, size_t len)
{
	const uint8_t *mem = ctx;
	if (phys < MEM_BASE || phys - MEM_BASE > MEM_SIZE || len > MEM_SIZE - (phys - MEM_BASE))
		return NULL;
	return mem + (phys - MEM_BASE);
}

static void collect(void *ctx, const char *msg)
{
	(void)ctx;
	strncat(reports, msg, sizeof(reports) - strlen(reports) - 2);
	strcat(reports, "\n");
}

/* Parse the current image from an exactly-sized copy of it. */
static bool parse(struct acpi_info *info, char *err)
{
	uint8_t *mem = malloc(MEM_SIZE);
	uint8_t *r = malloc(sizeof(rsdp));
	memcpy(mem, image, MEM_SIZE);
	memcpy(r, rsdp, sizeof(rsdp));
	reports[0] = '\0';
	err[0] = '\0';
	struct acpi_env env = { .map = map, .report = collect, .ctx = mem };
	bool ok = acpi_parse(&env, r, sizeof(rsdp), info, err, 200);
	free(r);
	free(mem);
	return ok;
}

/* The parse succeeds, no MADT is used, and a report contains want. */
static void expect_skipped(const char *name, const char *want)
{
	struct acpi_info info;
	char err[200], detail[2300];
	bool ok = parse(&info, err);
	snprintf(detail, sizeof(detail), "parse %s (%s); reports:\n%s; wanted \"%s\"",
		 ok ? "ok" : "failed", err, reports, want);
	tap_check(ok && !info.madt.present && info.bad_tables == 1 && strstr(reports, want),
		  name, detail);
}

static void expect_error(const char *name, const char *want)
{
	struct acpi_info info;
	char err[200], detail[300];
	bool ok = parse(&info, err);
	snprintf(detail, sizeof(detail), "parse %s; message \"%s\", wanted \"%s\"",
		 ok ? "succeeded" : "failed", err, want);
	tap_check(!ok && strstr(err, want), name, detail);
}

int main(void)
{
	struct acpi_info info;
	char err[200];

	good();
	bool ok = parse(&info, err);
	tap_check(ok && info.xsdt && info.table_count == 2 && info.bad_tables == 0 &&
		  reports[0] == '\0', "acpi.good_tables_parse", err);
	struct acpi_madt *m = &info.madt;
	tap_check(m->present && m->lapic_addr == 0xfee00000 && m->cpus == 1 &&
		  (m->flags & ACPI_MADT_PCAT_COMPAT), "acpi.madt_lapic_and_cpus", "");
	tap_check(m->ioapic_count == 1 && m->ioapics[0].addr == 0xfec00000 &&
		  m->ioapics[0].gsi_base == 0, "acpi.madt_ioapic", "");
	tap_check(m->nmi_count == 1 && m->nmis[0].lint == 1 && m->nmis[0].uid == 0xff,
		  "acpi.madt_lapic_nmi", "");
	struct acpi_irq_route r0 = acpi_isa_irq(m, 0), r1 = acpi_isa_irq(m, 1);
	struct acpi_irq_route r9 = acpi_isa_irq(m, 9);
	tap_check(r0.gsi == 2 && !r0.level && !r0.active_low, "acpi.override_irq0_to_gsi2", "");
	tap_check(r1.gsi == 1 && !r1.level && !r1.active_low, "acpi.irq_without_override", "");
	tap_check(r9.gsi == 9 && r9.level && r9.active_low, "acpi.override_level_low", "");

	/* ACPI 1.0: no XSDT, the RSDT's 32-bit entries. */
	good();
	rsdp[15] = 0;
	fix_rsdp();
	ok = parse(&info, err);
	tap_check(ok && !info.xsdt && info.madt.present && info.madt.ioapic_count == 1,
		  "acpi.rsdt_v1", err);

	/* A bad XSDT falls back to the RSDT, and says so. */
	good();
	image[XSDT_OFF + 20] ^= 1;
	ok = parse(&info, err);
	tap_check(ok && !info.xsdt && info.madt.present && strstr(reports, "XSDT") &&
		  strstr(reports, "trying the RSDT"), "acpi.bad_xsdt_falls_back", reports);

	good();
	rsdp[3] = 'x';
	expect_error("acpi.rsdp_bad_signature", "signature");
	good();
	rsdp[12] ^= 0x40;
	expect_error("acpi.rsdp_bad_checksum", "RSDP bad checksum");
	good();
	rsdp[33] = 1;
	expect_error("acpi.rsdp_bad_extended_checksum", "extended checksum");

	/* Both root tables bad: nothing to go on. */
	good();
	image[XSDT_OFF + 20] ^= 1;
	image[RSDT_OFF + 20] ^= 1;
	expect_error("acpi.no_usable_root", "RSDT at 0xe0100: bad checksum");

	/* The MADT itself damaged: refused with a message, parse goes on. */
	good();
	image[MADT_OFF + 40] ^= 0x10;
	expect_skipped("acpi.madt_bad_checksum", "table APIC at 0xe0300: bad checksum; skipped");

	good();
	put32(MADT_OFF + 4, 20);
	expect_skipped("acpi.madt_truncated", "length 20 out of bounds");

	/* A length that runs past the memory the map callback can reach. */
	good();
	put32(MADT_OFF + 4, MEM_SIZE);
	expect_skipped("acpi.madt_length_past_mapping", "goes past mappable memory");

	/* A root entry pointing outside mappable memory. */
	good();
	put64(XSDT_OFF + 36, 0x10000000);
	fix(XSDT_OFF);
	ok = parse(&info, err);
	tap_check(ok && info.bad_tables == 1 && info.madt.present &&
		  strstr(reports, "header cannot be mapped"), "acpi.entry_unmappable", reports);

	/* A MADT entry longer than what is left of the table: the entries
	 * before it are kept, the rest ignored. */
	good();
	put8(MADT_OFF + 44 + 8 + 12 + 1, 200);	/* the first override's length */
	fix(MADT_OFF);
	ok = parse(&info, err);
	tap_check(ok && info.madt.present && info.madt.ioapic_count == 1 &&
		  info.madt.override_count == 0 && strstr(reports, "does not fit"),
		  "acpi.madt_entry_overruns_table", reports);

	/* An IOAPIC entry too short for its fields is skipped. */
	good();
	put8(MADT_OFF + 44 + 8 + 1, 2);
	put8(MADT_OFF + 44 + 8 + 2, 0);
	/* The remaining 10 bytes of the old entry now read as entries: make
	 * them one unknown type-0x7f entry of length 10. */
	put8(MADT_OFF + 44 + 8 + 2, 0x7f);
	put8(MADT_OFF + 44 + 8 + 3, 10);
	fix(MADT_OFF);
	ok = parse(&info, err);
	tap_check(ok && info.madt.present && info.madt.ioapic_count == 0 &&
		  info.madt.override_count == 2 && strstr(reports, "length 2, needs 12"),
		  "acpi.madt_entry_too_short", reports);

	/* Every truncation of the MADT's length is refused or parsed within
	 * bounds (ASan would stop the program on an overread). */
	bool all_safe = true;
	for (uint32_t len = 0; len < madt_len; len++) {
		good();
		put32(MADT_OFF + 4, len);
		fix(MADT_OFF);
		if (!parse(&info, err))
			all_safe = false;
		if (len < 36 && info.madt.present)
			all_safe = false;
	}
	tap_check(all_safe, "acpi.every_madt_length_safe", "");

	/* Random corruption of the tables: whatever is decided, no overread.
	 * Every other round re-seals the MADT's checksum so the corruption
	 * reaches the entry parser too. */
	srand(1);
	int used = 0, refused = 0;
	for (int round = 0; round < 20000; round++) {
		good();
		for (int flips = 1 + rand() % 4; flips; flips--)
			image[rand() % (MADT_OFF + madt_len)] = (uint8_t)rand();
		uint32_t len;
		memcpy(&len, image + MADT_OFF + 4, 4);
		if (round & 1 && len <= MEM_SIZE - MADT_OFF)
			fix(MADT_OFF);
		if (parse(&info, err) && info.madt.present)
			used++;
		else
			refused++;
	}
	char detail[100];
	snprintf(detail, sizeof(detail), "%d used, %d refused", used, refused);
	tap_check(used > 0 && refused > 0, "acpi.random_corruption_no_overread", detail);

	return tap_done();
}
