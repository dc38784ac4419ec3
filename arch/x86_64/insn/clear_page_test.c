/* clear_page zeroes exactly one page. */
#include "arch/x86_64/insn/clear_page.h"
#include "kernel/ktest.h"

static unsigned char pages[3 * PAGE_SIZE] __attribute__((aligned(4096)));

KTEST(clear_page, zeroes_one_page_and_nothing_else)
{
	for (unsigned long i = 0; i < sizeof(pages); i++)
		pages[i] = (unsigned char)(i * 7 + 1);
	clear_page(pages + PAGE_SIZE);

	unsigned long nonzero = 0, changed_outside = 0;
	for (unsigned long i = 0; i < PAGE_SIZE; i++) {
		nonzero += pages[PAGE_SIZE + i] != 0;
		changed_outside += pages[i] != (unsigned char)(i * 7 + 1);
		unsigned long j = 2 * PAGE_SIZE + i;
		changed_outside += pages[j] != (unsigned char)(j * 7 + 1);
	}
	KEXPECT_EQ(nonzero, 0);
	KEXPECT_EQ(changed_outside, 0);
}
