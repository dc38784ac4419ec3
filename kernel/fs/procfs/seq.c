/*
 * Generated files (Linux's seq_file, in miniature): the whole text is
 * built into a kmalloc'd buffer when the file is opened, so every read
 * and lseek of one open file sees the same snapshot; the buffer goes
 * when the file is closed.
 */
#include "kernel/errno.h"
#include "kernel/fs/procfs/internal.h"
#include "kernel/mm/heap.h"
#include "kernel/string.h"

#define SEQ_FIRST	1024	/* most files are a few lines; doubling after */

static bool seq_reserve(struct seq *s, size_t n)
{
	if (s->failed)
		return false;
	if (s->len + n <= s->cap)
		return true;
	size_t cap = s->cap ? s->cap : SEQ_FIRST;
	while (cap < s->len + n)
		cap *= 2;
	char *buf = kmalloc(cap);
	if (!buf) {
		s->failed = true;
		return false;
	}
	if (s->len)
		memcpy(buf, s->buf, s->len);
	kfree(s->buf);
	s->buf = buf;
	s->cap = cap;
	return true;
}

void seq_write(struct seq *s, const void *data, size_t n)
{
	if (n && seq_reserve(s, n)) {
		memcpy(s->buf + s->len, data, n);
		s->len += n;
	}
}

void seq_putc(struct seq *s, char c)
{
	seq_write(s, &c, 1);
}

static void seq_sink(void *ctx, const char *text, size_t n)
{
	seq_write(ctx, text, n);
}

static void seq_vprint(struct printer *pr, const char *fmt, va_list ap)
{
	kvformat(seq_sink, (struct seq *)pr, fmt, ap);
}

void seq_init(struct seq *s)
{
	*s = (struct seq){ .pr.vprint = seq_vprint };
}

void seq_printf(struct seq *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kvformat(seq_sink, s, fmt, ap);
	va_end(ap);
}

void seq_pad_to(struct seq *s, size_t line_start, size_t col)
{
	while (!s->failed && s->len - line_start < col)
		seq_putc(s, ' ');
}

static int seq_open(struct inode *inode, struct file *f)
{
	uint64_t key = inode_key(inode);
	const struct proc_entry *e = proc_entry_of(key);
	if (!e || !e->show)
		return -ENOENT;
	struct seq *s = kmalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	seq_init(s);
	int err = e->show(s, key);
	if (!err && s->failed)
		err = -ENOMEM;
	if (err) {
		kfree(s->buf);
		kfree(s);
		return err;
	}
	f->priv = s;
	return 0;
}

static long seq_read(struct file *f, struct io_buf buf, size_t len, uint64_t *pos)
{
	struct seq *s = f->priv;
	if (*pos >= s->len)
		return 0;
	size_t n = s->len - *pos < len ? s->len - *pos : len;
	if (io_copy_out(buf, 0, s->buf + *pos, n))
		return -EFAULT;
	*pos += n;
	return (long)n;
}

static void seq_release(struct file *f)
{
	struct seq *s = f->priv;
	if (s) {
		kfree(s->buf);
		kfree(s);
		f->priv = NULL;
	}
}

const struct file_ops proc_seq_fops = {
	.open = seq_open,
	.read = seq_read,
	.release = seq_release,
};

const struct file_ops proc_dir_fops = { 0 };
