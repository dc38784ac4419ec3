/* Looking up a faulting instruction in the exception table (extable.h). */
#include "arch/x86_64/trap/extable.h"

extern const struct extable_entry __extable_start[], __extable_end[];

bool extable_fixup(struct trap_frame *frame)
{
	/* A handful of entries: a linear search is fine. */
	for (const struct extable_entry *e = __extable_start; e < __extable_end; e++) {
		if (e->insn == frame->rip) {
			frame->rip = e->fixup;
			return true;
		}
	}
	return false;
}
