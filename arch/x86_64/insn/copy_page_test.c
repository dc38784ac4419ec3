/* copy_page copies exactly one page. */
#include "arch/x86_64/insn/copy_page.h"
#include "kernel/ktest.h"

static unsigned char pages[4 * PAGE_SIZE] __attribute__((aligned(4096)));

static unsigned char pattern(unsigned long i)
{
	return (unsigned char)(i * 13 + 5);
}

KTEST(copy_page, copies_one_page_and_nothing_else)
{
	/* Page 0 the source; pages 1-3 zero, page 2 the destination. */
	for (unsigned long i = 0; i < sizeof(pages); i++)
		pages[i] = i < PAGE_SIZE ? pattern(i) : 0;
	copy_page(pages + 2 * PAGE_SIZE, pages);

	unsigned long wrong = 0, changed_outside = 0;
	for (unsigned long i = 0; i < PAGE_SIZE; i++) {
		wrong += pages[2 * PAGE_SIZE + i] != pattern(i);
		changed_outside += pages[i] != pattern(i);	/* the source stays */
		changed_outside += pages[PAGE_SIZE + i] != 0;
		changed_outside += pages[3 * PAGE_SIZE + i] != 0;
	}
	KEXPECT_EQ(wrong, 0);
	KEXPECT_EQ(changed_outside, 0);
}
