/* container_of: from a pointer to a member back to the struct holding it
 * (the way an embedded struct finds its owner, as in Linux). */
#ifndef ANVIL_KERNEL_CONTAINER_OF_H
#define ANVIL_KERNEL_CONTAINER_OF_H

#include <stddef.h>

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#endif
