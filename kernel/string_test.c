/* In-kernel tests of the string helpers and the command line parser. */
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "kernel/string.h"

KTEST(string, basics)
{
	KEXPECT_EQ(strlen("anvil"), 5);
	KEXPECT_EQ(strcmp("a", "a"), 0);
	KEXPECT_LT(strcmp("a", "b"), 0);
	KEXPECT_EQ(strncmp("abcx", "abcy", 3), 0);
	char buf[8] = "abcdefg";
	memmove(buf + 1, buf, 5);
	KEXPECT_STREQ(buf, "aabcdeg");
}

/*
 * memcpy and memset go by quadwords, then bytes: every length from 0 to 19
 * at every offset 0-7, against a byte loop, and not one byte outside.
 */
KTEST(string, memcpy_memset_lengths)
{
	unsigned char src[40], dst[40], want[40];
	for (int i = 0; i < 40; i++)
		src[i] = (unsigned char)(i * 7 + 1);
	for (int off = 0; off < 8; off++) {
		for (int n = 0; n < 20; n++) {
			for (int i = 0; i < 40; i++)
				dst[i] = want[i] = 0xee;
			for (int i = 0; i < n; i++)
				want[off + i] = src[(off + 3 + i) % 40];
			KEXPECT_TRUE(memcpy(dst + off, src + ((off + 3) % 40), n) == dst + off);
			KEXPECT_EQ(memcmp(dst, want, sizeof(dst)), 0);
			for (int i = 0; i < n; i++)
				want[off + i] = 0x5a;
			KEXPECT_TRUE(memset(dst + off, 0x5a, n) == dst + off);
			KEXPECT_EQ(memcmp(dst, want, sizeof(dst)), 0);
		}
	}
}

KTEST(string, glob)
{
	KEXPECT_TRUE(glob_match("*", "anything"));
	KEXPECT_TRUE(glob_match("format.*", "format.integers"));
	KEXPECT_TRUE(glob_match("?ormat.int*s", "format.integers"));
	KEXPECT_TRUE(!glob_match("format.*", "string.glob"));
	KEXPECT_TRUE(!glob_match("a*b", "aXbY"));
}
