/*
 * Tests of the trap path: exceptions raised on purpose reach the handler
 * with the right vector and error code, and the test recovers
 * (trap_catch); int3 resumes; #DF/NMI/#MC gates run on their IST stacks.
 */
#include "arch/x86_64/insn/cr.h"
#include "arch/x86_64/insn/desc.h"
#include "arch/x86_64/insn/seg.h"
#include "arch/x86_64/trap/exception.h"
#include "arch/x86_64/cpu/gdt.h"
#include "arch/x86_64/insn/msr.h"
#include "arch/x86_64/mm/paging.h"
#include "arch/x86_64/trap/trap.h"
#include "arch/x86_64/insn/trap_insn.h"
#include "kernel/ksym.h"
#include "kernel/ktest.h"

/* An address below the kernel: unmapped since the identity map went. */
#define UNMAPPED_LOW 0x1000UL
/* Index 100 of the GDT: far beyond its last entry. */
#define BAD_SELECTOR (100 << 3)

/* Is addr inside the function called name? */
static bool in_function(uint64_t addr, const char *name)
{
	const char *found;
	uint64_t offset;
	return ksym_lookup(addr, &found, &offset) && ktest_streq(found, name);
}

static void raise_de(void *arg)
{
	uint64_t rem;
	(void)arg;
	divq(0, 1, 0, &rem);
}

static void raise_de_overflow(void *arg)
{
	uint64_t rem;
	(void)arg;
	divq(2, 0, 2, &rem);	/* 2 * 2^64 / 2 = 2^64: does not fit in 64 bits */
}

static void raise_ud(void *arg)
{
	(void)arg;
	ud2();
}

static void raise_gp(void *arg)
{
	(void)arg;
	load_ds(BAD_SELECTOR);
}

static void read_at(void *addr)
{
	(void)*(volatile uint64_t *)addr;
}

static void write_at(void *addr)
{
	*(volatile uint64_t *)addr = 1;
}

static void call_at(void *addr)
{
	((void (*)(void))addr)();
}

static void no_fault(void *arg)
{
	*(int *)arg = 42;
}

KTEST(trap, divide_by_zero_is_de)
{
	struct trap_caught c;
	uint64_t before = trap_count(X86_TRAP_DE);
	KASSERT_TRUE(trap_catch(raise_de, NULL, &c));
	KEXPECT_EQ(c.vector, X86_TRAP_DE);
	KEXPECT_EQ(c.error_code, 0);
	KEXPECT_TRUE(in_function(c.rip, "raise_de"));
	KEXPECT_EQ(trap_count(X86_TRAP_DE), before + 1);
}

KTEST(trap, divide_overflow_is_de)
{
	struct trap_caught c;
	KASSERT_TRUE(trap_catch(raise_de_overflow, NULL, &c));
	KEXPECT_EQ(c.vector, X86_TRAP_DE);
	KEXPECT_TRUE(in_function(c.rip, "raise_de_overflow"));
}

KTEST(trap, ud2_is_ud)
{
	struct trap_caught c;
	KASSERT_TRUE(trap_catch(raise_ud, NULL, &c));
	KEXPECT_EQ(c.vector, X86_TRAP_UD);
	KEXPECT_EQ(c.error_code, 0);
	KEXPECT_TRUE(in_function(c.rip, "raise_ud"));
}

KTEST(trap, int3_logs_and_resumes)
{
	uint64_t before = trap_count(X86_TRAP_BP);
	volatile int after = 0;
	int3();
	after = 1;	/* only reached if the handler returned past the int3 */
	KEXPECT_EQ(trap_count(X86_TRAP_BP), before + 1);
	KEXPECT_EQ(after, 1);
}

KTEST(trap, bad_selector_is_gp_with_selector)
{
	struct trap_caught c;
	char text[96];
	KASSERT_TRUE(trap_catch(raise_gp, NULL, &c));
	KEXPECT_EQ(c.vector, X86_TRAP_GP);
	/* Selector error code: the index, TI = 0 (GDT), IDT = 0, EXT = 0. */
	KEXPECT_EQ(c.error_code, BAD_SELECTOR);
	KEXPECT_TRUE(in_function(c.rip, "raise_gp"));
	exception_describe_error(c.vector, c.error_code, text, sizeof(text));
	KEXPECT_STREQ(text, "GDT selector 0x320 (index 100)");
}

KTEST(trap, read_unmapped_is_pf)
{
	struct trap_caught c;
	KASSERT_TRUE(trap_catch(read_at, (void *)UNMAPPED_LOW, &c));
	KEXPECT_EQ(c.vector, X86_TRAP_PF);
	KEXPECT_EQ(c.cr2, UNMAPPED_LOW);
	/* not present, read, supervisor, data */
	KEXPECT_EQ(c.error_code, 0);
	KEXPECT_TRUE(in_function(c.rip, "read_at"));
}

KTEST(trap, write_unmapped_is_pf_with_write_bit)
{
	struct trap_caught c;
	KASSERT_TRUE(trap_catch(write_at, (void *)(UNMAPPED_LOW + 8), &c));
	KEXPECT_EQ(c.vector, X86_TRAP_PF);
	KEXPECT_EQ(c.cr2, UNMAPPED_LOW + 8);
	KEXPECT_EQ(c.error_code, X86_PF_ERR_WRITE);
}

