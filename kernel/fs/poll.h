/*
 * poll, select and the poll_table a file's poll method is given
 * (kernel/fs/poll.c; docs/pipes.md, "poll").
 *
 * A file's fops->poll(f, pt) says which events hold now and, when pt is
 * not NULL, calls poll_wait(f, wq, pt) for each wait queue whose wake_up
 * signals a change -- Linux's f_op->poll contract:
 *
 *	static unsigned pipe_poll(struct file *f, struct poll_table *pt)
 *	{
 *		poll_wait(f, &pipe->rd_wait, pt);
 *		return pipe->len ? POLLIN | POLLRDNORM : 0;
 *	}
 *
 * fops->poll is called with interrupts off and must not sleep (as the
 * condition of wait_event_interruptible, kernel/wait.h).
 */
#ifndef ANVIL_KERNEL_FS_POLL_H
#define ANVIL_KERNEL_FS_POLL_H

#include <stdint.h>
#include "kernel/wait.h"

struct file;

/* Linux's values (include/uapi/asm-generic/poll.h). */
#define POLLIN		0x0001
#define POLLPRI		0x0002
#define POLLOUT		0x0004
#define POLLERR		0x0008
#define POLLHUP		0x0010
#define POLLNVAL	0x0020
#define POLLRDNORM	0x0040
#define POLLRDBAND	0x0080
#define POLLWRNORM	0x0100
#define POLLWRBAND	0x0200

/* What a file with no poll method reports: Linux's DEFAULT_POLLMASK. */
#define DEFAULT_POLLMASK	(POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

/* The wait entries of one poll or select call: one per (file, queue)
 * registered, cap of them (on the caller's stack for a few files, else
 * from the heap).  Past cap the call is still right but looks at its
 * files again at every tick (full: see poll.c). */
struct poll_table {
	unsigned n, cap;		/* entries in use, entries there are */
	bool full;			/* a queue could not be registered */
	struct wait_entry *entry;
};

/* From a file's poll method: wake this poller when wq is woken.  pt NULL:
 * nothing (a second look at the files, or a caller that only asks). */
void poll_wait(struct file *f, struct wait_queue *wq, struct poll_table *pt);

/* The events of f now (its poll method, or DEFAULT_POLLMASK), registering
 * on its queues if pt is not NULL. */
unsigned file_poll(struct file *f, struct poll_table *pt);

#endif
