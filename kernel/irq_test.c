/*
 * The IRQ layer hands a handler its line's number.  The interrupt is
 * raised with `int N` on the line's vector (the line itself stays masked):
 * the layer cannot tell the difference, and no device is needed.
 */
#include <stddef.h>
#include "arch/x86_64/insn/trap_insn.h"
#include "kernel/irq.h"
#include "kernel/ktest.h"

#define TEST_IRQ 5	/* nothing uses it (LPT2 / sound on old PCs) */

static unsigned seen_irq, seen_calls;

static void record_irq(unsigned irq)
{
	seen_irq = irq;
	seen_calls++;
}

KTEST(irq, handler_gets_its_line_number)
{
	KASSERT_TRUE(irq_stat(TEST_IRQ).name == NULL);	/* really unused */
	uint64_t before = irq_stat(TEST_IRQ).count;
	seen_irq = 0;
	seen_calls = 0;
	irq_register(TEST_IRQ, "irq test", record_irq);
	int_n(IRQ_VECTOR(TEST_IRQ));
	irq_register(TEST_IRQ, NULL, NULL);
	KEXPECT_EQ(seen_calls, 1);
	KEXPECT_EQ(seen_irq, TEST_IRQ);
	KEXPECT_EQ(irq_stat(TEST_IRQ).count, before + 1);
}
