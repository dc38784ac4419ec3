#include "kernel/elf.h"
#include "kernel/format.h"

/* File layout (ELF-64 Object File Format, version 1.5). */
#define EI_NIDENT	16
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define EV_CURRENT	1
#define ELFOSABI_SYSV	0
#define ELFOSABI_LINUX	3
#define ET_EXEC		2
#define ET_DYN		3
#define EM_X86_64	62
#define PT_LOAD		1
#define PT_DYNAMIC	2
#define PT_INTERP	3
#define PT_PHDR		6

struct elf64_ehdr {
	uint8_t e_ident[EI_NIDENT];
	uint16_t e_type, e_machine;
	uint32_t e_version;
	uint64_t e_entry, e_phoff, e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header is 64 bytes");
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 program header is 56 bytes");

#define FAIL(...)                                        \
	do {                                             \
		ksnprintf(err, errlen, "elf: " __VA_ARGS__); \
		return false;                            \
	} while (0)

/* [start, start+len) inside [0, limit)?  Written so nothing can overflow. */
static bool range_within(uint64_t start, uint64_t len, uint64_t limit)
{
	return start <= limit && len <= limit - start;
}

static bool check_header(const struct elf64_ehdr *eh, size_t len, bool vdso, char *err,
			 size_t errlen)
{
	static const uint8_t magic[4] = { 0x7f, 'E', 'L', 'F' };
	for (int i = 0; i < 4; i++)
		if (eh->e_ident[i] != magic[i])
			FAIL("not an ELF file (bad magic)");
	if (eh->e_ident[4] != ELFCLASS64)
		FAIL("not a 64-bit ELF file (class %u)", eh->e_ident[4]);
	if (eh->e_ident[5] != ELFDATA2LSB)
		FAIL("not little-endian (data encoding %u)", eh->e_ident[5]);
	if (eh->e_ident[6] != EV_CURRENT || eh->e_version != EV_CURRENT)
		FAIL("unknown ELF version %u", eh->e_version);
	if (eh->e_ident[7] != ELFOSABI_SYSV && eh->e_ident[7] != ELFOSABI_LINUX)
		FAIL("unsupported OS ABI %u", eh->e_ident[7]);
	if (eh->e_machine != EM_X86_64)
		FAIL("not an x86-64 program (machine %u)", eh->e_machine);
	if (vdso && eh->e_type != ET_DYN)
		FAIL("not a shared object (type %u; a vDSO is ET_DYN)", eh->e_type);
	if (!vdso && eh->e_type != ET_EXEC)
		FAIL("not a static executable (type %u; anvil runs ET_EXEC only)", eh->e_type);
	if (eh->e_ehsize < sizeof(struct elf64_ehdr))
		FAIL("header size %u too small", eh->e_ehsize);
	if (eh->e_phentsize != sizeof(struct elf64_phdr))
		FAIL("program header size %u, expected %zu", eh->e_phentsize,
		     sizeof(struct elf64_phdr));
	if (eh->e_phnum == 0)
		FAIL("no program headers");
	if (!range_within(eh->e_phoff, (uint64_t)eh->e_phnum * eh->e_phentsize, len))
		FAIL("program headers (offset %lu, %u entries) lie outside the %zu-byte file",
		     (unsigned long)eh->e_phoff, eh->e_phnum, len);
	if (eh->e_phoff % 8)
		FAIL("program headers at offset %lu are not 8-byte aligned",
		     (unsigned long)eh->e_phoff);
	return true;
}

static bool check_segment(const struct elf64_phdr *ph, unsigned i, uint64_t len, bool vdso,
			  char *err, size_t errlen)
{
	if (ph->p_filesz > ph->p_memsz)
		FAIL("segment %u: file size %lu larger than memory size %lu", i,
		     (unsigned long)ph->p_filesz, (unsigned long)ph->p_memsz);
	if (!range_within(ph->p_offset, ph->p_filesz, len))
		FAIL("segment %u: bytes at offset %lu+%lu lie outside the %lu-byte file", i,
		     (unsigned long)ph->p_offset, (unsigned long)ph->p_filesz, (unsigned long)len);
	if (ph->p_memsz == 0)
		FAIL("segment %u: empty", i);
	if (vdso && (ph->p_flags & ELF_PF_W))
		FAIL("segment %u: writable (the vDSO is mapped read-only)", i);
	if (vdso && !range_within(ph->p_vaddr, ph->p_memsz, len))
		FAIL("segment %u: %lx+%lx is outside the %lu-byte image", i,
		     (unsigned long)ph->p_vaddr, (unsigned long)ph->p_memsz, (unsigned long)len);
	if (!vdso && (ph->p_vaddr < ELF_USER_MIN || !range_within(ph->p_vaddr, ph->p_memsz, USER_END)))
		FAIL("segment %u: %lx+%lx is outside the user half", i,
		     (unsigned long)ph->p_vaddr, (unsigned long)ph->p_memsz);
	if ((ph->p_vaddr ^ ph->p_offset) & (PAGE_SIZE - 1))
		FAIL("segment %u: address %lx and file offset %lx differ within a page", i,
		     (unsigned long)ph->p_vaddr, (unsigned long)ph->p_offset);
	if (ph->p_flags & ~(uint32_t)(ELF_PF_R | ELF_PF_W | ELF_PF_X))
		FAIL("segment %u: unknown flags %x", i, ph->p_flags);
	return true;
}

static bool check_file(const void *buf, size_t len, uint64_t file_size, bool vdso,
		       struct elf_image *img, char *err, size_t errlen);

bool elf_check(const void *buf, size_t len, struct elf_image *img, char *err, size_t errlen)
{
	return check_file(buf, len, len, false, img, err, errlen);
}

bool elf_check_head(const void *buf, size_t len, uint64_t file_size,
		    struct elf_image *img, char *err, size_t errlen)
{
	return check_file(buf, len, file_size, false, img, err, errlen);
}

bool elf_check_vdso(const void *buf, size_t len, struct elf_image *img, char *err, size_t errlen)
{
	return check_file(buf, len, len, true, img, err, errlen);
}

static bool check_file(const void *buf, size_t len, uint64_t file_size, bool vdso,
		       struct elf_image *img, char *err, size_t errlen)
{
	const uint8_t *file = buf;

