/*
 * files_names - the path walk and the name calls at their edges: a bad
 * pointer in every path and buffer argument (EFAULT), names and paths at
 * and past NAME_MAX and PATH_MAX, ENOTDIR/EISDIR/ENOTEMPTY/EEXIST/EINVAL,
 * 40 symlinks in a chain against 41 (ELOOP), the trailing-slash rules of
 * open, mkdir, rmdir, unlink, rename, symlink and link, ".." at the root,
 * the *at calls with their flags, link counts, renameat2, getcwd after an
 * ancestor's rename and in a removed directory, getdents64 with a tiny
 * buffer and after deletions, statx, utimensat, chmod/chown, truncate,
 * umask and access.  In a fresh directory under /tmp; only what every
 * Linux file system prints alike (no directory sizes, st_dev, inode
 * numbers, st_blocks).  diff.h says how the output is compared.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "diff.h"

#ifndef SYS_faccessat2
#define SYS_faccessat2 439
#endif

#define BAD ((long)8)		/* an address no program has mapped */

static char top[64];

static void show_stat(const char *path)
{
	struct stat st;
	if (lstat(path, &st))
		say("stat %s: %s", path, errname(errno));
	else
		say("stat %s: mode %06o size %lld nlink %lu uid %u gid %u", path,
		    (unsigned)st.st_mode, S_ISDIR(st.st_mode) ? 0LL : (long long)st.st_size,
		    (unsigned long)st.st_nlink, (unsigned)st.st_uid, (unsigned)st.st_gid);
}

static void touch(const char *path)
{
	close(open(path, O_CREAT | O_WRONLY, 0644));
}

static void efault(void)
{
	touch("f");
	mkdir("dir", 0755);
	char buf[64];
	say("EFAULT open: %s", outcome(syscall(SYS_openat, AT_FDCWD, BAD, O_RDONLY)));
	say("EFAULT stat path: %s", outcome(syscall(SYS_newfstatat, AT_FDCWD, BAD, buf, 0)));
	say("EFAULT stat buf: %s", outcome(syscall(SYS_newfstatat, AT_FDCWD, "f", BAD, 0)));
	say("EFAULT fstat buf: %s", outcome(syscall(SYS_fstat, 0, BAD)));
	say("EFAULT statx buf: %s", outcome(syscall(SYS_statx, AT_FDCWD, "f", 0, 0x7ff, BAD)));
	say("EFAULT mkdir: %s", outcome(syscall(SYS_mkdirat, AT_FDCWD, BAD, 0755)));
	say("EFAULT unlink: %s", outcome(syscall(SYS_unlinkat, AT_FDCWD, BAD, 0)));
	say("EFAULT rmdir: %s", outcome(syscall(SYS_unlinkat, AT_FDCWD, BAD, AT_REMOVEDIR)));
	say("EFAULT rename old: %s", outcome(syscall(SYS_renameat2, AT_FDCWD, BAD, AT_FDCWD, "g", 0)));
	say("EFAULT rename new: %s", outcome(syscall(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, BAD, 0)));
	say("EFAULT symlink target: %s", outcome(syscall(SYS_symlinkat, BAD, AT_FDCWD, "sl")));
	say("EFAULT symlink name: %s", outcome(syscall(SYS_symlinkat, "f", AT_FDCWD, BAD)));
	say("EFAULT link old: %s", outcome(syscall(SYS_linkat, AT_FDCWD, BAD, AT_FDCWD, "g", 0)));
	say("EFAULT link new: %s", outcome(syscall(SYS_linkat, AT_FDCWD, "f", AT_FDCWD, BAD, 0)));
	symlink("f", "sl");
	say("EFAULT readlink path: %s", outcome(syscall(SYS_readlinkat, AT_FDCWD, BAD, buf, 64)));
	say("EFAULT readlink buf: %s", outcome(syscall(SYS_readlinkat, AT_FDCWD, "sl", BAD, 64)));
	say("EFAULT chdir: %s", outcome(syscall(SYS_chdir, BAD)));
	say("EFAULT getcwd: %s", outcome(syscall(SYS_getcwd, BAD, 64)));
	say("EFAULT access: %s", outcome(syscall(SYS_faccessat, AT_FDCWD, BAD, F_OK)));
	say("EFAULT chmod: %s", outcome(syscall(SYS_fchmodat, AT_FDCWD, BAD, 0644)));
	say("EFAULT chown: %s", outcome(syscall(SYS_fchownat, AT_FDCWD, BAD, 0, 0, 0)));
	say("EFAULT truncate: %s", outcome(syscall(SYS_truncate, BAD, 0)));
	say("EFAULT utimensat times: %s", outcome(syscall(SYS_utimensat, AT_FDCWD, "f", BAD, 0)));
	say("EFAULT mount target: %s", outcome(syscall(SYS_mount, "none", BAD, "tmpfs", 0, 0)));
	int fd = open("f", O_RDWR);
	write(fd, "abcd", 4);
	say("EFAULT pread: %s", outcome(syscall(SYS_pread64, fd, BAD, 4, 0)));
	say("EFAULT pwrite: %s", outcome(syscall(SYS_pwrite64, fd, BAD, 4, 0)));
	say("EFAULT readv iov: %s", outcome(syscall(SYS_readv, fd, BAD, 1)));
	say("EFAULT writev iov: %s", outcome(syscall(SYS_writev, fd, BAD, 1)));
	close(fd);
	fd = open(".", O_RDONLY | O_DIRECTORY);
	say("EFAULT getdents64: %s", outcome(syscall(SYS_getdents64, fd, BAD, 4096)));
	close(fd);
	unlink("sl");
}

