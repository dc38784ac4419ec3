/* For the memory tests: take free frames away to make memory run out,
 * then give them back. */
#ifndef ANVIL_KERNEL_MM_MEMHOG_H
#define ANVIL_KERNEL_MM_MEMHOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct memhog {
	uint64_t *frames;	/* the frames taken (a kmalloc'd array) */
	size_t count;
};

/* Take every free frame but `leave`; false if the array did not fit. */
bool memhog_take(struct memhog *h, size_t leave);
void memhog_give_back(struct memhog *h);

#endif
