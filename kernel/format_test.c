/* In-kernel tests of the formatter behind kprintf. */
#include "kernel/format.h"
#include "kernel/ktest.h"
#include <stdint.h>

#define FMT(expect, ...)                                         \
	do {                                                     \
		char buf_[96];                                   \
		ksnprintf(buf_, sizeof(buf_), __VA_ARGS__);      \
		KEXPECT_STREQ(buf_, expect);                     \
	} while (0)

KTEST(format, integers)
{
	FMT("42 -42 42", "%d %i %u", 42, -42, 42u);
	FMT("-9223372036854775808", "%lld", (long long)INT64_MIN);
	FMT("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
	FMT("ff FF", "%x %X", 255, 255);
	FMT("123456789", "%zu", (size_t)123456789);
	FMT("ffffffffffffffff", "%lx", ~0UL);
}

KTEST(format, width_and_padding)
{
	FMT("[   42]", "[%5d]", 42);
	FMT("[00042]", "[%05d]", 42);
	FMT("[42   ]", "[%-5d]", 42);
	FMT("[-0042]", "[%05d]", -42);
	FMT("[  abc]", "[%5s]", "abc");
	FMT("[ab]", "[%.2s]", "abc");
	FMT("[x  ]", "[%-3c]", 'x');
}

KTEST(format, pointers_strings_and_percent)
{
	FMT("0x1000", "%p", (void *)0x1000);
	/* Through volatile variables (and with the non-literal-format warning
	 * off), so the compiler lets us test what it would rightly reject in
	 * real code. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-security"
	const char *volatile null_string = 0;
	const char *volatile unknown_conversion = "%q";
	FMT("(null)", "%s", null_string);
	FMT("100%", "100%%");
	FMT("%q", unknown_conversion);	/* shown verbatim, no argument consumed */
#pragma GCC diagnostic pop
}

KTEST(format, truncation_keeps_nul_and_counts)
{
	char buf[4];
	int n = ksnprintf(buf, sizeof(buf), "%s", "abcdef");
	KEXPECT_EQ(n, 6);
	KEXPECT_STREQ(buf, "abc");
}

KTEST(format, strbuf_appends_and_cuts_at_the_end)
{
	char buf[8];
	struct strbuf sb = STRBUF_INIT(buf, sizeof(buf));
	strbuf_add(&sb, "%s", "abc");
	strbuf_add(&sb, "%d", 42);
	KEXPECT_STREQ(buf, "abc42");
	strbuf_add(&sb, "%s", "xyz123");
	KEXPECT_STREQ(buf, "abc42xy");	/* cut, NUL-terminated, never overrun */
	KEXPECT_EQ(sb.len, 7);
	strbuf_add(&sb, "more");
	KEXPECT_STREQ(buf, "abc42xy");
}