static void lengths(void)
{
	static char name[300], path[4200];
	memset(name, 'n', 255);
	name[255] = 0;
	say("create a 255-byte name: %s", outcome(open(name, O_CREAT | O_WRONLY, 0600)));
	say("stat it: %s", outcome(access(name, F_OK)));
	say("unlink it: %s", outcome(unlink(name)));
	name[255] = 'n';
	say("create a 256-byte name: %s", outcome(open(name, O_CREAT | O_WRONLY, 0600)));
	say("mkdir a 256-byte name: %s", outcome(mkdir(name, 0755)));
	say("stat a 256-byte name: %s", outcome(access(name, F_OK)));
	/* "././.../f": 4095 bytes reach f, 4096 (no room for the NUL in
	 * PATH_MAX) are refused before the walk. */
	for (int i = 0; i < 2047; i++)
		memcpy(path + 2 * i, "./", 2);
	strcpy(path + 4094, "f");
	say("path of 4095 bytes: %s", outcome(access(path, F_OK)));
	strcpy(path + 4094, "ff");
	say("path of 4096 bytes: %s", outcome(access(path, F_OK)));
	say("mkdir path of 4096 bytes: %s", outcome(mkdir(path, 0755)));
}

static void kinds(void)
{
	touch("file");
	mkdir("full", 0755);
	touch("full/x");
	say("open dir O_WRONLY: %s", outcome(open("full", O_WRONLY)));
	say("open dir O_RDWR: %s", outcome(open("full", O_RDWR)));
	say("open dir O_CREAT: %s", outcome(open("full", O_CREAT | O_RDONLY, 0644)));
	int d = open("full", O_RDONLY);
	char c;
	say("read a directory: %s", outcome(read(d, &c, 1)));
	close(d);
	say("open file/x: %s", outcome(open("file/x", O_RDONLY)));
	say("mkdir file/x: %s", outcome(mkdir("file/x", 0755)));
	say("mkdir over a file: %s", outcome(mkdir("file", 0755)));
	say("symlink over a file: %s", outcome(symlink("x", "file")));
	say("link over a file: %s", outcome(link("file", "file")));
	say("link a directory: %s", outcome(link("full", "full2")));
	say("rmdir non-empty: %s", outcome(rmdir("full")));
	say("rmdir file: %s", outcome(rmdir("file")));
	say("rmdir full/..: %s", outcome(rmdir("full/..")));
	say("rmdir missing: %s", outcome(rmdir("missing")));
	mkdir("empty", 0755);
	say("rename dir over non-empty dir: %s", outcome(rename("empty", "full")));
	say("rename dir into itself: %s", outcome(rename("full", "full/sub")));
	say("rename dir to itself: %s", outcome(rename("full", "full")));
	mkdir("e2", 0755);
	say("rename dir over empty dir: %s", outcome(rename("e2", "empty")));
	say("rename over .: %s", outcome(rename("empty", ".")));
	say("unlinkat bad flag: %s", outcome(unlinkat(AT_FDCWD, "file", 0x1)));
	say("close -1: %s", outcome(close(-1)));
	say("fstat 999: %s", outcome(fstat(999, &(struct stat){ 0 })));
	say("mkdirat bad dirfd: %s", outcome(mkdirat(999, "x", 0755)));
	say("mkdirat abs path, bad dirfd: %s", outcome(mkdirat(999, "/tmp", 0755)));
}

