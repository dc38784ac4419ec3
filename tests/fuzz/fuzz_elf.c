/*
 * libFuzzer harness: the program loader's ELF checks on arbitrary bytes.
 * On success, every segment it describes must really lie inside the file
 * and the user half, as the loader will trust it to.
 */
#include "kernel/elf.c"
#include "kernel/format.c"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = aligned_alloc(8, (size + 7) & ~(size_t)7);
	if (!copy)
		return 0;
	memcpy(copy, data, size);

	struct elf_image img;
	char err[160];
	if (elf_check(copy, size, &img, err, sizeof(err))) {
		for (uint32_t i = 0; i < img.nsegments; i++) {
			const struct elf_segment *s = &img.segments[i];
			if (s->offset > size || s->filesz > size - s->offset)
				abort();
			if (s->vaddr < ELF_USER_MIN || s->memsz > USER_END - s->vaddr)
				abort();
			if (s->filesz > s->memsz)
				abort();
		}
	} else if (err[0] == '\0') {
		abort();
	}
	free(copy);
	return 0;
}