	*img = (struct elf_image){ 0 };
	if (!buf || len < sizeof(struct elf64_ehdr))
		FAIL("file too short for an ELF header (%zu bytes)", len);
	if ((uintptr_t)buf % 8)
		FAIL("file buffer not 8-byte aligned");

	const struct elf64_ehdr *eh = buf;
	if (!check_header(eh, len, vdso, err, errlen))
		return false;

	const struct elf64_phdr *phdrs = (const struct elf64_phdr *)(file + eh->e_phoff);
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *ph = &phdrs[i];
		if (ph->p_type == PT_INTERP || (ph->p_type == PT_DYNAMIC && !vdso))
			FAIL("dynamically linked (anvil runs static executables only)");
		if (ph->p_type == PT_DYNAMIC)
			img->dynamic_vaddr = ph->p_vaddr;
		if (ph->p_type != PT_LOAD)
			continue;
		if (img->nsegments == ELF_MAX_SEGMENTS)
			FAIL("more than %d loadable segments", ELF_MAX_SEGMENTS);
		if (!check_segment(ph, i, file_size, vdso, err, errlen))
			return false;

		/* Segments are mapped in whole pages: no two may share one. */
		uint64_t start = page_round_down(ph->p_vaddr);
		uint64_t end = page_round_up(ph->p_vaddr + ph->p_memsz);
		for (uint32_t j = 0; j < img->nsegments; j++) {
			const struct elf_segment *s = &img->segments[j];
			uint64_t s_start = page_round_down(s->vaddr);
			uint64_t s_end = page_round_up(s->vaddr + s->memsz);
			if (start < s_end && s_start < end)
				FAIL("segment %u overlaps another in memory (pages %lx-%lx)", i,
				     (unsigned long)start, (unsigned long)end);
		}
		img->segments[img->nsegments++] = (struct elf_segment){
			.vaddr = ph->p_vaddr, .memsz = ph->p_memsz,
			.offset = ph->p_offset, .filesz = ph->p_filesz, .flags = ph->p_flags,
		};

		/* The program headers' address in memory, for AT_PHDR: the
		 * loaded segment whose file bytes contain them. */
		uint64_t phsize = (uint64_t)eh->e_phnum * eh->e_phentsize;
		if (eh->e_phoff >= ph->p_offset && eh->e_phoff - ph->p_offset <= ph->p_filesz &&
		    phsize <= ph->p_filesz - (eh->e_phoff - ph->p_offset))
			img->phdr_vaddr = ph->p_vaddr + (eh->e_phoff - ph->p_offset);
	}
	if (img->nsegments == 0)
		FAIL("no loadable segment");

	if (vdso) {		/* no entry point: a library */
		if (!img->dynamic_vaddr)
			FAIL("no dynamic section (a vDSO needs its symbol table)");
		img->phnum = eh->e_phnum;
		img->phentsize = eh->e_phentsize;
		return true;
	}
	bool entry_ok = false;
	for (uint32_t j = 0; j < img->nsegments; j++) {
		const struct elf_segment *s = &img->segments[j];
		if ((s->flags & ELF_PF_X) && eh->e_entry >= s->vaddr &&
		    eh->e_entry - s->vaddr < s->memsz)
			entry_ok = true;
	}
	if (!entry_ok)
		FAIL("entry point %lx is not inside an executable segment",
		     (unsigned long)eh->e_entry);

	img->entry = eh->e_entry;
	img->phnum = eh->e_phnum;
	img->phentsize = eh->e_phentsize;
	return true;
}
