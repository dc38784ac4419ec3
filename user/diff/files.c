/*
 * files - the file system calls as a program sees them: create, write,
 * read, seek, stat, directories and their listing, rename, links and
 * symlinks, descriptors shared by dup, and the errno of each misuse.
 * Everything happens in a fresh directory under /tmp (mkdtemp), entered
 * with chdir, so every name printed is relative and the output is the
 * same on any Linux; user/diff/diff.h says how it is compared.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "diff.h"

static char top[64];

static const char *type_of(mode_t m)
{
	return S_ISREG(m) ? "file" : S_ISDIR(m) ? "dir" : S_ISLNK(m) ? "symlink" :
	       S_ISCHR(m) ? "chardev" : S_ISFIFO(m) ? "fifo" : "other";
}

static void show_stat(const char *what, const char *path, int follow)
{
	struct stat st;
	int r = follow ? stat(path, &st) : lstat(path, &st);
	if (r)
		say("%s %s: %s", what, path, errname(errno));
	else
		/* A directory's size is the file system's own (tmpfs counts
		 * names, ext4 blocks): not printed. */
		say("%s %s: %s mode %03o size %lld nlink %lu", what, path, type_of(st.st_mode),
		    (unsigned)(st.st_mode & 07777),
		    S_ISDIR(st.st_mode) ? 0LL : (long long)st.st_size, (unsigned long)st.st_nlink);
}

static void rw_and_seek(void)
{
	int fd = open("a", O_CREAT | O_EXCL | O_RDWR, 0644);
	say("create a: %s", outcome(fd));
	say("create a again with O_EXCL: %s", outcome(open("a", O_CREAT | O_EXCL | O_RDWR, 0644)));
	say("write 11: %zd", write(fd, "hello world", 11));
	say("lseek cur: %lld", (long long)lseek(fd, 0, SEEK_CUR));
	say("lseek set 6: %lld", (long long)lseek(fd, 6, SEEK_SET));
	char buf[32] = { 0 };
	say("read: %zd '%s'", read(fd, buf, sizeof(buf) - 1), buf);
	say("read at end: %zd", read(fd, buf, sizeof(buf)));
	say("lseek end+10: %lld", (long long)lseek(fd, 10, SEEK_END));
	say("write past end: %zd", write(fd, "!", 1));
	show_stat("stat", "a", 1);
	memset(buf, 'x', sizeof(buf));
	say("pread hole: %zd byte 15 is %d", pread(fd, buf, sizeof(buf), 0), buf[15]);
	say("lseek negative: %s", outcome(lseek(fd, -100, SEEK_SET)));
	say("lseek bad whence: %s", outcome(lseek(fd, 0, 42)));
	say("ftruncate 5: %s", outcome(ftruncate(fd, 5)));
	show_stat("stat", "a", 1);
	say("fcntl getfl: %o", fcntl(fd, F_GETFL) & ~O_LARGEFILE);
	close(fd);
	say("close again: %s", outcome(close(fd)));
	fd = open("a", O_WRONLY | O_APPEND);
	lseek(fd, 0, SEEK_SET);
	say("append: %zd", write(fd, "AB", 2));
	close(fd);
	fd = open("a", O_RDONLY);
	memset(buf, 0, sizeof(buf));
	say("after append: %zd '%s'", read(fd, buf, sizeof(buf) - 1), buf);
	say("write to read-only fd: %s", outcome(write(fd, "x", 1)));
	close(fd);
	fd = open("a", O_RDWR | O_TRUNC);
	show_stat("after O_TRUNC", "a", 1);
	close(fd);
}

