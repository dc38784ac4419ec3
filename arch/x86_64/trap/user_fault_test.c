/*
 * A fault in ring 3 ends only the program: run /bin/crash (a boot module)
 * doing two forbidden things, and check each run ends with the signal
 * Linux sends and the status a shell would show, and that the kernel (this
 * test) carries on with no process current.
 */
#include "kernel/ktest.h"
#include "kernel/process.h"
#include "kernel/string.h"

static void run_crash(const char *kind, struct process_result *r, int *err)
{
	const char *argv[] = { "/bin/crash", kind };
	*err = process_run(argv[0], 2, argv, r);
}

KTEST(user_fault, invalid_opcode_in_ring3_ends_only_the_program)
{
	struct process_result r;
	int err;
	run_crash("ud", &r, &err);
	KASSERT_EQ(err, 0);
	KEXPECT_EQ(r.signal, SIGILL);
	KEXPECT_EQ(r.status, 128 + SIGILL);
	KEXPECT_TRUE(process_current() == NULL);
}

KTEST(user_fault, null_write_in_ring3_ends_only_the_program)
{
	struct process_result r;
	int err;
	run_crash("null_write", &r, &err);
	KASSERT_EQ(err, 0);
	KEXPECT_EQ(r.signal, SIGSEGV);
	KEXPECT_EQ(r.status, 128 + SIGSEGV);
	KEXPECT_STREQ(r.reason + strlen(r.reason) - strlen("(write to 0x0: page not present)"),
		      "(write to 0x0: page not present)");
	KEXPECT_TRUE(process_current() == NULL);
}
