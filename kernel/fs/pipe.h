/*
 * Pipes: pipe(2), pipe2(2) and named FIFOs (kernel/fs/pipe.c;
 * docs/pipes.md).  A pipe is a 64 KiB ring of bytes with a read end and a
 * write end, each an open file of one pipefs inode (S_IFIFO | 0600).
 */
#ifndef ANVIL_KERNEL_FS_PIPE_H
#define ANVIL_KERNEL_FS_PIPE_H

#include <stddef.h>
#include <stdint.h>

struct file;
struct inode;
struct file_ops;

#define PIPE_BUF	4096		/* writes up to this are atomic (POSIX, Linux) */
#define PIPE_SIZE	(16 * 4096)	/* Linux's default capacity: 16 pages */
#define FIONREAD	0x541B		/* ioctl: bytes buffered, as an int */

/* A new pipe: its read end in *rd, its write end in *wr (one reference
 * each; flags may hold O_NONBLOCK).  0, -ENOMEM or -ENFILE. */
int pipe_create(uint32_t flags, struct file **rd, struct file **wr);

/* What open(2) of a file system's S_IFIFO inode uses: set as the inode's
 * fops, its open attaches the file to the FIFO's pipe (made at the first
 * open, freed when the last end closes).  Linux's fifo_open: O_RDONLY
 * waits for a writer and O_WRONLY for a reader, unless O_NONBLOCK
 * (then O_WRONLY with no reader is -ENXIO); O_RDWR never waits. */
extern const struct file_ops fifo_fops;

/* "pipe:[INO]" for /proc/PID/fd's links when inode is a pipe's (pipe(2),
 * not a FIFO): its length, or -EINVAL. */
long pipe_dname(const struct inode *inode, char *buf, size_t size);

#endif