static void shared_offsets(void)
{
	int fd = open("b", O_CREAT | O_RDWR, 0600);
	int d = dup(fd);
	write(fd, "0123456789", 10);
	say("dup shares the offset: %lld", (long long)lseek(d, 0, SEEK_CUR));
	say("dup has no FD_CLOEXEC: %d", fcntl(d, F_GETFD));
	int c = fcntl(fd, F_DUPFD_CLOEXEC, 20);
	say("F_DUPFD_CLOEXEC 20: fd>=20 %s, FD_CLOEXEC %d", yesno(c >= 20), fcntl(c, F_GETFD));
	say("dup2 to itself: %s", yesno(dup2(fd, fd) == fd));
	say("dup3 to itself: %s", outcome(dup3(fd, fd, 0)));
	say("dup3 bad flags: %s", outcome(dup3(fd, 30, 1)));
	int e = open("b", O_RDONLY);
	say("a second open has its own offset: %lld", (long long)lseek(e, 0, SEEK_CUR));
	close(e);
	close(c);
	close(d);
	close(fd);
	say("fstat on a closed fd: %s", outcome(fstat(fd, &(struct stat){ 0 })));
}

static void directories(void)
{
	say("mkdir d: %s", outcome(mkdir("d", 0755)));
	say("mkdir d again: %s", outcome(mkdir("d", 0755)));
	say("mkdir d/e/f: %s", outcome(mkdir("d/e/f", 0755)));
	say("mkdir d/e: %s", outcome(mkdir("d/e", 0700)));
	show_stat("stat", "d", 1);
	say("open d for writing: %s", outcome(open("d", O_WRONLY)));
	say("a as a directory: %s", outcome(open("a/x", O_RDONLY)));
	say("a/ with a trailing slash: %s", outcome(open("a/", O_RDONLY)));
	say("O_DIRECTORY on a file: %s", outcome(open("a", O_RDONLY | O_DIRECTORY)));
	say("rmdir d (not empty): %s", outcome(rmdir("d")));
	say("rmdir a (a file): %s", outcome(rmdir("a")));
	say("unlink d (a directory): %s", outcome(unlink("d")));
	say("rmdir .: %s", outcome(rmdir(".")));
	say("rename d into d/e: %s", outcome(rename("d", "d/e/x")));
	say("chdir d/e: %s", outcome(chdir("d/e")));
	char cwd[256];
	say("getcwd ends in /d/e: %s", yesno(getcwd(cwd, sizeof(cwd)) && strlen(cwd) > 4 &&
					   strcmp(cwd + strlen(cwd) - 4, "/d/e") == 0));
	say("getcwd too small: %s", getcwd(cwd, 3) ? "ok" : errname(errno));
	say("chdir ../..: %s", outcome(chdir("../..")));
	say("back at the top: %s", yesno(getcwd(cwd, sizeof(cwd)) && strcmp(cwd, top) == 0));
	show_dir(".");
	show_dir("d");
}

static void names(void)
{
	say("link a c: %s", outcome(link("a", "c")));
	show_stat("stat", "a", 1);
	say("symlink a s: %s", outcome(symlink("a", "s")));
	say("symlink dangling: %s", outcome(symlink("nowhere", "dangling")));
	char buf[64] = { 0 };
	say("readlink s: %zd '%s'", readlink("s", buf, sizeof(buf)), buf);
	say("readlink a (no link): %s", outcome(readlink("a", buf, sizeof(buf))));
	show_stat("lstat", "s", 0);
	show_stat("stat", "s", 1);
	show_stat("stat", "dangling", 1);
	say("symlink loop: %s", outcome(symlink("loop", "loop")));
	say("open the loop: %s", outcome(open("loop", O_RDONLY)));
	say("O_NOFOLLOW on a link: %s", outcome(open("s", O_RDONLY | O_NOFOLLOW)));
	say("symlink to a dir: %s", outcome(symlink("d", "ds")));
	show_stat("stat", "ds/e", 1);
	say("rename a z: %s", outcome(rename("a", "z")));
	say("rename missing: %s", outcome(rename("a", "y")));
	say("rename z over c (same file): %s", outcome(rename("z", "c")));
	say("rename file over dir: %s", outcome(rename("b", "d")));
	say("rename dir over file: %s", outcome(rename("d", "b")));
	say("renameat2 NOREPLACE: %s",
	    outcome(syscall(SYS_renameat2, AT_FDCWD, "b", AT_FDCWD, "c", 1)));
	say("renameat2 EXCHANGE b c: %s",
	    outcome(syscall(SYS_renameat2, AT_FDCWD, "b", AT_FDCWD, "c", 2)));
	show_stat("stat", "b", 1);
	show_stat("stat", "c", 1);
	say("unlink c: %s", outcome(unlink("c")));
	say("unlink c again: %s", outcome(unlink("c")));
	show_dir(".");
}

