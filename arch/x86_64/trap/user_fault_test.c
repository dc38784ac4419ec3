/*
 * A fault in ring 3 ends only the program: run /bin/crash (a boot module)
 * doing forbidden things, and check each run ends with the signal Linux
 * sends, the status a shell would show and the kill line's detail, and
 * that the kernel (this test) carries on with no process current.
 */
#include "kernel/ktest.h"
#include "kernel/process.h"
#include "kernel/string.h"

static const struct {
	const char *kind;	/* /bin/crash's argument */
	int signal;
	const char *reason;	/* the kill line's description, a glob_match pattern */
} crashes[] = {
	{ "ud", SIGILL, "invalid opcode at rip 0x*" },
	{ "null_write", SIGSEGV, "page fault at rip 0x* (write to 0x0: page not present)" },
};

KTEST(user_fault, ring3_faults_end_only_the_program)
{
	for (unsigned i = 0; i < sizeof(crashes) / sizeof(crashes[0]); i++) {
		const char *argv[] = { "/bin/crash", crashes[i].kind };
		struct process_result r;
		KASSERT_EQ(process_run(argv[0], 2, argv, &r), 0);
		KEXPECT_EQ(r.signal, crashes[i].signal);
		KEXPECT_EQ(r.status, 128 + crashes[i].signal);
		KEXPECT_TRUE(glob_match(crashes[i].reason, r.reason));
		KEXPECT_EQ(process_current()->pid, 0);	/* back in the kernel's task */
	}
}