static void loops(void)
{
	touch("target");
	char name[16], to[16];
	symlink("target", "c0");
	for (int i = 1; i <= 40; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		snprintf(to, sizeof(to), "c%d", i - 1);
		symlink(to, name);
	}
	say("follow 40 links: %s", outcome(access("c39", F_OK)));
	say("follow 41 links: %s", outcome(access("c40", F_OK)));
	say("lstat c40: %s", outcome(lstat("c40", &(struct stat){ 0 })));
	say("open c40 O_NOFOLLOW: %s", outcome(open("c40", O_RDONLY | O_NOFOLLOW)));
	mkdir("ld", 0755);
	symlink("ld", "l1");
	symlink("l1/", "l2");
	symlink("../target", "ld/up");
	say("l2/up through two links: %s", outcome(access("l2/up", R_OK)));
	symlink("/", "rootlink");
	char cwd[128];
	say("chdir rootlink/..: %s", outcome(chdir("rootlink/..")));
	say("cwd is /: %s", yesno(getcwd(cwd, sizeof(cwd)) && strcmp(cwd, "/") == 0));
	struct stat a, b;
	stat("/", &a);
	stat("/../../..", &b);
	say("/../../.. is /: %s", yesno(a.st_ino == b.st_ino && a.st_dev == b.st_dev));
	chdir(top);
	say("readlink into 3 bytes: %zd", readlink("c0", cwd, 3));
	say("readlink size 0: %s", outcome(syscall(SYS_readlinkat, AT_FDCWD, "c0", cwd, 0)));
	say("readlink a directory: %s", outcome(readlink("ld", cwd, sizeof(cwd))));
}

static void slashes(void)
{
	touch("sf");
	mkdir("sd", 0755);
	say("open sf/: %s", outcome(open("sf/", O_RDONLY)));
	say("open sd/: %s", outcome(open("sd/", O_RDONLY)));
	say("open new/ O_CREAT: %s", outcome(open("snew/", O_CREAT | O_WRONLY, 0644)));
	say("open sd/ O_CREAT: %s", outcome(open("sd/", O_CREAT | O_RDONLY, 0644)));
	say("mkdir md/: %s", outcome(mkdir("md/", 0755)));
	say("mkdir md//: %s", outcome(mkdir("md//", 0755)));
	say("rmdir md/: %s", outcome(rmdir("md/")));
	say("unlink sf/: %s", outcome(unlink("sf/")));
	say("unlink sd/: %s", outcome(unlink("sd/")));
	say("unlink gone/: %s", outcome(unlink("gone/")));
	say("rename sf/ x: %s", outcome(rename("sf/", "x")));
	say("rename sf x/: %s", outcome(rename("sf", "x/")));
	say("rename sd/ sd2/: %s", outcome(rename("sd/", "sd2/")));
	say("symlink sf new/: %s", outcome(symlink("sf", "snew/")));
	say("symlink sf sd2/: %s", outcome(symlink("sf", "sd2/")));
	say("link sf new/: %s", outcome(link("sf", "snew/")));
	say("link sf/ new: %s", outcome(link("sf/", "snew")));
	symlink("sd2", "sdl");
	say("rmdir sdl/ (a link to a dir): %s", outcome(rmdir("sdl/")));
	say("unlink sdl: %s", outcome(unlink("sdl")));
	show_dir(".");
	unlink("sf");
	rmdir("sd2");
}