static void at_calls(void)
{
	int dfd = open("d", O_RDONLY | O_DIRECTORY);
	say("openat d/new: %s", outcome(openat(dfd, "new", O_CREAT | O_WRONLY, 0600)));
	show_stat("stat", "d/new", 1);
	struct stat st;
	say("fstatat empty path: %s", outcome(fstatat(dfd, "", &st, AT_EMPTY_PATH)));
	say("fstatat empty path is a dir: %s", yesno(S_ISDIR(st.st_mode)));
	say("unlinkat d/new: %s", outcome(unlinkat(dfd, "new", 0)));
	say("unlinkat d/e without AT_REMOVEDIR: %s", outcome(unlinkat(dfd, "e", 0)));
	say("unlinkat d/e AT_REMOVEDIR: %s", outcome(unlinkat(dfd, "e", AT_REMOVEDIR)));
	say("mkdirat d/m: %s", outcome(mkdirat(dfd, "m", 0755)));
	say("fchdir d: %s", outcome(fchdir(dfd)));
	show_dir(".");
	fchdir(open(top, O_RDONLY | O_DIRECTORY));
	int f = open("b", O_RDONLY);
	say("openat from a file: %s", outcome(openat(f, "x", O_RDONLY)));
	say("openat bad fd: %s", outcome(openat(999, "x", O_RDONLY)));
	say("access b R_OK: %s", outcome(access("b", R_OK)));
	say("access missing: %s", outcome(access("nope", F_OK)));
	say("access bad mode: %s", outcome(access("b", 0x10)));
	say("umask was 022: %s", yesno(umask(077) == 022));
	close(open("masked", O_CREAT | O_WRONLY, 0666));
	show_stat("stat", "masked", 1);
	umask(022);
	say("chmod 0640: %s", outcome(chmod("masked", 0640)));
	show_stat("stat", "masked", 1);
	close(f);
	close(dfd);
}

static void bad_input(void)
{
	static char longname[300], longpath[5000];
	memset(longname, 'n', 299);
	longname[299] = 0;
	say("name of 299 bytes: %s", outcome(open(longname, O_CREAT | O_WRONLY, 0600)));
	memset(longpath, 'p', 4999);
	longpath[4999] = 0;
	for (int i = 100; i < 4999; i += 100)
		longpath[i] = '/';
	say("path of 4999 bytes: %s", outcome(open(longpath, O_RDONLY)));
	say("empty path: %s", outcome(open("", O_RDONLY)));
	say("bad pointer: %s", outcome(syscall(SYS_open, (char *)8, O_RDONLY)));
	int fd = open("b", O_RDWR);
	write(fd, "data", 4);
	lseek(fd, 0, SEEK_SET);
	say("read to a bad pointer: %s", outcome(syscall(SYS_read, fd, 8L, 4L)));
	say("write from a bad pointer: %s", outcome(syscall(SYS_write, fd, 8L, 4L)));
	close(fd);
	say("bad fd: %s", outcome(read(12345, longname, 4)));
	say("negative fd: %s", outcome(write(-1, "x", 1)));
}

int main(void)
{
	diff_start("files");
	snprintf(top, sizeof(top), "/tmp/files-XXXXXX");
	if (!mkdtemp(top) || chdir(top)) {
		say("cannot make a directory in /tmp: %s", errname(errno));
		return 1;
	}
	rw_and_seek();
	shared_offsets();
	directories();
	names();
	at_calls();
	bad_input();
	chdir("/");
	diff_clean(top);
	say("cleaned: %s", yesno(access(top, F_OK) != 0));
	return 0;
}
