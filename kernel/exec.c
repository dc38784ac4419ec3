/*
 * The ELF loader: segments, the user stack, the heap (kernel/exec.h).
 *
 * elf_check() (kernel/elf.c) has validated every field before anything is
 * mapped: segments inside the user half, not overlapping, filesz <= memsz,
 * the entry in an executable segment.  The loader copies each segment into
 * fresh frames through the direct map (never through user addresses, so
 * SMAP does not get in the way) and maps them with the segment's rights:
 * writable only with PF_W, executable only with PF_X.
 *
 * The stack the program starts with, as Linux lays it out (System V
 * x86-64 psABI §3.4.1; Linux fs/binfmt_elf.c create_elf_tables):
 *
 *	USER_STACK_TOP
 *	  argv strings           "/bin/t_syscalls\0" ...
 *	  16 random bytes        <- AT_RANDOM
 *	  (padding to 16)
 *	  auxv                   pairs (type, value), ending with AT_NULL
 *	  envp                   NULL (no environment)
 *	  argv[0..argc-1], NULL
 *	  argc                   <- RSP at entry, 16-byte aligned
 */
#include "kernel/exec.h"
#include "arch/x86_64/insn/clear_page.h"
#include "kernel/addr.h"
#include "kernel/elf.h"
#include "kernel/errno.h"
#include "kernel/mm/pmm.h"
#include "kernel/panic.h"
#include "kernel/printf.h"
#include "kernel/random.h"
#include "kernel/string.h"

/* Auxiliary vector types (Linux include/uapi/linux/auxvec.h). */
#define AT_NULL		0
#define AT_PHDR		3
#define AT_PHENT	4
#define AT_PHNUM	5
#define AT_PAGESZ	6
#define AT_ENTRY	9
#define AT_RANDOM	25
#define AUXV_ENTRIES	7

/* The argument strings, pointers and auxv must fit in the top page. */
#define ARGS_MAX_BYTES	(PAGE_SIZE - 512)


/* Map a zeroed frame at va with flags; its kernel alias through *page. */
static int map_zeroed(struct addr_space *as, uint64_t va, unsigned flags, uint8_t **page)
{
	uint64_t frame = pmm_alloc();
	if (!frame)
		return -ENOMEM;
	clear_page(phys_to_virt(frame));
	int err = vm_map(as, va, frame, flags);
	if (err) {
		pmm_free(frame);
		return err;
	}
	if (page)
		*page = phys_to_virt(frame);
	return 0;
}

static unsigned segment_flags(uint32_t elf_flags)
{
	unsigned flags = VM_USER;
	if (elf_flags & ELF_PF_W)
		flags |= VM_WRITE;
	if (!(elf_flags & ELF_PF_X))
		flags |= VM_NX;
	return flags;
}

static int load_segment(struct addr_space *as, const uint8_t *file, const struct elf_segment *s)
{
	uint64_t file_end = s->vaddr + s->filesz;
	for (uint64_t va = page_round_down(s->vaddr); va < s->vaddr + s->memsz; va += PAGE_SIZE) {
		uint8_t *page;
		int err = map_zeroed(as, va, segment_flags(s->flags), &page);
		if (err)
			return err;
		/* The part of [vaddr, vaddr + filesz) inside this page. */
		uint64_t from = va > s->vaddr ? va : s->vaddr;
		uint64_t to = va + PAGE_SIZE < file_end ? va + PAGE_SIZE : file_end;
		if (from < to)
			memcpy(page + (from - va), file + s->offset + (from - s->vaddr), to - from);
	}
	return 0;
}

/* Write n bytes at the user address va of as, through the direct map. */
static void poke(struct addr_space *as, uint64_t va, const void *src, size_t n)
{
	const uint8_t *s = src;
	while (n) {
		uint64_t pa;
		size_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
		if (chunk > n)
			chunk = n;
		bool mapped = vm_translate(as, va, &pa, NULL);
		BUG_ON(!mapped);	/* only ever called on the stack just mapped */
		memcpy(phys_to_virt(pa), s, chunk);
		va += chunk;
		s += chunk;
		n -= chunk;
	}
}

