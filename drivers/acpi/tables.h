/*
 * ACPI tables: from the RSDP to the MADT (ACPI Specification 6.5, §5.2
 * "ACPI System Description Tables").
 *
 * The firmware leaves a tree of tables in memory: the RSDP (which GRUB
 * copies into the multiboot2 information) points at the RSDT (32-bit
 * pointers) or, since ACPI 2.0, the XSDT (64-bit pointers); each of their
 * entries points at one table with a 36-byte common header.  anvil reads
 * one of them, the MADT ("APIC"), which lists the interrupt controllers.
 *
 * Nothing the firmware wrote is trusted: every table's signature, length
 * and checksum are checked before a byte of its body is read, and every
 * MADT entry's length before its fields.  A bad table is reported through
 * the caller's callback and skipped.  The code is plain C with no kernel
 * dependencies but ksnprintf, so tests/host/acpi_test.c and
 * tests/fuzz/fuzz_acpi.c run it on the host against crafted memory.
 */
#ifndef ANVIL_DRIVERS_ACPI_TABLES_H
#define ANVIL_DRIVERS_ACPI_TABLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ACPI_RSDP_V1_LEN	20	/* ACPI 1.0 RSDP: up to the RSDT address */
#define ACPI_RSDP_V2_LEN	36	/* ACPI 2.0+: with length, XSDT, extended checksum */
#define ACPI_HEADER_LEN		36	/* the common table header (§5.2.6) */
/* A larger table is taken as corrupt (real MADTs are a few hundred bytes,
 * the biggest tables, DSDTs, some hundred KiB). */
#define ACPI_MAX_TABLE_LEN	(4u * 1024 * 1024)

#define ACPI_MAX_TABLES		32
#define ACPI_MAX_IOAPICS	8
#define ACPI_MAX_OVERRIDES	16
#define ACPI_MAX_NMIS		8

/* MPS INTI flags of overrides and NMI entries (§5.2.12.5, Table 5.50). */
#define ACPI_INTI_POLARITY_MASK		0x3
#define ACPI_INTI_POLARITY_CONFORMS	0x0	/* as the bus says (ISA: active high) */
#define ACPI_INTI_POLARITY_HIGH		0x1
#define ACPI_INTI_POLARITY_LOW		0x3
#define ACPI_INTI_TRIGGER_SHIFT		2
#define ACPI_INTI_TRIGGER_MASK		(0x3 << ACPI_INTI_TRIGGER_SHIFT)
#define ACPI_INTI_TRIGGER_CONFORMS	(0x0 << ACPI_INTI_TRIGGER_SHIFT)	/* ISA: edge */
#define ACPI_INTI_TRIGGER_EDGE		(0x1 << ACPI_INTI_TRIGGER_SHIFT)
#define ACPI_INTI_TRIGGER_LEVEL		(0x3 << ACPI_INTI_TRIGGER_SHIFT)

/* MADT flags (§5.2.12, Table 5.44). */
#define ACPI_MADT_PCAT_COMPAT_BIT	0	/* the machine also has dual 8259 PICs */
#define ACPI_MADT_PCAT_COMPAT		(1u << ACPI_MADT_PCAT_COMPAT_BIT)

struct acpi_ioapic {
	uint8_t id;
	uint32_t addr;		/* physical address of its registers */
	uint32_t gsi_base;	/* the global system interrupt of its pin 0 */
};

/* An ISA IRQ wired to another GSI, or with other polarity/trigger. */
struct acpi_override {
	uint8_t irq;		/* the ISA IRQ (bus 0) */
	uint32_t gsi;
	uint16_t flags;		/* ACPI_INTI_* */
};

/* Which local APIC LINT pin is wired to NMI (uid 0xff: every CPU). */
struct acpi_lapic_nmi {
	uint8_t uid;
	uint8_t lint;		/* 0 or 1 */
	uint16_t flags;		/* ACPI_INTI_* */
};

struct acpi_madt {
	bool present;
	uint64_t lapic_addr;	/* with the 64-bit override entry applied */
	uint32_t flags;		/* ACPI_MADT_* */
	uint32_t cpus;		/* enabled processor local APICs */
	struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
	uint32_t ioapic_count;
	struct acpi_override overrides[ACPI_MAX_OVERRIDES];
	uint32_t override_count;
	struct acpi_lapic_nmi nmis[ACPI_MAX_NMIS];
	uint32_t nmi_count;
	uint32_t dropped;	/* entries beyond the arrays above */
};

/* One table the root table listed, good or bad. */
struct acpi_table_ref {
	char sig[5];		/* NUL-terminated; '?' for unprintable bytes */
	uint64_t phys;
	uint32_t length;
	bool ok;		/* passed the checks */
};

struct acpi_info {
	uint8_t revision;	/* the RSDP's: 0 = ACPI 1.0, 2 = ACPI 2.0 and later */
	char oem[7];
	bool xsdt;		/* tables came from the XSDT (else the RSDT) */
	uint64_t root_phys;
	struct acpi_table_ref tables[ACPI_MAX_TABLES];
	uint32_t table_count;
	uint32_t tables_dropped;	/* beyond ACPI_MAX_TABLES */
	uint32_t bad_tables;
	struct acpi_madt madt;
};

/* How the parser reaches physical memory and says what it refused. */
struct acpi_env {
	/* A pointer through which len bytes at physical address phys may be
	 * read, or NULL if that range cannot be mapped.  Pointers it returns
	 * must stay valid until acpi_parse returns. */
	const void *(*map)(void *ctx, uint64_t phys, size_t len);
	/* A table or entry was refused and skipped: msg says which and why. */
	void (*report)(void *ctx, const char *msg);
	void *ctx;
};

/*
 * Check the RSDP copy (rsdp_len bytes at rsdp) and the root table it
 * names, then every table the root lists; parse the MADT if a good one is
 * there.  Returns false with a one-line reason in err when there is no
 * usable root (bad RSDP, or neither XSDT nor RSDT passes its checks).
 */
bool acpi_parse(const struct acpi_env *env, const void *rsdp, size_t rsdp_len,
		struct acpi_info *out, char *err, size_t errlen);

/* Where an ISA IRQ arrives, with "conforms to the bus" resolved to what
 * ISA means by it: edge-triggered, active high. */
struct acpi_irq_route {
	uint32_t gsi;
	bool active_low;
	bool level;
};

/* The route of ISA IRQ irq after the MADT's overrides (without one: GSI =
 * IRQ, edge, active high). */
struct acpi_irq_route acpi_isa_irq(const struct acpi_madt *madt, unsigned irq);

#endif
