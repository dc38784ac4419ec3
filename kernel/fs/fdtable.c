/*
 * Descriptor tables (kernel/fs/fdtable.h): an array of open files that
 * grows by doubling, and a bitmap of FD_CLOEXEC beside it.
 */
#include "kernel/errno.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/heap.h"
#include "kernel/process.h"
#include "kernel/string.h"

#define FDTABLE_FIRST	16	/* slots in a new table */

static bool table_alloc(struct fd_table *t, unsigned cap)
{
	struct file **files = kzalloc(cap * sizeof(*files));
	uint64_t *bits = kzalloc((cap + 63) / 64 * sizeof(*bits));
	if (!files || !bits) {
		kfree(files);
		kfree(bits);
		return false;
	}
	if (t->files) {
		memcpy(files, t->files, t->cap * sizeof(*files));
		memcpy(bits, t->cloexec, (t->cap + 63) / 64 * sizeof(*bits));
		kfree(t->files);
		kfree(t->cloexec);
	}
	t->files = files;
	t->cloexec = bits;
	t->cap = cap;
	return true;
}

struct fd_table *fdtable_new(void)
{
	struct fd_table *t = kzalloc(sizeof(*t));
	if (!t)
		return NULL;
	if (!table_alloc(t, FDTABLE_FIRST)) {
		kfree(t);
		return NULL;
	}
	t->refs = 1;
	return t;
}

struct fd_table *fdtable_copy(const struct fd_table *from)
{
	struct fd_table *t = kzalloc(sizeof(*t));
	if (!t)
		return NULL;
	if (!table_alloc(t, from->cap)) {
		kfree(t);
		return NULL;
	}
	t->refs = 1;
	for (unsigned i = 0; i < from->cap; i++)
		if ((t->files[i] = from->files[i]) != NULL)
			file_get(t->files[i]);
	memcpy(t->cloexec, from->cloexec, (from->cap + 63) / 64 * sizeof(uint64_t));
	return t;
}

void fdtable_put(struct fd_table *t)
{
	if (!t || --t->refs)
		return;
	for (unsigned i = 0; i < t->cap; i++)
		if (t->files[i])
			file_put(t->files[i]);
	kfree(t->files);
	kfree(t->cloexec);
	kfree(t);
}

static struct fd_table *current_table(void)
{
	return process_current()->files;
}

static void set_bit_to(uint64_t *bits, unsigned n, bool on)
{
	if (on)
		bits[n / 64] |= 1UL << (n % 64);
	else
		bits[n / 64] &= ~(1UL << (n % 64));
}

struct file *fd_file_of(const struct process *p, int fd)
{
	const struct fd_table *t = p->files;
	if (!t || fd < 0 || (unsigned)fd >= t->cap)
		return NULL;
	return t->files[fd];
}

struct file *fd_file(int fd)
{
	return fd_file_of(process_current(), fd);
}

static uint64_t nofile(void)
{
	return process_current()->rlim[RLIMIT_NOFILE].cur;
}

/* Make room for slot fd (fd < RLIMIT_NOFILE): false when out of memory. */
static bool table_reach(struct fd_table *t, unsigned fd)
{
	if (fd < t->cap)
		return true;
	unsigned cap = t->cap;
	while (cap <= fd)
		cap *= 2;
	return table_alloc(t, cap);
}

int fd_install(struct file *f, int min, bool cloexec)
{
	struct fd_table *t = current_table();
	uint64_t limit = nofile();
	if (min < 0 || (uint64_t)min >= limit)
		return -EINVAL;
	unsigned fd = (unsigned)min;
	while (fd < t->cap && t->files[fd])
		fd++;
	if (fd >= limit)
		return -EMFILE;
	if (!table_reach(t, fd))
		return -ENOMEM;
	t->files[fd] = f;
	set_bit_to(t->cloexec, fd, cloexec);
	return (int)fd;
}

int fd_install_at(struct file *f, int fd, bool cloexec)
{
	struct fd_table *t = current_table();
	if (fd < 0 || (uint64_t)fd >= nofile())
		return -EBADF;
	if (!table_reach(t, (unsigned)fd))
		return -ENOMEM;
	struct file *old = t->files[fd];
	t->files[fd] = f;
	set_bit_to(t->cloexec, (unsigned)fd, cloexec);
	if (old)
		file_put(old);
	return fd;
}

int fd_close(int fd)
{
	struct fd_table *t = current_table();
	if (fd < 0 || (unsigned)fd >= t->cap || !t->files[fd])
		return -EBADF;
	struct file *f = t->files[fd];
	t->files[fd] = NULL;
	set_bit_to(t->cloexec, (unsigned)fd, false);
	file_put(f);
	return 0;
}

bool fd_cloexec(int fd)
{
	struct fd_table *t = current_table();
	return t->cloexec[fd / 64] >> (fd % 64) & 1;
}

void fd_set_cloexec(int fd, bool on)
{
	set_bit_to(current_table()->cloexec, (unsigned)fd, on);
}

void fd_close_on_exec(struct process *p)
{
	struct fd_table *t = p->files;
	for (unsigned fd = 0; fd < t->cap; fd++) {
		if (t->files[fd] && (t->cloexec[fd / 64] >> (fd % 64) & 1)) {
			file_put(t->files[fd]);
			t->files[fd] = NULL;
		}
	}
	memset(t->cloexec, 0, (t->cap + 63) / 64 * sizeof(uint64_t));
}

unsigned fd_count(const struct process *p)
{
	const struct fd_table *t = p->files;
	unsigned n = t ? t->cap : 0;
	while (n && !t->files[n - 1])
		n--;
	return n;
}
