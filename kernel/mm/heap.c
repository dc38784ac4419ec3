/*
 * The kernel heap.  Small blocks: boundary tags (a header before the data
 * and a footer after it, each holding the block's size) let kfree merge a
 * block with its free neighbours in constant time, and free blocks sit on
 * doubly linked lists by size class (one per power of two), so kmalloc
 * looks at a few blocks, not all.  Large blocks are frame runs.
 *
 *   header (32 bytes)  | data: requested bytes, then fill | footer (16)
 *   magic size req chk | ...                              | size magic
 */
#include "kernel/mm/heap.h"
#include "arch/x86_64/insn/cpu.h"
#include "kernel/addr.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"
#include "kernel/panic.h"
#include "kernel/printf.h"
#include "kernel/string.h"

#define MAGIC_USED	0x55534544a110c8edUL
#define MAGIC_FREE	0x46524545f7eeb10cUL
#define MAGIC_LARGE	0x4c524745a110c8edUL
#define FILL		0xa5	/* between the requested bytes and the footer */
#define GROW_MIN	(64 * 1024)
#define MAX_SIZE	(1UL << 40)
#define NBINS		64

struct header {
	uint64_t magic;
	uint64_t size;		/* the whole block, header to footer */
	uint64_t requested;	/* in use: what kmalloc was asked for */
	uint64_t check;		/* magic ^ size ^ requested ^ address */
};

struct footer {
	uint64_t size;
	uint64_t magic;
};

/* A free block keeps its list links where the data would be. */
struct free_block {
	struct header h;
	struct free_block *next, *prev;
};

#define OVERHEAD	(sizeof(struct header) + sizeof(struct footer))
#define MIN_BLOCK	(OVERHEAD + 16)

static struct free_block *bins[NBINS];
static uint64_t heap_top = ANVIL_HEAP_BASE;	/* end of the mapped region */
static struct heap_stats stats;
static uint64_t small_in_use;	/* the part of stats.in_use heap_check can see */

/* x rounded up to a multiple of to, a power of two (pages: page_round_up). */
static inline uint64_t round_up(uint64_t x, uint64_t to) { return (x + to - 1) & ~(to - 1); }
static inline void *data_of(struct header *h) { return h + 1; }
static inline struct footer *footer_of(struct header *h)
{
	return (struct footer *)((char *)h + h->size - sizeof(struct footer));
}
static inline uint64_t check_of(const struct header *h)
{
	return h->magic ^ h->size ^ h->requested ^ (uint64_t)h;
}

/* Size class: floor(log2(size)); sizes in one bin differ by < 2x. */
static inline unsigned bin_of(uint64_t size)
{
	return 63 - (unsigned)__builtin_clzll(size);
}

static void seal(struct header *h, uint64_t magic, uint64_t size, uint64_t requested)
{
	h->magic = magic;
	h->size = size;
	h->requested = requested;
	h->check = check_of(h);
	*footer_of(h) = (struct footer){ size, magic };
}

static void bin_insert(struct free_block *b)
{
	unsigned i = bin_of(b->h.size);
	b->prev = NULL;
	b->next = bins[i];
	if (bins[i])
		bins[i]->prev = b;
	bins[i] = b;
}

static void bin_remove(struct free_block *b)
{
	if (b->prev)
		b->prev->next = b->next;
	else
		bins[bin_of(b->h.size)] = b->next;
	if (b->next)
		b->next->prev = b->prev;
}

/* Make [h, h + size) one free block, merged with free neighbours. */
static void release(struct header *h, uint64_t size)
{
	if ((uint64_t)h + size < heap_top) {
		struct header *next = (struct header *)((char *)h + size);
		if (next->magic == MAGIC_FREE) {
			bin_remove((struct free_block *)next);
			size += next->size;
		}
	}
	if ((uint64_t)h > ANVIL_HEAP_BASE) {
		struct footer *pf = (struct footer *)h - 1;
		if (pf->magic == MAGIC_FREE) {
			struct header *prev = (struct header *)((char *)h - pf->size);
			bin_remove((struct free_block *)prev);
			size += prev->size;
			h = prev;
		}
	}
	seal(h, MAGIC_FREE, size, 0);
	bin_insert((struct free_block *)h);
}

