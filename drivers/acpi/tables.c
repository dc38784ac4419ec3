#include "drivers/acpi/tables.h"
#include "kernel/format.h"

/* MADT interrupt controller structure types (§5.2.12, Table 5.45) and
 * the length each must have at least. */
#define MADT_LAPIC		0	/* processor local APIC, 8 bytes */
#define MADT_IOAPIC		1	/* I/O APIC, 12 bytes */
#define MADT_OVERRIDE		2	/* interrupt source override, 10 bytes */
#define MADT_LAPIC_NMI		4	/* local APIC NMI, 6 bytes */
#define MADT_LAPIC_ADDR		5	/* 64-bit local APIC address, 12 bytes */
#define MADT_BODY		44	/* header + LAPIC address + flags */
#define MADT_LAPIC_ENABLED	0x1	/* processor flags bit 0 */

/* Tables are byte-packed and may sit at any address: read fields bytewise. */
static uint32_t rd16(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t rd32(const uint8_t *p)
{
	return rd16(p) | rd16(p + 2) << 16;
}

static uint64_t rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* Every ACPI checksum: all bytes of the structure sum to 0 modulo 256. */
static bool checksum_ok(const uint8_t *p, size_t len)
{
	uint8_t sum = 0;
	for (size_t i = 0; i < len; i++)
		sum += p[i];
	return sum == 0;
}

static bool same4(const uint8_t *p, const char *sig)
{
	return p[0] == sig[0] && p[1] == sig[1] && p[2] == sig[2] && p[3] == sig[3];
}

/* A signature fit to print, whatever bytes the table holds. */
static void sig_copy(char out[5], const uint8_t *p)
{
	for (int i = 0; i < 4; i++)
		out[i] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';
	out[4] = '\0';
}

static void report(const struct acpi_env *env, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void report(const struct acpi_env *env, const char *fmt, ...)
{
	char msg[160];
	va_list ap;
	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (env->report)
		env->report(env->ctx, msg);
}

/*
 * Map the table at phys and check it (§5.2.6): the header must be
 * mappable, its length at least the header's and no more than
 * ACPI_MAX_TABLE_LEN, the whole length mappable, and the bytes must sum to
 * zero.  want is the signature required, or NULL for any.  Returns the
 * table, or NULL after writing why into why.
 */
static const uint8_t *map_table(const struct acpi_env *env, uint64_t phys, const char *want,
				char *why, size_t whylen)
{
	const uint8_t *t = env->map(env->ctx, phys, ACPI_HEADER_LEN);
	if (!t) {
		ksnprintf(why, whylen, "table at 0x%lx: header cannot be mapped",
			  (unsigned long)phys);
		return NULL;
	}
	char sig[5];
	sig_copy(sig, t);
	uint32_t len = rd32(t + 4);
	if (want && !same4(t, want)) {
		ksnprintf(why, whylen, "table at 0x%lx: signature '%s', expected '%s'",
			  (unsigned long)phys, sig, want);
		return NULL;
	}
	if (len < ACPI_HEADER_LEN || len > ACPI_MAX_TABLE_LEN) {
		ksnprintf(why, whylen, "table %s at 0x%lx: length %u out of bounds (%u..%u)", sig,
			  (unsigned long)phys, len, ACPI_HEADER_LEN, ACPI_MAX_TABLE_LEN);
		return NULL;
	}
	t = env->map(env->ctx, phys, len);
	if (!t) {
		ksnprintf(why, whylen, "table %s at 0x%lx: length %u goes past mappable memory",
			  sig, (unsigned long)phys, len);
		return NULL;
	}
	if (!checksum_ok(t, len)) {
		ksnprintf(why, whylen, "table %s at 0x%lx: bad checksum", sig, (unsigned long)phys);
		return NULL;
	}
	return t;
}

/* One MADT entry; e points at its type byte and elen (>= 2) lies inside
 * the table.  Entries shorter than their type's fields are refused. */
static void madt_entry(const struct acpi_env *env, struct acpi_madt *m, const uint8_t *e,
		       uint32_t elen, uint32_t offset)
{
	static const uint8_t min_len[] = {
		[MADT_LAPIC] = 8, [MADT_IOAPIC] = 12, [MADT_OVERRIDE] = 10,
		[MADT_LAPIC_NMI] = 6, [MADT_LAPIC_ADDR] = 12,
	};
	uint8_t type = e[0];

	if (type < sizeof(min_len) && min_len[type] && elen < min_len[type]) {
		report(env, "MADT entry type %u at offset %u: length %u, needs %u; skipped",
		       type, offset, elen, min_len[type]);
		return;
	}
	switch (type) {
	case MADT_LAPIC:
		if (rd32(e + 4) & MADT_LAPIC_ENABLED)
			m->cpus++;
		break;
	case MADT_IOAPIC:
		if (m->ioapic_count == ACPI_MAX_IOAPICS) {
			m->dropped++;
			break;
		}
		m->ioapics[m->ioapic_count++] = (struct acpi_ioapic){
			.id = e[2], .addr = rd32(e + 4), .gsi_base = rd32(e + 8),
		};
		break;
	case MADT_OVERRIDE:
		if (e[2] != 0)		/* bus 0 is ISA, the only one defined */
			break;
		if (m->override_count == ACPI_MAX_OVERRIDES) {
			m->dropped++;
			break;
		}
		m->overrides[m->override_count++] = (struct acpi_override){
			.irq = e[3], .gsi = rd32(e + 4), .flags = (uint16_t)rd16(e + 8),
		};
		break;
	case MADT_LAPIC_NMI:
		if (m->nmi_count == ACPI_MAX_NMIS) {
			m->dropped++;
			break;
		}
		m->nmis[m->nmi_count++] = (struct acpi_lapic_nmi){
			.uid = e[2], .flags = (uint16_t)rd16(e + 3), .lint = e[5],
		};
		break;
	case MADT_LAPIC_ADDR:
		m->lapic_addr = rd64(e + 4);
		break;
	default:		/* x2APIC, GIC, ...: nothing anvil uses */
		break;
	}
}

/* The MADT (§5.2.12): a 44-byte start, then variable-length entries, each
 * beginning with its type and length bytes. */
static void parse_madt(const struct acpi_env *env, const uint8_t *t, uint32_t len,
		       struct acpi_madt *m)
{
	if (len < MADT_BODY) {
		report(env, "MADT: length %u shorter than its fixed part (%u); skipped", len,
		       MADT_BODY);
		return;
	}
	*m = (struct acpi_madt){ .present = true };
	m->lapic_addr = rd32(t + 36);
	m->flags = rd32(t + 40);
	for (uint32_t off = MADT_BODY; off < len;) {
		if (len - off < 2) {
			report(env, "MADT: %u stray byte(s) at offset %u ignored", len - off, off);
			break;
		}
		uint32_t elen = t[off + 1];
		if (elen < 2 || elen > len - off) {
			report(env, "MADT entry type %u at offset %u: length %u does not fit; "
			       "rest of the MADT ignored", t[off], off, elen);
			break;
		}
		madt_entry(env, m, t + off, elen, off);
		off += elen;
	}
}

/* Check the RSDP copy (§5.2.5.3): signature, the ACPI 1.0 checksum over
 * the first 20 bytes and, from revision 2 on, the extended checksum over
 * its whole length. */
static bool check_rsdp(const uint8_t *r, size_t rsdp_len, char *err, size_t errlen)
{
	static const char sig[8] = "RSD PTR ";

	if (!r || rsdp_len < ACPI_RSDP_V1_LEN) {
		ksnprintf(err, errlen, "acpi: RSDP missing or only %u bytes", (unsigned)rsdp_len);
		return false;
	}
	for (int i = 0; i < 8; i++) {
		if (r[i] != (uint8_t)sig[i]) {
			ksnprintf(err, errlen, "acpi: RSDP signature is not 'RSD PTR '");
			return false;
		}
	}
	if (!checksum_ok(r, ACPI_RSDP_V1_LEN)) {
		ksnprintf(err, errlen, "acpi: RSDP bad checksum");
		return false;
	}
	if (r[15] >= 2) {
		uint32_t len = rsdp_len >= ACPI_RSDP_V2_LEN ? rd32(r + 20) : 0;
		if (len < ACPI_RSDP_V2_LEN || len > rsdp_len) {
			ksnprintf(err, errlen, "acpi: RSDP revision %u with length %u (copy has %u bytes)",
				  r[15], len, (unsigned)rsdp_len);
			return false;
		}
		if (!checksum_ok(r, len)) {
			ksnprintf(err, errlen, "acpi: RSDP bad extended checksum");
			return false;
		}
	}
	return true;
}

/* Check one table the root lists, record it, and parse it if it is the
 * first good MADT. */
static void visit_table(const struct acpi_env *env, uint64_t phys, struct acpi_info *out)
{
	char why[160];
	const uint8_t *t = map_table(env, phys, NULL, why, sizeof(why));

	if (!t) {
		out->bad_tables++;
		report(env, "acpi: %s; skipped", why);
	}
	if (out->table_count == ACPI_MAX_TABLES) {
		out->tables_dropped++;
		return;
	}
	struct acpi_table_ref *ref = &out->tables[out->table_count++];
	ref->phys = phys;
	ref->ok = t != NULL;
	if (!t) {
		ref->sig[0] = '\0';
		return;
	}
	sig_copy(ref->sig, t);
	ref->length = rd32(t + 4);
	if (same4(t, "APIC") && !out->madt.present)
		parse_madt(env, t, ref->length, &out->madt);
}

bool acpi_parse(const struct acpi_env *env, const void *rsdp, size_t rsdp_len,
		struct acpi_info *out, char *err, size_t errlen)
{
	const uint8_t *r = rsdp;
	char why[160];

	*out = (struct acpi_info){ 0 };
	if (!check_rsdp(r, rsdp_len, err, errlen))
		return false;
	out->revision = r[15];
	for (int i = 0; i < 6; i++)
		out->oem[i] = r[9 + i] >= 0x20 && r[9 + i] < 0x7f ? (char)r[9 + i] : '?';

	/* Prefer the XSDT (ACPI 2.0+); the RSDT is the fallback if it is bad. */
	const uint8_t *root = NULL;
	if (out->revision >= 2 && rd64(r + 24)) {
		out->root_phys = rd64(r + 24);
		root = map_table(env, out->root_phys, "XSDT", why, sizeof(why));
		if (root)
			out->xsdt = true;
		else
			report(env, "acpi: %s; trying the RSDT", why);
	}
	if (!root) {
		out->root_phys = rd32(r + 16);
		root = map_table(env, out->root_phys, "RSDT", why, sizeof(why));
		if (!root) {
			ksnprintf(err, errlen, "acpi: %s", why);
			return false;
		}
	}

	/* The root's body is an array of table addresses, 8 or 4 bytes each
	 * (not necessarily aligned); trailing bytes short of one are ignored. */
	uint32_t entry = out->xsdt ? 8 : 4;
	uint32_t count = (rd32(root + 4) - ACPI_HEADER_LEN) / entry;
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *p = root + ACPI_HEADER_LEN + i * entry;
		visit_table(env, out->xsdt ? rd64(p) : rd32(p), out);
	}
	return true;
}

struct acpi_irq_route acpi_isa_irq(const struct acpi_madt *madt, unsigned irq)
{
	struct acpi_irq_route route = { .gsi = irq };

	for (uint32_t i = 0; i < madt->override_count; i++) {
		const struct acpi_override *o = &madt->overrides[i];
		if (o->irq != irq)
			continue;
		route.gsi = o->gsi;
		route.active_low = (o->flags & ACPI_INTI_POLARITY_MASK) == ACPI_INTI_POLARITY_LOW;
		route.level = (o->flags & ACPI_INTI_TRIGGER_MASK) == ACPI_INTI_TRIGGER_LEVEL;
		break;
	}
	return route;
}
