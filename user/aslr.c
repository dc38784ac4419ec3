/*
 * aslr - print where this run's stack, first mmap area and heap are, for
 * tests/groups/aslr.py, which runs it several times in one boot: with
 * layout randomisation (kernel/mm/layout.c) the addresses differ from run
 * to run; booted with norandmaps they are the same every time.
 *
 *	aslr: stack 7ffd3a9f2e6c mmap 7f12c4a1b000 brk 1a3f000
 */
#include "ulib.h"

int main(void)
{
	volatile int local = 0;
	void *m = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long b = brk(0);
	uprintf("aslr: stack %lx mmap %lx brk %lx\n", (unsigned long)&local, (unsigned long)m,
		(unsigned long)b);
	return mmap_failed(m) ? 1 : 0;
}
