/* mmap, munmap, mprotect: the raw system calls (ulib.h). */
#include "ulib.h"

void *mmap(void *addr, size_t len, int prot, int flags, int fd, long off)
{
	return (void *)syscall6(SYS_mmap, (long)addr, (long)len, prot, flags, fd, off);
}

int munmap(void *addr, size_t len)
{
	return (int)syscall2(SYS_munmap, (long)addr, (long)len);
}

int mprotect(void *addr, size_t len, int prot)
{
	return (int)syscall3(SYS_mprotect, (long)addr, (long)len, prot);
}
