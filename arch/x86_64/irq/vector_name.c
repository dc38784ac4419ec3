#include "arch/x86_64/irq/vector_name.h"
#include "arch/x86_64/irq/lapic.h"
#include "arch/x86_64/trap/exception.h"
#include "kernel/format.h"
#include "kernel/irq.h"

struct vector_name vector_name(unsigned v)
{
	struct vector_name n = { .what = exception_name(v) };

	if (v >= IRQ_VECTOR_BASE && v < IRQ_VECTOR(IRQ_LINES)) {
		struct irq_stat st = irq_stat(v - IRQ_VECTOR_BASE);
		ksnprintf(n.label, sizeof(n.label), "IRQ %u", v - IRQ_VECTOR_BASE);
		n.what = st.name ? st.name : "(no handler)";
	} else if (v == LAPIC_TIMER_VECTOR) {
		ksnprintf(n.label, sizeof(n.label), "LAPIC");
		n.what = "local APIC timer";
	} else if (v == LAPIC_SPURIOUS_VECTOR) {
		ksnprintf(n.label, sizeof(n.label), "LAPIC");
		n.what = "spurious (local APIC)";
	} else {
		ksnprintf(n.label, sizeof(n.label), "%s", exception_mnemonic(v));
	}
	return n;
}
