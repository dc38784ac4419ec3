#include "arch/x86_64/irq/lapic.h"
#include "arch/x86_64/irq/vector_name.h"
#include "arch/x86_64/trap/trap.h"
#include "kernel/irq.h"
#include "kernel/ktest.h"

KTEST(vector_name, names_exceptions_lines_and_local_apic_vectors)
{
	struct vector_name n = vector_name(X86_TRAP_PF);
	KEXPECT_STREQ(n.label, "#PF");
	KEXPECT_STREQ(n.what, "Page Fault");

	_Static_assert(IRQ_LINES == 24, "the test names the last line IRQ 23");
	n = vector_name(IRQ_VECTOR(IRQ_LINES - 1));	/* no driver on the last line */
	KEXPECT_STREQ(n.label, "IRQ 23");
	KEXPECT_STREQ(n.what, "(no handler)");

	n = vector_name(LAPIC_TIMER_VECTOR);
	KEXPECT_STREQ(n.label, "LAPIC");
	KEXPECT_STREQ(n.what, "local APIC timer");
	n = vector_name(LAPIC_SPURIOUS_VECTOR);
	KEXPECT_STREQ(n.label, "LAPIC");
	KEXPECT_STREQ(n.what, "spurious (local APIC)");

	n = vector_name(0x81);	/* a free software-interrupt vector */
	KEXPECT_STREQ(n.label, "");
	KEXPECT_STREQ(n.what, "interrupt");
}
