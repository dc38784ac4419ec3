#include "kernel/mm/memhog.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/pmm.h"

bool memhog_take(struct memhog *h, size_t leave)
{
	/* The array is allocated first, while there is memory for it, and
	 * the frames are not touched: cheap even with gigabytes of RAM. */
	size_t room = pmm_free_frames();
	h->count = 0;
	h->frames = kmalloc(room * sizeof(uint64_t));
	if (!h->frames)
		return false;
	while (pmm_free_frames() > leave && h->count < room) {
		uint64_t f = pmm_alloc();
		if (!f)
			break;
		h->frames[h->count++] = f;
	}
	return true;
}

void memhog_give_back(struct memhog *h)
{
	while (h->count)
		pmm_free(h->frames[--h->count]);
	kfree(h->frames);
	h->frames = NULL;
}
