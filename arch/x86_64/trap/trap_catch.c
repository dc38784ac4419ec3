/*
 * trap_catch: run a function that may fault, for tests (arch/x86_64/trap/trap.h).
 * The assembly half (trap_catch, trap_catch_resume) is in trap_entry.asm.
 */
#include "arch/x86_64/trap/trap.h"
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/insn/cr.h"
#include "arch/x86_64/cpu/gdt.h"
#include "kernel/panic.h"

/* Called by the trap_catch assembly. */
void trap_catch_arm(uint64_t resume_rsp, struct trap_caught *out);
void trap_catch_disarm(void);
extern char trap_catch_resume[];	/* trap_entry.asm */

static struct {
	bool armed;
	uint64_t resume_rsp;	/* RSP at trap_catch_resume */
	uint64_t rflags;	/* trap_catch's RFLAGS (interrupt flag) */
	struct trap_caught *out;
} point;

void trap_catch_arm(uint64_t resume_rsp, struct trap_caught *out)
{
	BUG_ON(point.armed);
	point.resume_rsp = resume_rsp;
	point.rflags = read_rflags();
	point.out = out;
	point.armed = true;
}

void trap_catch_disarm(void)
{
	point.armed = false;
}

bool trap_catch_take(struct trap_frame *frame)
{
	switch (frame->vector) {
	case X86_TRAP_DB:
	case X86_TRAP_NMI:
	case X86_TRAP_BP:
		return false;	/* not faults of fn: they resume normally */
	}
	if (!point.armed || trap_from_user(frame))
		return false;

	*point.out = (struct trap_caught){
		.vector = frame->vector,
		.error_code = frame->error_code,
		.cr2 = read_cr2(),
		.rip = frame->rip,
	};
	point.armed = false;

	/* iretq will now "return" into trap_catch, not to the fault. */
	frame->rip = (uint64_t)trap_catch_resume;
	frame->cs = GDT_KERNEL_CS;
	frame->rflags = point.rflags;
	frame->rsp = point.resume_rsp;
	frame->ss = GDT_KERNEL_DS;
	return true;
}
