/*
 * libFuzzer harness: the kernel's multiboot2 parser on arbitrary bytes.
 * The input is copied into an exactly-sized, 8-byte-aligned heap block so
 * AddressSanitizer catches any read past what the parser was allowed.
 */
#include "kernel/multiboot2.c"
#include "kernel/format.c"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = aligned_alloc(8, (size + 7) & ~(size_t)7);
	if (!copy)
		return 0;
	memcpy(copy, data, size);

	struct boot_info bi;
	char err[160];
	if (mb2_parse(copy, size, &bi, err, sizeof(err))) {
		/* Touch everything the kernel would read after a successful parse. */
		volatile size_t sink = strlen(bi.cmdline) + strlen(bi.loader_name);
		for (uint32_t i = 0; i < bi.mmap_count; i++)
			sink += mb2_mmap_entry(&bi, i).length;
		for (uint32_t i = 0; i < bi.module_count; i++)
			sink += strlen(bi.modules[i].string);
		(void)sink;
	} else if (err[0] == '\0') {
		abort();	/* every refusal must say why */
	}
	free(copy);
	return 0;
}