/* Map at least `need` more bytes at the top and add them as free. */
static bool grow(uint64_t need)
{
	uint64_t bytes = page_round_up(need > GROW_MIN ? need : GROW_MIN);
	if (bytes > ANVIL_HEAP_END - heap_top)
		return false;
	for (uint64_t off = 0; off < bytes; off += PAGE_SIZE) {
		uint64_t frame = pmm_alloc();
		if (!frame || vm_map(&kernel_as, heap_top + off, frame,
				     VM_WRITE | VM_NX | VM_GLOBAL) != 0) {
			if (frame)
				pmm_free(frame);
			/* Undo this growth: the heap stays as it was. */
			while (off) {
				off -= PAGE_SIZE;
				vm_unmap(&kernel_as, heap_top + off, &frame);
				pmm_free(frame);
			}
			return false;
		}
	}
	struct header *h = (struct header *)heap_top;
	heap_top += bytes;
	stats.mapped += bytes;
	release(h, bytes);
	return true;
}

/* The first free block of at least size bytes, taken off its list. */
static struct free_block *take_fit(uint64_t size)
{
	for (struct free_block *b = bins[bin_of(size)]; b; b = b->next)
		if (b->h.size >= size) {
			bin_remove(b);
			return b;
		}
	for (unsigned i = bin_of(size) + 1; i < NBINS; i++)
		if (bins[i]) {
			struct free_block *b = bins[i];
			bin_remove(b);
			return b;
		}
	return NULL;
}

/* Fill the gap between the requested bytes and the footer, so kfree can
 * see an overrun that stopped short of the footer. */
static void *finish(struct header *h, uint64_t magic, uint64_t size, uint64_t requested)
{
	seal(h, magic, size, requested);
	memset((char *)data_of(h) + requested, FILL, size - OVERHEAD - requested);
	stats.in_use += requested;
	stats.blocks++;
	return data_of(h);
}

static void *alloc_large(uint64_t size, uint64_t requested)
{
	uint64_t pages = page_round_up(size) >> PAGE_SHIFT;
	uint64_t phys = pmm_alloc_contig(pages);
	if (!phys)
		return NULL;
	stats.large_pages += pages;
	return finish(phys_to_virt(phys), MAGIC_LARGE, size, requested);
}

void *kmalloc(size_t requested)
{
	if (requested > MAX_SIZE)
		return NULL;
	uint64_t size = round_up(requested ? requested : 1, 16) + OVERHEAD;
	uint64_t irq = irq_save();
	void *p = NULL;
	if (size >= HEAP_LARGE_MIN) {
		p = alloc_large(size, requested);
	} else {
		struct free_block *b = take_fit(size);
		if (!b && grow(size))
			b = take_fit(size);
		if (b) {
			/* Seal the block before freeing its tail: release()
			 * looks at the footer just before the tail. */
			struct header *h = &b->h;
			uint64_t rest = h->size - size;
			if (rest < MIN_BLOCK)
				size = h->size;
			p = finish(h, MAGIC_USED, size, requested);
			if (rest >= MIN_BLOCK)
				release((struct header *)((char *)h + size), rest);
			small_in_use += requested;
		}
	}
	irq_restore(irq);
	return p;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);
	if (p)
		memset(p, 0, size);
	return p;
}