static void poke_u64(struct addr_space *as, uint64_t *va, uint64_t value)
{
	poke(as, *va, &value, sizeof(value));
	*va += sizeof(value);
}

static int build_stack(struct process *p, const struct elf_image *img, int argc,
		       const char *const *argv, uint64_t *sp)
{
	for (uint64_t va = USER_STACK_TOP - USER_STACK_SIZE; va < USER_STACK_TOP; va += PAGE_SIZE) {
		int err = map_zeroed(p->as, va, VM_USER | VM_WRITE | VM_NX, NULL);
		if (err)
			return err;
	}

	/* Strings first, from the top down, remembering where each went. */
	uint64_t pos = USER_STACK_TOP, argv_at[PROCESS_MAX_ARGS];
	size_t total = 0;
	if (argc < 0 || argc > PROCESS_MAX_ARGS)
		return -EINVAL;
	for (int i = argc - 1; i >= 0; i--) {
		size_t len = strlen(argv[i]) + 1;
		total += len;
		if (total > ARGS_MAX_BYTES)
			return -EINVAL;
		pos -= len;
		poke(p->as, pos, argv[i], len);
		argv_at[i] = pos;
	}
	uint8_t random[16];
	random_bytes(random, sizeof(random));
	pos -= sizeof(random);
	poke(p->as, pos, random, sizeof(random));
	uint64_t at_random = pos;

	/* argc, argv + NULL, envp NULL, auxv: a whole number of 16-byte
	 * units below pos, so RSP = &argc ends 16-byte aligned. */
	uint64_t words = 1 + (uint64_t)argc + 1 + 1 + 2 * AUXV_ENTRIES;
	uint64_t va = (pos - words * 8) & ~15UL;
	*sp = va;
	poke_u64(p->as, &va, (uint64_t)argc);
	for (int i = 0; i < argc; i++)
		poke_u64(p->as, &va, argv_at[i]);
	poke_u64(p->as, &va, 0);		/* end of argv */
	poke_u64(p->as, &va, 0);		/* envp: empty */
	const uint64_t auxv[AUXV_ENTRIES][2] = {
		{ AT_PHDR, img->phdr_vaddr },	{ AT_PHENT, img->phentsize },
		{ AT_PHNUM, img->phnum },	{ AT_PAGESZ, PAGE_SIZE },
		{ AT_ENTRY, img->entry },	{ AT_RANDOM, at_random },
		{ AT_NULL, 0 },
	};
	for (int i = 0; i < AUXV_ENTRIES; i++) {
		poke_u64(p->as, &va, auxv[i][0]);
		poke_u64(p->as, &va, auxv[i][1]);
	}
	return 0;
}

int exec_load(struct process *p, const void *file, size_t len, int argc,
	      const char *const *argv, uint64_t *entry, uint64_t *sp)
{
	static struct elf_image img;	/* 400 bytes: not on the kernel stack */
	char why[96];

	if (!elf_check(file, len, &img, why, sizeof(why))) {
		kprintf("exec %s: refused: %s\n", p->path, why);
		return -ENOEXEC;
	}
	p->as = as_create();
	if (!p->as)
		return -ENOMEM;

	uint64_t end = 0;
	for (uint32_t i = 0; i < img.nsegments; i++) {
		int err = load_segment(p->as, file, &img.segments[i]);
		if (err)
			return err;
		uint64_t seg_end = img.segments[i].vaddr + img.segments[i].memsz;
		if (seg_end > end)
			end = seg_end;
	}
	/* The heap begins on the page after the highest segment; brk() moves
	 * its end, and the page-fault handler maps its pages when touched. */
	p->heap_start = p->brk = page_round_up(end);

	int err = build_stack(p, &img, argc, argv, sp);
	if (err)
		return err;
	*entry = img.entry;
	return 0;
}
