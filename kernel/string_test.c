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

KTEST(string, glob)
{
	KEXPECT_TRUE(glob_match("*", "anything"));
	KEXPECT_TRUE(glob_match("format.*", "format.integers"));
	KEXPECT_TRUE(glob_match("?ormat.int*s", "format.integers"));
	KEXPECT_TRUE(!glob_match("format.*", "string.glob"));
	KEXPECT_TRUE(!glob_match("a*b", "aXbY"));
}