static void at_and_links(void)
{
	touch("lf");
	symlink("lf", "lfs");
	mkdir("ad", 0755);
	int dfd = open("ad", O_RDONLY | O_DIRECTORY);
	say("linkat the symlink itself: %s", outcome(linkat(AT_FDCWD, "lfs", dfd, "h1", 0)));
	say("linkat AT_SYMLINK_FOLLOW: %s",
	    outcome(linkat(AT_FDCWD, "lfs", dfd, "h2", AT_SYMLINK_FOLLOW)));
	say("linkat bad flag: %s", outcome(linkat(AT_FDCWD, "lfs", dfd, "h3", 0x1)));
	show_stat("ad/h1");
	show_stat("ad/h2");
	show_stat("lf");
	say("symlinkat: %s", outcome(symlinkat("../lf", dfd, "up")));
	char buf[32] = { 0 };
	say("readlinkat: %zd '%s'", readlinkat(dfd, "up", buf, sizeof(buf)), buf);
	say("mkdirat: %s", outcome(mkdirat(dfd, "sub", 0700)));
	show_stat("ad");
	say("unlinkat AT_REMOVEDIR a file: %s", outcome(unlinkat(dfd, "h2", AT_REMOVEDIR)));
	say("unlinkat AT_REMOVEDIR: %s", outcome(unlinkat(dfd, "sub", AT_REMOVEDIR)));
	show_stat("ad");
	say("unlink h2: %s", outcome(unlinkat(dfd, "h2", 0)));
	show_stat("lf");
	int fd = open("lf", O_RDONLY);
	unlink("lf");
	struct stat st;
	fstat(fd, &st);
	say("an open file unlinked: nlink %lu", (unsigned long)st.st_nlink);
	close(fd);
	touch("xa");
	mkdir("xd", 0755);
	say("renameat2 EXCHANGE file and dir: %s",
	    outcome(syscall(SYS_renameat2, AT_FDCWD, "xa", AT_FDCWD, "xd", 2)));
	show_stat("xa");
	show_stat("xd");
	say("renameat2 EXCHANGE with missing: %s",
	    outcome(syscall(SYS_renameat2, AT_FDCWD, "xa", AT_FDCWD, "nothere", 2)));
	say("renameat2 NOREPLACE to new: %s",
	    outcome(syscall(SYS_renameat2, AT_FDCWD, "xa", AT_FDCWD, "xb", 1)));
	say("renameat2 both flags: %s",
	    outcome(syscall(SYS_renameat2, AT_FDCWD, "xb", AT_FDCWD, "xd", 3)));
	say("renameat2 bad flag: %s",
	    outcome(syscall(SYS_renameat2, AT_FDCWD, "xb", AT_FDCWD, "xd", 0x100)));
	rmdir("xb");
	unlink("xd");
	close(dfd);
	unlink("ad/h1");
	unlink("ad/up");
	rmdir("ad");
	unlink("lfs");
}

static void cwd_moves(void)
{
	char cwd[256];
	mkdir("p", 0755);
	mkdir("p/q", 0755);
	chdir("p/q");
	say("rename an ancestor: %s", outcome(rename("../../p", "../../P")));
	say("getcwd ends in /P/q: %s", yesno(getcwd(cwd, sizeof(cwd)) && strlen(cwd) > 4 &&
					     !strcmp(cwd + strlen(cwd) - 4, "/P/q")));
	say("chdir ..: %s", outcome(chdir("..")));
	say("rmdir q from P: %s", outcome(rmdir("q")));
	mkdir("r", 0755);
	chdir("r");
	say("rmdir the cwd by its path: %s", outcome(rmdir("../r")));
	say("getcwd in a removed dir: %s", getcwd(cwd, sizeof(cwd)) ? "ok" : errname(errno));
	struct stat st;
	const char *r = outcome(stat(".", &st));
	say("stat . there: %s nlink %lu", r, (unsigned long)st.st_nlink);
	say("create there: %s", outcome(open("new", O_CREAT | O_WRONLY, 0644)));
	say("mkdir there: %s", outcome(mkdir("new", 0755)));
	say("chdir ..: %s", outcome(chdir("..")));
	chdir(top);
	rmdir("P");
}

