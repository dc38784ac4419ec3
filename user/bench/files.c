/*
 * The file rows (bench.h): open + close of a file in /tmp, stat of it,
 * and a 4 KiB pread at offset 0, the page already in memory.  On anvil
 * /tmp is a tmpfs mount (kernel/fs/boot_fs.c); in the Linux guest it is
 * made here, a directory of the initramfs's root, which is tmpfs too
 * (Linux's shmem, init/do_mounts.c's rootfs): both keep the file's
 * pages in memory, so no row touches a disk.
 */
#include "bench.h"

/* Linux x86-64 numbers and flags user/lib/syscall.h does not have
 * (arch/x86/entry/syscalls/syscall_64.tbl, include/uapi/asm-generic/fcntl.h). */
#define SYS_stat	4
#define SYS_pread64	17
#define SYS_mkdir	83
#define O_CREAT		0100
#define O_TRUNC		01000

#define FILE_SIZE	4096
#define ST_SIZE		6	/* st_size's index in struct stat's 8-byte words */

static char file_path[] = "/tmp/bench.file";
static unsigned long st[18];	/* struct stat: 144 bytes on x86-64 */
static int file_fd = -1;
/* The file's bytes and the read-back buffer live on bench_files()'s
 * stack, not in .bss: two more pages in the image would be two more
 * pages for every fork of the process rows to copy and every exit to
 * free (they cost 590 instructions a row when they were static). */
static char *data, *back;

/* A path walk of two names, a struct file made and dropped, a slot. */
__attribute__((noinline)) static void op_open_close(void)
{
	long fd = syscall3(SYS_open, (long)file_path, O_RDONLY, 0);

	syscall1(SYS_close, fd);
}

/* The same walk, and the inode's fields copied out. */
__attribute__((noinline)) static void op_stat(void)
{
	syscall2(SYS_stat, (long)file_path, (long)st);
}

/* One page copied out of the file's memory: the read path of docs/files.md. */
__attribute__((noinline)) static void op_pread_4k(void)
{
	syscall4(SYS_pread64, file_fd, (long)back, FILE_SIZE, 0);
}

/* /tmp/bench.file, FILE_SIZE bytes of a pattern, left open in file_fd:
 * 0, or the failing call's result with *what naming it. */
static long make_file(const char **what)
{
	long r;
	int i;

	for (i = 0; i < FILE_SIZE; i++)
		data[i] = (char)('a' + i % 26);
	r = syscall2(SYS_mkdir, (long)"/tmp", 01777);
	if (r < 0 && r != -EEXIST)
		return *what = "mkdir-tmp", r;
	r = syscall3(SYS_open, (long)file_path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (r < 0)
		return *what = "open-create", r;
	file_fd = (int)r;
	r = syscall3(SYS_write, file_fd, (long)data, FILE_SIZE);
	if (r != FILE_SIZE)
		return *what = "write-returned", r;
	return 0;
}

void bench_files(void)
{
	char data_buf[FILE_SIZE], back_buf[FILE_SIZE];
	const char *what = 0;
	long r, fd;

	data = data_buf;
	back = back_buf;
	r = make_file(&what);

	if (r) {
		report_na("open_close_tmp", what, r);
		report_na("stat_tmp", what, r);
		report_na("pread_4k_tmp", what, r);
		return;
	}

	fd = syscall3(SYS_open, (long)file_path, O_RDONLY, 0);
	r = fd < 0 ? fd : syscall1(SYS_close, fd);
	if (r == 0)
		bench_op("open_close_tmp", op_open_close);
	else
		report_na("open_close_tmp", fd < 0 ? "open-returned" : "close-returned", r);

	r = syscall2(SYS_stat, (long)file_path, (long)st);
	if (r == 0 && st[ST_SIZE] == FILE_SIZE)
		bench_op("stat_tmp", op_stat);
	else
		report_na("stat_tmp", r ? "stat-returned" : "st_size", r ? r : (long)st[ST_SIZE]);

	r = syscall4(SYS_pread64, file_fd, (long)back, FILE_SIZE, 0);
	if (r == FILE_SIZE && memcmp(back, data, FILE_SIZE) == 0)
		bench_op("pread_4k_tmp", op_pread_4k);
	else
		report_na("pread_4k_tmp", r == FILE_SIZE ? "bytes-differ" : "pread-returned", r);
}
