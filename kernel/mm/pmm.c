/*
 * The physical frame allocator: a bitmap with one bit per 4 KiB frame.
 *
 * pmm_init starts with every bit set ("not free") and clears the bits of
 * the available RAM in the multiboot2 memory map, except what must never
 * be handed out: the first 1 MiB (BIOS data, the
 * real-mode IVT, option ROMs), the kernel image, the boot information,
 * the modules, and the bitmap itself, which lives in a free stretch of
 * RAM below 4 GiB (the only RAM the boot page tables map).
 *
 * Right after the bitmap, in the same stretch, is the reference count of
 * every frame: a uint16_t each, 2 bytes per 4 KiB frame, so 1/2048 of RAM
 * (64 KiB for 128 MiB, 1 MiB for 2 GiB), sixteen times the bitmap.  A
 * count is 0 for a free frame, 1 from pmm_alloc on, and more when fork
 * shares the frame (pmm_ref).  The bitmap stays the allocator's truth
 * (the searches scan it 64 frames a word); the counts only say when a
 * frame given back by pmm_free is really free.
 */
#include "kernel/mm/pmm.h"
#include "arch/x86_64/insn/cpu.h"
#include "kernel/addr.h"
#include "kernel/boot.h"
#include "kernel/panic.h"
#include "kernel/printf.h"
#include "kernel/string.h"

#define LOW_MEMORY_END	0x100000UL	/* the first 1 MiB stays untouched */
#define BOOT_MAPPED_END	((uint64_t)ANVIL_BOOT_MAP_GIB << 30)
#define MAX_RESERVED	(4 + MB2_MAX_MODULES)
#define MAX_RAM_RANGES	64

/* A physical range [start, end); a reserved one has a name. */
struct range {
	uint64_t start, end;
	const char *what;
};

static uint64_t *bitmap;
static uint16_t *refcount;	/* [bitmap_frames], right after the bitmap */
static uint64_t bitmap_frames;	/* frames the bitmap covers: [0, ram_end) */
static uint64_t total_frames, free_frames;
static uint64_t next_word;	/* where the next single-frame search starts */
static struct range reserved[MAX_RESERVED];	/* page-aligned outward */
static unsigned reserved_count;
static struct range ram[MAX_RAM_RANGES];	/* usable RAM, merged, page-aligned inward */
static unsigned ram_count;

static bool frame_used(uint64_t pfn)
{
	return bitmap[pfn / 64] & (1UL << (pfn % 64));
}

/* Marks a frame handed out: in use, with one owner. */
static void set_used(uint64_t pfn)
{
	bitmap[pfn / 64] |= 1UL << (pfn % 64);
	refcount[pfn] = 1;
}

static void set_free(uint64_t pfn)
{
	bitmap[pfn / 64] &= ~(1UL << (pfn % 64));
	refcount[pfn] = 0;
}

static void reserve(uint64_t start, uint64_t end, const char *what)
{
	BUG_ON(reserved_count == MAX_RESERVED);
	reserved[reserved_count++] = (struct range){ page_round_down(start), page_round_up(end), what };
}

/* Collect the available ranges of the memory map, page-aligned inward,
 * above 1 MiB, with neighbours merged (a UEFI map lists many). */
static void collect_ram(const struct boot_info *bi)
{
	for (uint32_t i = 0; i < bi->mmap_count; i++) {
		struct mb2_mmap_entry e = mb2_mmap_entry(bi, i);
		uint64_t start = page_round_up(e.base < LOW_MEMORY_END ? LOW_MEMORY_END : e.base);
		uint64_t end = page_round_down(e.base + e.length);
		if (e.type != MB2_MEMORY_AVAILABLE || start >= end)
			continue;
		if (ram_count && ram[ram_count - 1].end == start)
			ram[ram_count - 1].end = end;
		else if (ram_count < MAX_RAM_RANGES)
			ram[ram_count++] = (struct range){ start, end, NULL };
		else
			kprintf("pmm: more than %d RAM ranges; ignoring %lx-%lx\n",
				MAX_RAM_RANGES, (unsigned long)start, (unsigned long)end - 1);
	}
}

static bool is_ram(uint64_t addr)
{
	for (unsigned i = 0; i < ram_count; i++)
		if (addr >= ram[i].start && addr < ram[i].end)
			return true;
	return false;
}