static void listing(void)
{
	mkdir("ls", 0755);
	char name[32];
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "ls/n%02d", i);
		touch(name);
	}
	int fd = open("ls", O_RDONLY | O_DIRECTORY);
	char tiny[16];
	say("getdents64 into 16 bytes: %s", outcome(syscall(SYS_getdents64, fd, tiny, sizeof(tiny))));
	say("getdents64 on a file: %s",
	    outcome(syscall(SYS_getdents64, open("ls/n00", O_RDONLY), tiny, sizeof(tiny))));
	close(fd);
	for (int i = 0; i < 20; i += 2) {
		snprintf(name, sizeof(name), "ls/n%02d", i);
		unlink(name);
	}
	show_dir("ls");
	mkdir("ls/sub", 0755);
	symlink("n01", "ls/link");
	show_dir("ls");
	for (int i = 1; i < 20; i += 2) {
		snprintf(name, sizeof(name), "ls/n%02d", i);
		unlink(name);
	}
	unlink("ls/link");
	rmdir("ls/sub");
	show_dir("ls");
	rmdir("ls");
}

/* struct statx's first fields (include/uapi/linux/stat.h). */
struct statx_head {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, pad0;
	uint64_t ino, size, blocks, attributes_mask;
	struct { int64_t sec; uint32_t nsec; int32_t pad; } atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t spare[14];
};

