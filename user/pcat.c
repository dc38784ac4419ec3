/*
 * pcat - prints each file named on its command line, as cat(1) does, for
 * the boot tests that read /proc from the kernel shell (`pcat
 * /proc/anvil/regs`, tests/groups/procfs.py) before a shell with cat is
 * in the image.  A file that cannot be opened or read: a line on stderr
 * and status 1.
 */
#include "lib/ulib.h"

static char buf[4096];

int main(int argc, char **argv)
{
	int status = 0;
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		long n = fd;
		while (fd >= 0 && (n = read(fd, buf, sizeof(buf))) > 0)
			write(1, buf, (size_t)n);
		if (n < 0) {
			puts_fd(2, "pcat: cannot read ");
			puts_fd(2, argv[i]);
			puts_fd(2, "\n");
			status = 1;
		}
		if (fd >= 0)
			close(fd);
	}
	return status;
}