static const struct range *reserved_overlap(uint64_t start, uint64_t end)
{
	for (unsigned i = 0; i < reserved_count; i++)
		if (start < reserved[i].end && reserved[i].start < end)
			return &reserved[i];
	return NULL;
}

/* The first page-aligned spot of `size` bytes in usable RAM below 4 GiB
 * that overlaps nothing reserved. */
static uint64_t find_bitmap_home(uint64_t size)
{
	for (unsigned i = 0; i < ram_count; i++) {
		uint64_t start = ram[i].start, end = ram[i].end;
		if (end > BOOT_MAPPED_END)
			end = BOOT_MAPPED_END;
		while (start + size <= end) {
			const struct range *r = reserved_overlap(start, start + size);
			if (!r)
				return start;
			start = r->end;
		}
	}
	panic("pmm: no %lu KiB of free RAM below 4 GiB for the frame bitmap",
	      (unsigned long)(size >> 10));
}

void pmm_init(const struct boot_info *bi)
{
	collect_ram(bi);
	if (ram_count == 0)
		panic("pmm: the memory map has no usable RAM above 1 MiB");
	uint64_t ram_end = ram[ram_count - 1].end;
	for (unsigned i = 0; i < ram_count; i++)
		if (ram[i].end > ram_end)
			ram_end = ram[i].end;

	reserve((uint64_t)__boot_start_phys, virt_to_phys(__kernel_end), "kernel image");
	reserve(boot_info_phys, boot_info_phys + bi->total_size, "boot information");
	for (uint32_t i = 0; i < bi->module_count; i++)
		reserve(bi->modules[i].start, bi->modules[i].end, bi->modules[i].string);

	bitmap_frames = ram_end >> PAGE_SHIFT;
	uint64_t bitmap_bytes = page_round_up((bitmap_frames + 63) / 64 * 8);
	uint64_t ref_bytes = page_round_up(bitmap_frames * sizeof(refcount[0]));
	uint64_t bitmap_phys = find_bitmap_home(bitmap_bytes + ref_bytes);
	reserve(bitmap_phys, bitmap_phys + bitmap_bytes + ref_bytes,
		"frame bitmap and reference counts");
	bitmap = phys_to_virt(bitmap_phys);
	refcount = phys_to_virt(bitmap_phys + bitmap_bytes);
	memset(bitmap, 0xff, bitmap_bytes);
	memset(refcount, 0, ref_bytes);

	/* Free all usable RAM, then take the reserved ranges back: two
	 * passes over the frames instead of a search of the reserved list
	 * for each one, which cost millions of instructions at boot with
	 * 128 MiB (docs/syscalls-cost.md, "Boot cost"). */
	for (unsigned i = 0; i < ram_count; i++) {
		for (uint64_t pfn = ram[i].start >> PAGE_SHIFT; pfn < ram[i].end >> PAGE_SHIFT; pfn++) {
			if (frame_used(pfn)) {
				set_free(pfn);
				free_frames++;
			}
		}
	}
	for (unsigned i = 0; i < reserved_count; i++) {
		uint64_t end = reserved[i].end >> PAGE_SHIFT;
		if (end > bitmap_frames)
			end = bitmap_frames;
		for (uint64_t pfn = reserved[i].start >> PAGE_SHIFT; pfn < end; pfn++) {
			if (!frame_used(pfn)) {
				set_used(pfn);
				refcount[pfn] = 0;	/* in use, but nobody's to free */
				free_frames--;
			}
		}
	}
	total_frames = free_frames;

	/* The modules' ranges are in the boot log already. */
	kprintf("pmm: reserved: %s %lx-%lx, %s %lx-%lx, modules\n", reserved[0].what,
		(unsigned long)reserved[0].start, (unsigned long)reserved[0].end - 1,
		reserved[1].what, (unsigned long)reserved[1].start,
		(unsigned long)reserved[1].end - 1);
	kprintf("pmm: %lu frames (%lu MiB) managed, %lu free, bitmap %lu KiB at %lx\n",
		(unsigned long)total_frames, (unsigned long)(total_frames >> (20 - PAGE_SHIFT)),
		(unsigned long)free_frames, (unsigned long)(bitmap_bytes >> 10),
		(unsigned long)bitmap_phys);
	kprintf("pmm: reference counts %lu KiB at %lx\n", (unsigned long)(ref_bytes >> 10),
		(unsigned long)(bitmap_phys + bitmap_bytes));
}

