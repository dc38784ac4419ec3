/*
 * Walking the RBP chain.  With frame pointers, every function begins
 * "push rbp; mov rbp, rsp", so at [RBP] lies the caller's RBP and at
 * [RBP + 8] the return address into the caller (System V x86-64 ABI
 * §3.2.2).  boot/entry64.asm zeroes RBP before calling kmain, which ends
 * the chain; trap_common (trap_entry.asm) adds a record for the
 * interrupted code, so a chain continues across a trap.
 *
 * A backtrace runs when something already went wrong, so every RBP is
 * checked before it is dereferenced: a bad one ends the walk instead of
 * faulting again inside the report.
 */
#include "kernel/backtrace.h"
#include "kernel/addr.h"
#include "kernel/ksym.h"
#include "kernel/printf.h"
#include "arch/x86_64/insn/cr.h"
#include "arch/x86_64/mm/paging.h"

#include <stdbool.h>

/* Kernel-half addresses start here (the lowest canonical "negative" one). */
#define KERNEL_HALF_START 0xffff800000000000UL

/* Is va mapped in the current page tables?  paging_translate() walks
 * them in software (SDM Vol. 3A §4.5) through the direct map. */
static bool mapped(uint64_t va)
{
	return paging_translate(paging_current_root(), va, NULL, NULL);
}

/* Can a frame record (two words) at rbp be read safely?  NULL if so,
 * else why not. */
static const char *bad_frame(uint64_t rbp)
{
	if (rbp == 0)
		return "end of the chain: RBP is 0";
	if (rbp & 7)
		return "RBP not 8-byte aligned";
	if (!x86_canonical(rbp))
		return "RBP not canonical";
	if (rbp < KERNEL_HALF_START)
		return "RBP outside the kernel half";
	if (!mapped(rbp) || !mapped(rbp + 15))
		return "RBP not mapped";
	return NULL;
}

int backtrace_walk(uint64_t rbp, uint64_t *pcs, int max, const char **why)
{
	const char *stop = "depth limit reached";
	int n = 0, downward = 0;

	while (n < max) {
		const char *bad = bad_frame(rbp);
		if (bad) {
			stop = bad;
			break;
		}
		const uint64_t *record = (const uint64_t *)rbp;
		uint64_t next = record[0];
		pcs[n++] = record[1];
		/* Callers' frames lie higher on the same stack; a step down
		 * happens only where a trap switched stacks (IST, ring 3 to
		 * RSP0).  More than two such steps: a loop, not a stack. */
		if (next == rbp || (next < rbp && ++downward > 2)) {
			stop = "frame chain loops";
			break;
		}
		rbp = next;
	}
	if (why)
		*why = stop;
	return n;
}

static void print_frame(int i, uint64_t pc, bool return_address)
{
	char where[96];
	/* A return address points after its call, which may be the last
	 * instruction of the function (a call to a noreturn function): look
	 * up the byte before, so the caller is named and not its neighbour. */
	uint64_t at = return_address ? pc - 1 : pc;
	const char *name;
	uint64_t offset;
	if (ksym_lookup(at, &name, &offset))
		ksnprintf(where, sizeof(where), "%s+0x%lx", name,
			  (unsigned long)(offset + (at != pc)));
	else
		ksnprintf(where, sizeof(where), "?");
	kprintf("    #%-2d %016lx  %s\n", i, (unsigned long)pc, where);
}

void backtrace_print(uint64_t pc, uint64_t rbp)
{
	uint64_t pcs[BACKTRACE_MAX_DEPTH];
	const char *why;
	int n = backtrace_walk(rbp, pcs, BACKTRACE_MAX_DEPTH, &why);
	int i = 0;

	kprintf("  backtrace%s:\n", ksym_table_size() ? "" : " (no symbol table in this build)");
	if (pc)
		print_frame(i++, pc, false);
	for (int k = 0; k < n; k++) {
		/* A recursion shows as one line and a count, not a screenful. */
		int same = 0;
		while (k + 1 < n && pcs[k + 1] == pcs[k]) {
			same++;
			k++;
		}
		print_frame(i, pcs[k], true);
		if (same)
			kprintf("        ... and %d more frame%s with the same return address\n", same,
				same == 1 ? "" : "s");
		i += same + 1;
	}
	kprintf("    stopped: %s\n", why);
}

void backtrace_print_current(void)
{
	/* Start at our own frame record: its return address is our caller. */
	backtrace_print(0, (uint64_t)__builtin_frame_address(0));
}
