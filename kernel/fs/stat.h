/*
 * File types, permission bits, directory-entry types and the stat
 * structures as Linux's x86-64 ABI lays them out (include/uapi/linux/
 * stat.h, arch/x86/include/uapi/asm/stat.h, include/uapi/linux/stat.h's
 * struct statx).
 */
#ifndef ANVIL_KERNEL_FS_STAT_H
#define ANVIL_KERNEL_FS_STAT_H

#include <stdint.h>

#define S_IFMT		0170000
#define S_IFSOCK	0140000
#define S_IFLNK		0120000
#define S_IFREG		0100000
#define S_IFBLK		0060000
#define S_IFDIR		0040000
#define S_IFCHR		0020000
#define S_IFIFO		0010000
#define S_ISUID		04000
#define S_ISGID		02000
#define S_ISVTX		01000
#define S_IALLUGO	07777

#define S_ISLNK(m)	(((m) & S_IFMT) == S_IFLNK)
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)	(((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m)	(((m) & S_IFMT) == S_IFBLK)
#define S_ISFIFO(m)	(((m) & S_IFMT) == S_IFIFO)

/* getdents64's d_type (include/linux/fs_types.h). */
#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12

/* Device numbers as the old 16-bit encoding Linux still uses for small
 * numbers in st_rdev and st_dev: major << 8 | minor (new_encode_dev). */
#define MKDEV(ma, mi)	((uint64_t)(((ma) & 0xfff) << 8 | ((mi) & 0xff) | (((mi) & ~0xffu) << 12)))
#define MAJOR(d)	((unsigned)(((d) >> 8) & 0xfff))
#define MINOR(d)	((unsigned)(((d) & 0xff) | (((d) >> 12) & 0xfff00)))

/* struct stat for x86-64: 144 bytes. */
struct linux_stat {
	uint64_t st_dev;
	uint64_t st_ino;
	uint64_t st_nlink;
	uint32_t st_mode;
	uint32_t st_uid;
	uint32_t st_gid;
	uint32_t pad0;
	uint64_t st_rdev;
	int64_t st_size;
	int64_t st_blksize;
	int64_t st_blocks;
	uint64_t st_atime, st_atime_nsec;
	uint64_t st_mtime, st_mtime_nsec;
	uint64_t st_ctime, st_ctime_nsec;
	int64_t unused[3];
};
_Static_assert(sizeof(struct linux_stat) == 144, "Linux's x86-64 struct stat");

#endif