uint64_t pmm_alloc(void)
{
	uint64_t flags = irq_save();
	uint64_t words = (bitmap_frames + 63) / 64;
	for (uint64_t n = 0; n < words; n++) {
		uint64_t w = (next_word + n) % words;
		if (bitmap[w] == ~0UL)
			continue;
		/* The padding bits past the last frame stay set, so the
		 * lowest clear bit is always a real frame. */
		uint64_t pfn = w * 64 + (uint64_t)__builtin_ctzll(~bitmap[w]);
		set_used(pfn);
		free_frames--;
		next_word = w;
		irq_restore(flags);
		return pfn << PAGE_SHIFT;
	}
	irq_restore(flags);
	return 0;
}

uint64_t pmm_alloc_contig(size_t n)
{
	if (n == 0)
		return 0;
	if (n == 1)
		return pmm_alloc();

	uint64_t flags = irq_save();
	uint64_t run = 0;
	for (uint64_t pfn = 0; pfn < bitmap_frames; pfn++) {
		if (pfn % 64 == 0 && bitmap[pfn / 64] == ~0UL && pfn + 64 <= bitmap_frames) {
			run = 0;
			pfn += 63;	/* a whole word in use: skip it */
			continue;
		}
		run = frame_used(pfn) ? 0 : run + 1;
		if (run == n) {
			uint64_t first = pfn + 1 - n;
			for (uint64_t f = first; f <= pfn; f++)
				set_used(f);
			free_frames -= n;
			irq_restore(flags);
			return first << PAGE_SHIFT;
		}
	}
	irq_restore(flags);
	return 0;
}

/* Panic unless the frame at addr is one the allocator has handed out;
 * `who` names the caller in the message. */
static void check_allocated(const char *who, uint64_t addr)
{
	/* The common case first: only an allocated frame has a count (the
	 * allocator sets it; reserved frames and holes keep 0).  The checks
	 * below only name what is wrong for the panic. */
	uint64_t pfn = addr >> PAGE_SHIFT;
	if (pfn < bitmap_frames && refcount[pfn] != 0)
		return;
	const struct range *r = reserved_overlap(addr, addr + PAGE_SIZE);
	if (r)
		panic("%s: frame %lx belongs to the %s, never to the allocator", who,
		      (unsigned long)addr, r->what);
	if (!is_ram(addr))
		panic("%s: frame %lx is not RAM the allocator manages", who, (unsigned long)addr);
	if (!frame_used(addr >> PAGE_SHIFT) || refcount[addr >> PAGE_SHIFT] == 0)
		panic("%s: frame %lx is not allocated (double free, or a frame never handed out)",
		      who, (unsigned long)addr);
}

void pmm_free(uint64_t phys)
{
	pmm_free_contig(phys, 1);
}

void pmm_free_contig(uint64_t phys, size_t n)
{
	if (phys & (PAGE_SIZE - 1))
		panic("pmm_free: %lx is not the start of a frame", (unsigned long)phys);

	uint64_t flags = irq_save();
	for (uint64_t pfn = phys >> PAGE_SHIFT; pfn < (phys >> PAGE_SHIFT) + n; pfn++) {
		check_allocated("pmm_free", pfn << PAGE_SHIFT);
		if (--refcount[pfn] == 0) {
			set_free(pfn);
			free_frames++;
		}
	}
	irq_restore(flags);
}

void pmm_ref(uint64_t phys)
{
	if (phys & (PAGE_SIZE - 1))
		panic("pmm_ref: %lx is not the start of a frame", (unsigned long)phys);
	uint64_t flags = irq_save();
	check_allocated("pmm_ref", phys);
	uint64_t pfn = phys >> PAGE_SHIFT;
	if (refcount[pfn] == PMM_REF_MAX)
		panic("pmm_ref: frame %lx already has %u owners", (unsigned long)phys, PMM_REF_MAX);
	refcount[pfn]++;
	irq_restore(flags);
}

unsigned pmm_refcount(uint64_t phys)
{
	uint64_t pfn = phys >> PAGE_SHIFT;
	return pfn < bitmap_frames ? refcount[pfn] : 0;
}

uint64_t pmm_total_frames(void)
{
	return total_frames;
}

uint64_t pmm_free_frames(void)
{
	return free_frames;
}

uint64_t pmm_ram_end(void)
{
	return bitmap_frames << PAGE_SHIFT;
}
