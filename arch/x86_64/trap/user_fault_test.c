/*
 * A fault in ring 3 ends only the program: run /bin/crash (a boot module)
 * doing forbidden things, and check each run ends with the signal Linux
 * sends, the status a shell would show and the kill line's detail, and
 * that the kernel (this test) carries on with no process current.
 */
#include "arch/x86_64/insn/cr.h"
#include "arch/x86_64/trap/user_fault.h"
#include "kernel/ktest.h"
#include "kernel/process.h"
#include "kernel/signal.h"
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

/*
 * SIGFPE's si_code from the x87 and SSE words.  user/diff/sigfault
 * compares the x87 causes with Linux on a running program; SSE (#XM)
 * and the x87 denormal operand cannot be raised under QEMU's TCG (it
 * only sets the flags), so their codes are checked here, on the words
 * a CPU would leave.
 */
KTEST(user_fault, fpe_code_from_the_unmasked_bits)
{
	static const struct {
		uint64_t vector;
		uint16_t fsw, fcw;
		uint32_t mxcsr;
		int code;
	} cases[] = {
		{ X86_TRAP_MF, 0x0084, 0x037b, 0, FPE_FLTDIV },	/* 1/0, ZE unmasked */
		{ X86_TRAP_MF, 0x0081, 0x037e, 0, FPE_FLTINV },	/* 0/0 */
		{ X86_TRAP_MF, 0x00a8, 0x0357, 0, FPE_FLTOVF },	/* overflow wins over precision */
		{ X86_TRAP_MF, 0x00b0, 0x034f, 0, FPE_FLTUND },
		{ X86_TRAP_MF, 0x00a0, 0x035f, 0, FPE_FLTRES },
		{ X86_TRAP_MF, 0x0082, 0x037d, 0, FPE_FLTUND },	/* denormal: Linux folds it into UND */
		{ X86_TRAP_MF, 0x0004, 0x035f, 0, 0 },		/* ZE flagged but masked: spurious */
		{ X86_TRAP_MF, 0x00c1, 0x037e, 0, FPE_FLTINV },	/* stack fault (SF|IE) */
		{ X86_TRAP_XM, 0, 0, 0x1d84, FPE_FLTDIV },	/* ZE flag, ZM clear */
		{ X86_TRAP_XM, 0, 0, 0x1f01, FPE_FLTINV },		/* IE flag, IM clear */
		{ X86_TRAP_XM, 0, 0, 0x1ea2, FPE_FLTUND },		/* DE unmasked (and PE, masked) */
		{ X86_TRAP_XM, 0, 0, 0x07b0, FPE_FLTUND },		/* UE and PE unmasked: UE first */
		{ X86_TRAP_XM, 0, 0, 0x0fa0, FPE_FLTRES },
		{ X86_TRAP_XM, 0, 0, 0x1ba8, FPE_FLTOVF },		/* OE unmasked, PE masked */
		{ X86_TRAP_XM, 0, 0, 0x1f84, 0 },		/* all masked */
		{ X86_TRAP_XM, 0x84, 0x37b, 0x1f80, 0 },	/* #XM ignores the x87 words */
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		KEXPECT_EQ(user_fault_fpe_code(cases[i].vector, cases[i].fsw, cases[i].fcw,
					       cases[i].mxcsr), cases[i].code);
}

/* Alignment checks are on for ring 3 (cpu_protect_init sets CR0.AM).
 * QEMU's TCG never raises #AC, so the SIGBUS BUS_ADRALN a program gets
 * on a CPU (user_fault.c's table, as Linux's exc_alignment_check) is not
 * run here: only the switch that makes it possible. */
KTEST(user_fault, cr0_am_allows_alignment_checks)
{
	KEXPECT_TRUE(read_cr0() & X86_CR0_AM);
}