/* Is h a live block whose canaries are intact?  Panics naming it if not. */
static void verify(void *p, struct header *h)
{
	if (h->magic == MAGIC_FREE)
		panic("kfree(%p): double free (the block is already free)", p);
	if ((h->magic != MAGIC_USED && h->magic != MAGIC_LARGE) || h->check != check_of(h))
		panic("kfree(%p): header overwritten (an underrun?) or not a kmalloc pointer "
		      "(magic %lx)", p, (unsigned long)h->magic);
	struct footer *f = footer_of(h);
	if (f->magic != h->magic || f->size != h->size)
		panic("kfree(%p): footer overwritten: overrun past the %lu bytes allocated",
		      p, (unsigned long)h->requested);
	const unsigned char *fill = (const unsigned char *)p + h->requested;
	for (const unsigned char *c = fill; c < (const unsigned char *)f; c++)
		if (*c != FILL)
			panic("kfree(%p): overrun: byte %lu written, past the %lu bytes allocated",
			      p, (unsigned long)(c - (const unsigned char *)p),
			      (unsigned long)h->requested);
}

void kfree(void *p)
{
	if (!p)
		return;
	uint64_t va = (uint64_t)p;
	struct header *h = (struct header *)p - 1;
	bool small = va > ANVIL_HEAP_BASE && va < heap_top;
	if (!small && !(va > ANVIL_DIRECT_MAP && va < ANVIL_DIRECT_MAP + pmm_ram_end()))
		panic("kfree(%p): not a kmalloc pointer (outside the heap)", p);
	if ((va & 15) || (!small && ((uint64_t)h & (PAGE_SIZE - 1))))
		panic("kfree(%p): not a kmalloc pointer (misaligned)", p);

	uint64_t irq = irq_save();
	verify(p, h);
	stats.in_use -= h->requested;
	stats.blocks--;
	if (h->magic == MAGIC_LARGE) {
		uint64_t pages = page_round_up(h->size) >> PAGE_SHIFT;
		h->magic = MAGIC_FREE;	/* a second kfree sees "double free" */
		memset(p, HEAP_POISON, h->size - sizeof(*h));
		stats.large_pages -= pages;
		pmm_free_contig(virt_to_phys(h), pages);
	} else {
		small_in_use -= h->requested;
		memset(p, HEAP_POISON, h->size - OVERHEAD);
		release(h, h->size);
	}
	irq_restore(irq);
}

void heap_stats(struct heap_stats *out)
{
	uint64_t irq = irq_save();
	*out = stats;
	irq_restore(irq);
}

static bool bad(const char *what, const void *block)
{
	kprintf("heap_check: block %p: %s\n", block, what);
	return false;
}

bool heap_check(void)
{
	uint64_t irq = irq_save();
	bool ok = true;
	uint64_t free_blocks = 0, listed = 0, in_use = 0;
	bool prev_free = false;
	for (uint64_t a = ANVIL_HEAP_BASE; ok && a < heap_top;) {
		struct header *h = (struct header *)a;
		if (h->magic != MAGIC_USED && h->magic != MAGIC_FREE)
			ok = bad("bad magic", h);
		else if (h->check != check_of(h) || h->size < MIN_BLOCK || h->size % 16 ||
			 a + h->size > heap_top)
			ok = bad("bad header", h);
		else if (footer_of(h)->size != h->size || footer_of(h)->magic != h->magic)
			ok = bad("footer does not match header", h);
		else if (h->magic == MAGIC_FREE && prev_free)
			ok = bad("two free blocks in a row (not merged)", h);
		if (!ok)
			break;
		prev_free = h->magic == MAGIC_FREE;
		free_blocks += prev_free;
		if (!prev_free)
			in_use += h->requested;
		a += h->size;
	}
	for (unsigned i = 0; ok && i < NBINS; i++)
		for (struct free_block *b = bins[i]; ok && b; b = b->next, listed++)
			if (b->h.magic != MAGIC_FREE || bin_of(b->h.size) != i ||
			    (b->next && b->next->prev != b))
				ok = bad("bad free-list entry", b);
	if (ok && listed != free_blocks)
		ok = bad("free lists and blocks disagree", (void *)ANVIL_HEAP_BASE);
	if (ok && in_use != small_in_use)
		ok = bad("bytes in use disagree with the count", (void *)ANVIL_HEAP_BASE);
	irq_restore(irq);
	return ok;
}
