/*
 * libFuzzer harness: the ACPI table parser (drivers/acpi/tables.c) on
 * arbitrary bytes.  The input is the RSDP copy (its first 36 bytes, or
 * fewer if the input is shorter) followed by "physical memory" from
 * address 0: the tables the RSDP leads to.  Memory is copied into an
 * exactly-sized heap block and the map callback refuses ranges outside
 * it, so AddressSanitizer catches any read the parser's checks let by.
 */
#include "drivers/acpi/tables.c"
#include "kernel/format.c"

#include <stdlib.h>
#include <string.h>

struct memory {
	const uint8_t *data;
	size_t size;
};

static const void *map(void *ctx, uint64_t phys, size_t len)
{
	const struct memory *m = ctx;
	if (phys > m->size || len > m->size - phys)
		return NULL;
	return m->data + phys;
}

static void check_report(void *ctx, const char *msg)
{
	(void)ctx;
	if (msg[0] == '\0')
		abort();	/* every refusal must say why */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t rsdp_len = size < ACPI_RSDP_V2_LEN ? size : ACPI_RSDP_V2_LEN;
	uint8_t *rsdp = malloc(rsdp_len ? rsdp_len : 1);
	uint8_t *mem = malloc(size - rsdp_len ? size - rsdp_len : 1);
	if (!rsdp || !mem)
		abort();
	memcpy(rsdp, data, rsdp_len);
	memcpy(mem, data + rsdp_len, size - rsdp_len);

	struct memory m = { mem, size - rsdp_len };
	struct acpi_env env = { .map = map, .report = check_report, .ctx = &m };
	struct acpi_info info;
	char err[160];
	if (acpi_parse(&env, rsdp, rsdp_len, &info, err, sizeof(err))) {
		/* What the kernel reads after a successful parse. */
		volatile uint32_t sink = info.table_count;
		for (unsigned irq = 0; irq < 16; irq++)
			sink += acpi_isa_irq(&info.madt, irq).gsi;
		(void)sink;
	} else if (err[0] == '\0') {
		abort();
	}
	free(mem);
	free(rsdp);
	return 0;
}
