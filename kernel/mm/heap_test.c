#include "kernel/mm/heap.h"
#include "kernel/ktest.h"
#include "kernel/mm/memhog.h"
#include "kernel/mm/pmm.h"
#include "kernel/string.h"

#define SLOTS		1024
#define STRESS_OPS	100000

static uint64_t rng_state;

/* xorshift64: a fast, repeatable pseudo-random sequence for the tests. */
static uint64_t next_random(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Mostly small blocks, some of a few KiB, now and then a large one. */
static size_t random_size(void)
{
	uint64_t r = next_random();
	switch (r % 64) {
	case 0:
		return (r >> 8) % (160 * 1024);
	case 1 ... 12:
		return (r >> 8) % 8192;
	default:
		return (r >> 8) % 512;
	}
}

static struct { unsigned char *p; size_t size; unsigned char seed; } slots[SLOTS];

static bool block_intact(unsigned i)
{
	for (size_t k = 0; k < slots[i].size; k++)
		if (slots[i].p[k] != (unsigned char)(slots[i].seed + k))
			return false;
	return true;
}

KTEST(heap, stress_random_sizes)
{
	struct heap_stats start, end;
	unsigned corrupt = 0, oom = 0;
	heap_stats(&start);
	rng_state = 0x2545f4914f6cdd1dUL;
	for (unsigned op = 0; op < STRESS_OPS; op++) {
		unsigned i = next_random() % SLOTS;
		if (slots[i].p) {
			corrupt += !block_intact(i);
			kfree(slots[i].p);
			slots[i].p = NULL;
			continue;
		}
		slots[i].size = random_size();
		slots[i].seed = (unsigned char)next_random();
		slots[i].p = kmalloc(slots[i].size);
		if (!slots[i].p) {
			oom++;
			continue;
		}
		KEXPECT_EQ((uint64_t)slots[i].p & 15, 0);
		for (size_t k = 0; k < slots[i].size; k++)
			slots[i].p[k] = (unsigned char)(slots[i].seed + k);
		if (op % 10000 == 0)
			KASSERT_TRUE(heap_check());
	}
	for (unsigned i = 0; i < SLOTS; i++)
		if (slots[i].p) {
			corrupt += !block_intact(i);
			kfree(slots[i].p);
			slots[i].p = NULL;
		}
	KEXPECT_EQ(corrupt, 0);
	KEXPECT_EQ(oom, 0);
	KEXPECT_TRUE(heap_check());
	heap_stats(&end);
	KEXPECT_EQ(end.in_use, start.in_use);
	KEXPECT_EQ(end.blocks, start.blocks);
	KEXPECT_EQ(end.large_pages, start.large_pages);
}

KTEST(heap, sizes_and_alignment)
{
	static const size_t sizes[] = { 0, 1, 15, 16, 17, 4096, HEAP_LARGE_MIN, 1 << 20 };
	struct heap_stats before, during;
	heap_stats(&before);
	void *p[8];
	for (unsigned i = 0; i < 8; i++) {
		p[i] = kmalloc(sizes[i]);
		KASSERT_TRUE(p[i] != NULL);
		KEXPECT_EQ((uint64_t)p[i] & 15, 0);
		memset(p[i], 0x11, sizes[i]);
	}
	heap_stats(&during);
	KEXPECT_EQ(during.in_use - before.in_use, 0 + 1 + 15 + 16 + 17 + 4096 + HEAP_LARGE_MIN + (1 << 20));
	KEXPECT_GT(during.large_pages, before.large_pages);
	for (unsigned i = 0; i < 8; i++)
		kfree(p[i]);
	kfree(NULL);
	heap_stats(&during);
	KEXPECT_EQ(during.in_use, before.in_use);
	KEXPECT_TRUE(heap_check());
}

KTEST(heap, kzalloc_zeroes_and_free_poisons)
{
	unsigned char *p = kmalloc(200);
	KASSERT_TRUE(p != NULL);
	memset(p, 0xee, 200);
	kfree(p);
	/* Freed memory reads as poison (the first 16 bytes hold the free
	 * list's links). */
	unsigned poisoned = 0;
	for (int i = 16; i < 200; i++)
		poisoned += p[i] == HEAP_POISON;
	KEXPECT_EQ(poisoned, 184);

	unsigned char *z = kzalloc(200);
	KASSERT_TRUE(z != NULL);
	unsigned zero = 0;
	for (int i = 0; i < 200; i++)
		zero += z[i] == 0;
	KEXPECT_EQ(zero, 200);
	kfree(z);
}

KTEST(heap, out_of_memory_returns_null)
{
	struct heap_stats before, after;
	struct memhog hog;
	heap_stats(&before);
	KEXPECT_TRUE(kmalloc((size_t)1 << 50) == NULL);

	/* Leave 64 frames: too few for a 1 MiB block, and the heap grows
	 * into them until they run out too.  Each block holds a pointer to
	 * the one before. */
	KASSERT_TRUE(memhog_take(&hog, 64));
	KEXPECT_TRUE(kmalloc(1 << 20) == NULL);
	void *list = NULL, *p;
	uint64_t small = 0;
	while ((p = kmalloc(2000)) != NULL) {
		*(void **)p = list;
		list = p;
		small++;
	}
	KEXPECT_GT(small, 64 * PAGE_SIZE / 2048 / 2);
	KEXPECT_TRUE(kzalloc(4000) == NULL);
	while (list) {
		void *next = *(void **)list;
		kfree(list);
		list = next;
	}
	memhog_give_back(&hog);
	heap_stats(&after);
	KEXPECT_EQ(after.in_use, before.in_use);
	KEXPECT_TRUE(heap_check());
	p = kmalloc(1 << 20);	/* and the heap works again */
	KEXPECT_TRUE(p != NULL);
	kfree(p);
}