KTEST(trap, fetch_unmapped_is_pf_at_target)
{
	struct trap_caught c;
	KASSERT_TRUE(trap_catch(call_at, (void *)UNMAPPED_LOW, &c));
	KEXPECT_EQ(c.vector, X86_TRAP_PF);
	KEXPECT_EQ(c.cr2, UNMAPPED_LOW);
	KEXPECT_EQ(c.rip, UNMAPPED_LOW);
	/* The fetch bit is reported only with NX or SMEP on (SDM Vol. 3A §4.7). */
	bool reports_fetch = (rdmsr(MSR_EFER) & EFER_NXE) || (read_cr4() & X86_CR4_SMEP);
	KEXPECT_EQ(c.error_code, reports_fetch ? X86_PF_ERR_FETCH : 0);
}

KTEST(trap, catch_without_fault_returns_false)
{
	struct trap_caught c = { .vector = 77 };
	int ran = 0;
	KEXPECT_TRUE(!trap_catch(no_fault, &ran, &c));
	KEXPECT_EQ(ran, 42);
	KEXPECT_EQ(c.vector, 77);	/* untouched */
	/* and it can be used again afterwards */
	KEXPECT_TRUE(trap_catch(raise_ud, NULL, &c));
}

KTEST(trap, catch_keeps_callee_saved_registers)
{
	/* Values live across the call sit in callee-saved registers, which
	 * the faulting function may have changed: trap_catch must restore
	 * them like a normal return would. */
	volatile uint64_t seed = 0x1234;
	uint64_t a = seed * 3, b = seed * 5, c1 = seed * 7, d = seed * 11, e = seed * 13;
	struct trap_caught c;
	KASSERT_TRUE(trap_catch(read_at, (void *)UNMAPPED_LOW, &c));
	KEXPECT_EQ(a, 0x1234 * 3);
	KEXPECT_EQ(b, 0x1234 * 5);
	KEXPECT_EQ(c1, 0x1234 * 7);
	KEXPECT_EQ(d, 0x1234 * 11);
	KEXPECT_EQ(e, 0x1234 * 13);
}

static uint64_t seen_frame, seen_vector, seen_cs, seen_rip;

static void record_frame(struct trap_frame *f)
{
	seen_frame = (uint64_t)f;
	seen_vector = f->vector;
	seen_cs = f->cs;
	seen_rip = f->rip;
}

static bool on_ist(uint64_t addr, unsigned ist)
{
	return addr < tss_ist_top(ist) && addr >= tss_ist_top(ist) - IST_STACK_SIZE;
}

KTEST(trap, nmi_gate_uses_ist2)
{
	trap_handler saved = trap_handler_for(X86_TRAP_NMI);
	trap_register(X86_TRAP_NMI, record_frame);
	seen_frame = 0;
	int_n(X86_TRAP_NMI);	/* through gate 2 like an NMI, minus the NMI blocking */
	trap_register(X86_TRAP_NMI, saved);
	KEXPECT_EQ(seen_vector, X86_TRAP_NMI);
	KEXPECT_TRUE(on_ist(seen_frame, IST_NMI));
	KEXPECT_EQ(seen_frame % 16, 0);
}

KTEST(trap, machine_check_gate_uses_ist3)
{
	trap_handler saved = trap_handler_for(X86_TRAP_MC);
	trap_register(X86_TRAP_MC, record_frame);
	seen_frame = 0;
	int_n(X86_TRAP_MC);
	trap_register(X86_TRAP_MC, saved);
	KEXPECT_EQ(seen_vector, X86_TRAP_MC);
	KEXPECT_TRUE(on_ist(seen_frame, IST_MACHINE_CHECK));
}

KTEST(trap, registered_handler_sees_frame)
{
	const uint8_t vector = 0x81;
	seen_frame = 0;
	trap_register(vector, record_frame);
	int_n(0x81);
	trap_register(vector, NULL);
	KASSERT_NE(seen_frame, 0);
	KEXPECT_EQ(seen_vector, vector);
	KEXPECT_EQ(seen_cs, GDT_KERNEL_CS);
	KEXPECT_TRUE(in_function(seen_rip, "ktest_fn_trap_registered_handler_sees_frame"));
	/* an ordinary gate: no stack switch, the frame is on this stack */
	KEXPECT_TRUE(!on_ist(seen_frame, IST_DOUBLE_FAULT) && !on_ist(seen_frame, IST_NMI));
	KEXPECT_EQ(seen_frame % 16, 0);
}

KTEST(trap, unregistered_interrupt_is_counted)
{
	uint64_t before = trap_count(0x82);
	int_n(0x82);
	KEXPECT_EQ(trap_count(0x82), before + 1);
}

/* The stubs clear AC and DF before the handler runs (trap_layout.h:
 * ANVIL_TRAP_CLEAR_RFLAGS): a handler that interrupts a user copy must
 * not run with SMAP off.  iretq then gives the interrupted code its own
 * flags back.  Setting AC needs no SMAP: with CR0.AM clear it only
 * matters to SMAP, so this runs on every CPU. */
static uint64_t handler_rflags;

static void record_rflags(struct trap_frame *f)
{
	(void)f;
	handler_rflags = read_rflags();
}

KTEST(trap, entry_clears_ac_and_df_and_iretq_restores_them)
{
	const uint8_t vector = 0x81;
	const uint64_t ac_df = X86_RFLAGS_AC | X86_RFLAGS_DF;
	trap_register(vector, record_rflags);
	handler_rflags = ac_df;
	uint64_t flags = irq_save();
	write_rflags((flags & ~X86_RFLAGS_IF) | ac_df);
	int_n(0x81);
	uint64_t after = read_rflags();
	write_rflags(flags);
	trap_register(vector, NULL);
	KEXPECT_EQ(handler_rflags & ac_df, 0);
	KEXPECT_EQ(after & ac_df, ac_df);
}
