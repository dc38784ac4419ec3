/*
 * The ELF checks (kernel/elf.c, compiled for the host under ASan/UBSan)
 * against a small valid executable built here byte by byte, and against
 * each kind of damage the loader must refuse with a clear message.
 */
#include "kernel/elf.c"
#include "kernel/format.c"
#include "tests/host/tap.h"

#include <stdlib.h>
#include <string.h>

/* A two-segment program: text (R X) at 0x400000 holding the headers and
 * code, data (R W) at 0x401000 with a bss tail. */
struct file {
	struct elf64_ehdr eh;
	struct elf64_phdr ph[3];
	uint8_t code[4096 - 64 - 3 * 56];
	uint8_t data[64];
};

static void build(struct file *f)
{
	memset(f, 0, sizeof(*f));
	memcpy(f->eh.e_ident, "\x7f" "ELF", 4);
	f->eh.e_ident[4] = ELFCLASS64;
	f->eh.e_ident[5] = ELFDATA2LSB;
	f->eh.e_ident[6] = EV_CURRENT;
	f->eh.e_type = ET_EXEC;
	f->eh.e_machine = EM_X86_64;
	f->eh.e_version = EV_CURRENT;
	f->eh.e_entry = 0x400000 + offsetof(struct file, code);
	f->eh.e_phoff = offsetof(struct file, ph);
	f->eh.e_ehsize = sizeof(struct elf64_ehdr);
	f->eh.e_phentsize = sizeof(struct elf64_phdr);
	f->eh.e_phnum = 3;
	f->ph[0] = (struct elf64_phdr){ .p_type = PT_LOAD, .p_flags = ELF_PF_R | ELF_PF_X,
		.p_offset = 0, .p_vaddr = 0x400000, .p_filesz = 4096, .p_memsz = 4096 };
	f->ph[1] = (struct elf64_phdr){ .p_type = PT_LOAD, .p_flags = ELF_PF_R | ELF_PF_W,
		.p_offset = 4096, .p_vaddr = 0x401000, .p_filesz = 64, .p_memsz = 8192 };
	f->ph[2] = (struct elf64_phdr){ .p_type = 0x6474e551 /* PT_GNU_STACK */,
		.p_flags = ELF_PF_R | ELF_PF_W };
	f->code[0] = 0xf4;	/* hlt: never run, only checked */
}

static bool check(const struct file *f, size_t len, struct elf_image *img, char *err)
{
	/* An exactly-sized heap copy, so ASan sees any read past the end. */
	void *copy = aligned_alloc(8, (len + 7) & ~(size_t)7);
	memcpy(copy, f, len);
	bool ok = elf_check(copy, len, img, err, 200);
	free(copy);
	return ok;
}

#define BROKEN(name, want, ...)                                              \
	do {                                                                 \
		build(&f);                                                   \
		__VA_ARGS__;                                                 \
		char err_[200] = "", detail_[300];                           \
		bool ok_ = check(&f, sizeof(f), &img, err_);                 \
		snprintf(detail_, sizeof(detail_), "%s; message \"%s\", wanted \"%s\"", \
			 ok_ ? "accepted" : "refused", err_, want);          \
		tap_check(!ok_ && strstr(err_, want), name, detail_);        \
	} while (0)

int main(void)
{
	static struct file f;
	struct elf_image img;
	char err[200] = "";

	build(&f);
	bool ok = check(&f, sizeof(f), &img, err);
	tap_check(ok, "elf.valid_program_accepted", err);
	tap_check(ok && img.nsegments == 2 && img.entry == f.eh.e_entry,
		  "elf.segments_and_entry_described", "");
	tap_check(ok && img.phdr_vaddr == 0x400000 + 64 && img.phnum == 3 && img.phentsize == 56,
		  "elf.program_headers_located_for_auxv", "");
	tap_check(ok && img.segments[1].filesz == 64 && img.segments[1].memsz == 8192,
		  "elf.bss_tail_kept", "");

	BROKEN("elf.bad_magic", "bad magic", f.eh.e_ident[1] = 'X');
	BROKEN("elf.32_bit_refused", "not a 64-bit", f.eh.e_ident[4] = 1);
	BROKEN("elf.big_endian_refused", "not little-endian", f.eh.e_ident[5] = 2);
	BROKEN("elf.wrong_machine", "not an x86-64", f.eh.e_machine = 3);
	BROKEN("elf.shared_object_refused", "not a static executable", f.eh.e_type = 3);
	BROKEN("elf.bad_phentsize", "program header size", f.eh.e_phentsize = 32);
	BROKEN("elf.phdrs_outside_file", "outside the", f.eh.e_phoff = sizeof(f) - 8);
	BROKEN("elf.phnum_huge", "outside the", f.eh.e_phnum = 0xffff);
	BROKEN("elf.filesz_over_memsz", "larger than memory size", f.ph[1].p_filesz = 9000);
	BROKEN("elf.segment_bytes_outside_file", "outside the", f.ph[1].p_offset = sizeof(f));
	BROKEN("elf.offset_wraps", "outside the", f.ph[1].p_offset = ~0UL - 10);
	BROKEN("elf.segment_in_kernel_half", "outside the user half",
	       f.ph[1].p_vaddr = 0xffff800000001000UL; f.ph[1].p_offset = 4096);
	BROKEN("elf.segment_wraps_user_end", "outside the user half",
	       f.ph[1].p_vaddr = 0x00007ffffffff000UL; f.ph[1].p_memsz = 0x3000);
	BROKEN("elf.segment_at_null_page", "outside the user half",
	       f.ph[1].p_vaddr = 0; f.ph[1].p_offset = 0);
	BROKEN("elf.segments_overlap", "overlaps", f.ph[1].p_vaddr = 0x400000 + 0x1000 - 0x1000);
	BROKEN("elf.misaligned_offset", "differ within a page", f.ph[1].p_offset = 4096 - 8);
	BROKEN("elf.entry_outside_code", "entry point", f.eh.e_entry = 0x401000);
	BROKEN("elf.entry_in_unmapped_space", "entry point", f.eh.e_entry = 0x10000000);
	BROKEN("elf.dynamic_refused", "dynamically linked", f.ph[2].p_type = PT_INTERP);
	BROKEN("elf.no_loadable_segment", "no loadable segment",
	       f.ph[0].p_type = 0; f.ph[1].p_type = 0);

	/* Every truncation is refused without reading past the end. */
	build(&f);
	bool all_refused = true;
	for (size_t cut = 0; cut < 4096 + 64; cut += 1) {
		char e[200];
		if (check(&f, cut, &img, e))
			all_refused = false;
	}
	tap_check(all_refused, "elf.every_truncation_refused", "");

	/* Random damage to header bytes: decisions vary, reads stay in bounds
	 * (ASan would stop the program otherwise). */
	srand(7);
	int accepted = 0, refused = 0;
	for (int round = 0; round < 50000; round++) {
		build(&f);
		for (int flips = 1 + rand() % 3; flips; flips--)
			((uint8_t *)&f)[rand() % (64 + 3 * 56)] = (uint8_t)rand();
		char e[200];
		if (check(&f, sizeof(f), &img, e))
			accepted++;
		else
			refused++;
	}
	char detail[100];
	snprintf(detail, sizeof(detail), "%d accepted, %d refused", accepted, refused);
	tap_check(accepted > 0 && refused > 0, "elf.random_damage_no_overread", detail);
	return tap_done();
}
