/* The frame-pointer walk and the symbol table behind it. */
#include "kernel/backtrace.h"
#include "kernel/ksym.h"
#include "kernel/ktest.h"

/* Mapped nowhere: the direct map covers only the first GiBs of RAM. */
#define UNMAPPED_KERNEL_HALF 0xffff900000000000UL

static int walked;
static uint64_t walked_pcs[BACKTRACE_MAX_DEPTH];
static const char *walked_why;

static __attribute__((noinline)) void walk_here(void)
{
	walked = backtrace_walk((uint64_t)__builtin_frame_address(0), walked_pcs,
				BACKTRACE_MAX_DEPTH, &walked_why);
}

static volatile int steps;	/* keeps the calls below from becoming jumps */

static __attribute__((noinline)) void walk_via_helper(void)
{
	steps++;
	walk_here();
	steps++;
}

static bool names(uint64_t return_address, const char *want)
{
	const char *name;
	uint64_t offset;
	return ksym_lookup(return_address - 1, &name, &offset) && ktest_streq(name, want);
}

KTEST(ksym, finds_functions)
{
	const char *name = NULL;
	uint64_t offset = 1;
	KASSERT_TRUE(ksym_table_size() > 0);
	KEXPECT_TRUE(ksym_lookup((uint64_t)ksym_lookup, &name, &offset));
	KEXPECT_STREQ(name, "ksym_lookup");
	KEXPECT_EQ(offset, 0);
	KEXPECT_TRUE(ksym_lookup((uint64_t)ksym_lookup + 5, &name, &offset));
	KEXPECT_EQ(offset, 5);
	KEXPECT_EQ(ksym_address("ksym_lookup"), (uint64_t)ksym_lookup);
	KEXPECT_EQ(ksym_address("no_such_function"), 0);
	KEXPECT_TRUE(!ksym_lookup(0x1000, &name, &offset));

	char text[64];
	ksym_format((uint64_t)ksym_lookup + 0x10, text, sizeof(text));
	KEXPECT_STREQ(text, "ksym_lookup+0x10");
}

KTEST(backtrace, names_the_callers_to_kmain)
{
	walk_via_helper();
	KASSERT_TRUE(walked >= 4);
	KEXPECT_TRUE(names(walked_pcs[0], "walk_via_helper"));
	KEXPECT_TRUE(names(walked_pcs[1], "ktest_fn_backtrace_names_the_callers_to_kmain"));
	KEXPECT_TRUE(names(walked_pcs[2], "ktest_run"));
	bool kmain_seen = false;
	for (int i = 0; i < walked; i++)
		kmain_seen |= names(walked_pcs[i], "kmain");
	KEXPECT_TRUE(kmain_seen);
	KEXPECT_STREQ(walked_why, "end of the chain: RBP is 0");
}

/* Walk a hand-made chain of two records whose second points at `next`. */
static int walk_fake(uint64_t next, const char **why)
{
	uint64_t pcs[4];
	static uint64_t records[2][2];
	records[0][0] = (uint64_t)records[1];
	records[0][1] = 0x1111;
	records[1][0] = next;
	records[1][1] = 0x2222;
	int n = backtrace_walk((uint64_t)records[0], pcs, 4, why);
	return n == 2 && pcs[0] == 0x1111 && pcs[1] == 0x2222 ? n : -1;
}

KTEST(backtrace, stops_safely_on_bad_rbp)
{
	const char *why;
	KEXPECT_EQ(walk_fake(0, &why), 2);
	KEXPECT_STREQ(why, "end of the chain: RBP is 0");
	KEXPECT_EQ(walk_fake(0x8000000000000000UL, &why), 2);
	KEXPECT_STREQ(why, "RBP not canonical");
	KEXPECT_EQ(walk_fake(0x1000, &why), 2);
	KEXPECT_STREQ(why, "RBP outside the kernel half");
	KEXPECT_EQ(walk_fake(UNMAPPED_KERNEL_HALF, &why), 2);
	KEXPECT_STREQ(why, "RBP not mapped");
	KEXPECT_EQ(walk_fake(UNMAPPED_KERNEL_HALF + 4, &why), 2);
	KEXPECT_STREQ(why, "RBP not 8-byte aligned");
}

KTEST(backtrace, stops_on_a_loop)
{
	static uint64_t record[2];
	uint64_t pcs[8];
	const char *why;
	record[0] = (uint64_t)record;	/* points at itself */
	record[1] = 0x3333;
	KEXPECT_EQ(backtrace_walk((uint64_t)record, pcs, 8, &why), 1);
	KEXPECT_STREQ(why, "frame chain loops");
}
