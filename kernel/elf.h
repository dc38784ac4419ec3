/*
 * Checking a program's ELF file before anything of it is loaded.
 *
 * anvil runs static ELF64 executables for x86-64 (System V ABI, "ELF-64
 * Object File Format" and the x86-64 psABI).  elf_check() reads only
 * inside the buffer it is given, validates every field the loader will
 * trust, and fills in a description of the segments to map.  It is pure C
 * and compiles for the host, where tests/host/elf_test.c feeds it broken
 * files.
 */
#ifndef ANVIL_KERNEL_ELF_H
#define ANVIL_KERNEL_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "arch/x86_64/mm/page.h"

#define ELF_MAX_SEGMENTS	16

/* Segment permissions (the ELF p_flags bits). */
#define ELF_PF_X	1
#define ELF_PF_W	2
#define ELF_PF_R	4

/* The lowest address a program may use: page 0 is never mapped, so NULL
 * dereferences fault. */
#define ELF_USER_MIN	0x1000UL
/* One past the highest: USER_END (arch/x86_64/mm/page.h). */

struct elf_segment {
	uint64_t vaddr;		/* where it goes */
	uint64_t memsz;		/* bytes in memory (the tail past filesz is zero) */
	uint64_t offset;	/* where its bytes are in the file */
	uint64_t filesz;	/* bytes taken from the file */
	uint32_t flags;		/* ELF_PF_* */
};

struct elf_image {
	uint64_t entry;
	uint64_t phdr_vaddr;	/* program headers in memory (AT_PHDR), 0 if not loaded */
	uint64_t dynamic_vaddr;	/* PT_DYNAMIC's address (a vDSO's), 0 if none */
	uint16_t phnum;		/* AT_PHNUM */
	uint16_t phentsize;	/* AT_PHENT */
	uint32_t nsegments;
	struct elf_segment segments[ELF_MAX_SEGMENTS];
};

/* Validate the file in buf[0..len) and describe it in *img.  On failure
 * returns false with a one-line reason in err ("elf: ..."). */
bool elf_check(const void *buf, size_t len, struct elf_image *img, char *err, size_t errlen);
/* The same for a file of file_size bytes of which buf holds the first
 * len (the loader reads the head of a file, not all of it): the program
 * headers must lie in buf, the segments in the file. */
bool elf_check_head(const void *buf, size_t len, uint64_t file_size,
		    struct elf_image *img, char *err, size_t errlen);

/* The kernel's vDSO image (kernel/vdso.c): the same checks, except that
 * it is a shared object (ET_DYN) with a PT_DYNAMIC and no entry point,
 * linked from address 0 (exec chooses where it goes), its segments
 * inside the image, none writable. */
bool elf_check_vdso(const void *buf, size_t len, struct elf_image *img, char *err,
		    size_t errlen);

#endif
