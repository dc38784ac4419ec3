/* Error numbers: Linux's values (asm-generic/errno-base.h), so kernel
 * functions and, later, system calls return the same negative codes. */
#ifndef ANVIL_KERNEL_ERRNO_H
#define ANVIL_KERNEL_ERRNO_H

#define ENOENT	2	/* no such entry (nothing mapped there) */
#define ENOMEM	12	/* out of memory */
#define EEXIST	17	/* already exists (something mapped there) */
#define EINVAL	22	/* invalid argument */

#endif