static void attributes(void)
{
	int fd = open("at", O_CREAT | O_RDWR, 0640);
	write(fd, "abcdef", 6);
	struct statx_head sx;
	memset(&sx, 0, sizeof(sx));
	long r = syscall(SYS_statx, AT_FDCWD, "at", 0, 0x7ff /* STATX_BASIC_STATS */, &sx);
	say("statx: %s basic mask %s mode %o nlink %u size %llu", outcome(r),
	    yesno((sx.mask & 0x7ff) == 0x7ff), sx.mode, sx.nlink, (unsigned long long)sx.size);
	say("statx bad flags: %s", outcome(syscall(SYS_statx, AT_FDCWD, "at", 0x80000000, 0x7ff, &sx)));
	memset(&sx, 0, sizeof(sx));
	const char *res = outcome(syscall(SYS_statx, fd, "", 0x1000, 0x7ff, &sx));
	say("statx AT_EMPTY_PATH: %s size %llu", res, (unsigned long long)sx.size);

	struct timespec ts[2] = { { 1000000000, 500000000 }, { 1234567890, 123456789 } };
	say("utimensat: %s", outcome(utimensat(AT_FDCWD, "at", ts, 0)));
	struct stat st;
	stat("at", &st);
	say("atime %lld.%09ld mtime %lld.%09ld", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
	    (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	struct timespec omit[2] = { { 0, UTIME_OMIT }, { 42, 7 } };
	say("utimensat OMIT atime: %s", outcome(utimensat(AT_FDCWD, "at", omit, 0)));
	stat("at", &st);
	say("atime %lld.%09ld mtime %lld.%09ld", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
	    (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	time_t before = time(NULL);
	struct timespec now[2] = { { 0, UTIME_OMIT }, { 0, UTIME_NOW } };
	say("utimensat NOW mtime: %s", outcome(utimensat(AT_FDCWD, "at", now, 0)));
	stat("at", &st);
	say("atime kept %s, mtime now %s", yesno(st.st_atim.tv_sec == 1000000000),
	    yesno(st.st_mtim.tv_sec >= before - 1 && st.st_mtim.tv_sec <= time(NULL) + 1));
	struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
	say("utimensat bad nsec: %s", outcome(utimensat(AT_FDCWD, "at", bad, 0)));
	say("utimensat missing: %s", outcome(utimensat(AT_FDCWD, "nothere", ts, 0)));
	symlink("at", "atl");
	say("utimensat AT_SYMLINK_NOFOLLOW: %s", outcome(utimensat(AT_FDCWD, "atl", ts, AT_SYMLINK_NOFOLLOW)));
	lstat("atl", &st);
	say("the link's mtime %lld", (long long)st.st_mtim.tv_sec);
	stat("at", &st);
	say("the file's mtime is now's: %s", yesno(st.st_mtim.tv_sec >= before - 1));

	say("chmod 6755: %s", outcome(chmod("at", 06755)));
	show_stat("at");
	say("chown 1234:5678: %s", outcome(chown("at", 1234, 5678)));
	show_stat("at");
	say("chown -1:99: %s", outcome(chown("at", (uid_t)-1, 99)));
	show_stat("at");
	say("fchmod 0: %s", outcome(fchmod(fd, 0)));
	show_stat("at");
	say("chmod with type bits: %s", outcome(chmod("at", S_IFDIR | 0600)));
	show_stat("at");
	say("lchown the link: %s", outcome(lchown("atl", 7, 8)));
	show_stat("atl");

	/* truncate: shrink, grow, and the hole reads as zeros. */
	say("ftruncate 3: %s", outcome(ftruncate(fd, 3)));
	say("truncate 10000: %s", outcome(truncate("at", 10000)));
	static char buf[10100];
	memset(buf, 'x', sizeof(buf));
	ssize_t n = pread(fd, buf, sizeof(buf), 0);
	int zeros = 1;
	for (int i = 3; i < 10000; i++)
		zeros &= buf[i] == 0;
	say("read %zd: '%.3s' then zeros %s", n, buf, yesno(zeros));
	write(fd, "abcdef", 6);		/* at the offset: 6, over the old end */
	ftruncate(fd, 4);
	ftruncate(fd, 8);
	memset(buf, 'x', 16);
	n = pread(fd, buf, 16, 0);
	say("shrink to 4, grow to 8: %zd bytes: %d %d %d %d", n, buf[3], buf[4], buf[5], buf[7]);
	say("truncate negative: %s", outcome(ftruncate(fd, -1)));
	say("truncate a directory: %s", outcome(truncate(".", 0)));
	int ro = open("at", O_RDONLY);
	say("ftruncate a read-only fd: %s", outcome(ftruncate(ro, 0)));
	close(ro);
	close(fd);
	unlink("atl");
	unlink("at");
}

static void modes(void)
{
	mode_t old = umask(027);
	say("umask was %03o", (unsigned)old);
	mkdir("um", 0777);
	touch("um/f");
	show_stat("um");
	show_stat("um/f");
	say("umask again: %03o", (unsigned)umask(old));
	chmod("um/f", 0644);
	say("access X_OK 0644 as root: %s", outcome(access("um/f", X_OK)));
	chmod("um/f", 0744);
	say("access X_OK 0744: %s", outcome(access("um/f", X_OK)));
	say("access W_OK: %s", outcome(access("um/f", W_OK)));
	symlink("nothing", "dang");
	say("faccessat dangling: %s", outcome(syscall(SYS_faccessat, AT_FDCWD, "dang", F_OK)));
	say("faccessat2 dangling NOFOLLOW: %s",
	    outcome(syscall(SYS_faccessat2, AT_FDCWD, "dang", F_OK, AT_SYMLINK_NOFOLLOW)));
	say("faccessat2 AT_EACCESS: %s",
	    outcome(syscall(SYS_faccessat2, AT_FDCWD, "um/f", R_OK, AT_EACCESS)));
	say("faccessat2 bad flag: %s", outcome(syscall(SYS_faccessat2, AT_FDCWD, "um/f", R_OK, 0x1)));
	say("faccessat2 bad mode: %s", outcome(syscall(SYS_faccessat2, AT_FDCWD, "um/f", 8, 0)));
	int dfd = open("um", O_RDONLY | O_DIRECTORY);
	say("faccessat2 AT_EMPTY_PATH: %s",
	    outcome(syscall(SYS_faccessat2, dfd, "", F_OK, AT_EMPTY_PATH)));
	close(dfd);
	say("O_EXCL on a dangling link: %s", outcome(open("dang", O_CREAT | O_EXCL | O_WRONLY, 0644)));
	say("O_CREAT through a dangling link: %s", outcome(open("dang", O_CREAT | O_WRONLY, 0644)));
	show_stat("nothing");
	unlink("dang");
	unlink("nothing");
	unlink("um/f");
	rmdir("um");
}

int main(void)
{
	diff_start("files_names");
	umask(022);
	snprintf(top, sizeof(top), "/tmp/files_names-XXXXXX");
	if (!mkdtemp(top) || chdir(top)) {
		say("cannot make a directory in /tmp: %s", errname(errno));
		return 1;
	}
	efault();
	lengths();
	kinds();
	loops();
	slashes();
	at_and_links();
	cwd_moves();
	listing();
	attributes();
	modes();
	chdir("/");
	diff_clean(top);
	say("cleaned: %s", yesno(access(top, F_OK) != 0));
	return 0;
}
