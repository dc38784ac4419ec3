/* The exception report's decoders, on known inputs. */
#include "arch/x86_64/trap/exception.h"
#include "arch/x86_64/mm/paging.h"
#include "kernel/ktest.h"

static const char *describe(unsigned vector, uint64_t err)
{
	static char text[128];
	exception_describe_error(vector, err, text, sizeof(text));
	return text;
}

KTEST(exception, names)
{
	KEXPECT_STREQ(exception_mnemonic(X86_TRAP_PF), "#PF");
	KEXPECT_STREQ(exception_name(X86_TRAP_GP), "General Protection");
	KEXPECT_STREQ(exception_name(15), "reserved");
	KEXPECT_STREQ(exception_name(0x80), "interrupt");
}

KTEST(exception, page_fault_error_code)
{
	KEXPECT_STREQ(describe(X86_TRAP_PF, 0),
		      "page not present, read, supervisor mode, data access");
	KEXPECT_STREQ(describe(X86_TRAP_PF, X86_PF_ERR_PRESENT | X86_PF_ERR_WRITE |
						    X86_PF_ERR_USER | X86_PF_ERR_RSVD |
						    X86_PF_ERR_FETCH),
		      "protection violation, write, user mode, instruction fetch, "
		      "reserved bit set in a paging entry");
}

KTEST(exception, selector_error_code)
{
	KEXPECT_STREQ(describe(X86_TRAP_GP, 0), "no selector involved");
	KEXPECT_STREQ(describe(X86_TRAP_TS, 0x28), "GDT selector 0x28 (index 5)");
	KEXPECT_STREQ(describe(X86_TRAP_NP, 0x0c | X86_SEL_ERR_EXT),
		      "LDT selector 0x8 (index 1), during delivery of an external event");
	/* An IDT gate: index 13 with the IDT bit, e.g. int 13 from ring 3. */
	KEXPECT_STREQ(describe(X86_TRAP_GP, 13 << 3 | X86_SEL_ERR_IDT), "IDT vector 13");
}

KTEST(exception, vectors_without_error_code)
{
	KEXPECT_STREQ(describe(X86_TRAP_UD, 0), "none");
	KEXPECT_STREQ(describe(X86_TRAP_DF, 0), "always 0 for #DF");
	KEXPECT_TRUE(trap_has_error_code(X86_TRAP_PF));
	KEXPECT_TRUE(trap_has_error_code(X86_TRAP_CP));
	KEXPECT_TRUE(!trap_has_error_code(X86_TRAP_BP));
	KEXPECT_TRUE(!trap_has_error_code(X86_TRAP_MC));
	KEXPECT_TRUE(!trap_has_error_code(0x80));
}

KTEST(exception, rflags)
{
	char text[96];
	exception_describe_rflags(0x246, text, sizeof(text));
	KEXPECT_STREQ(text, "PF ZF IF IOPL=0");
	exception_describe_rflags(0x3002, text, sizeof(text));	/* bit 1 is always 1 */
	KEXPECT_STREQ(text, "IOPL=3");
}
