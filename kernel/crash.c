/* Deliberate crashes for the tests (kernel/crash.h). */
#include "kernel/crash.h"
#include "arch/x86_64/entry/stack.h"
#include "arch/x86_64/mm/layout.h"
#include "kernel/mm/kstack.h"
#include "kernel/mm/mm.h"
#include "kernel/panic.h"
#include "kernel/printf.h"
#include "kernel/string.h"

/* Touched before and after each call so that no call in the chain can
 * become a jump (a tail call leaves no frame for the backtrace to show). */
static volatile unsigned crash_steps;

static __attribute__((noinline)) void crash_chain_inner(void)
{
	crash_steps++;
	panic("deliberate panic (crash=panic)");
}

static __attribute__((noinline)) void crash_chain_middle(void)
{
	crash_steps++;
	crash_chain_inner();
	crash_steps++;
}

static __attribute__((noinline)) void crash_chain_outer(void)
{
	crash_steps++;
	crash_chain_middle();
	crash_steps++;
}

static volatile uint64_t overflow_depth;

/* Each call takes a frame of a few hundred bytes and never returns in
 * practice; the depth test only keeps the compiler from calling it an
 * infinite recursion. */
static __attribute__((noinline)) void recurse(void)
{
	volatile char pad[200];
	pad[0] = (char)overflow_depth++;
	if (overflow_depth < (1UL << 62))
		recurse();
	pad[1] = pad[0];
}

static void overflow_stack(void)
{
	recurse();
	panic("crash=stack_overflow: the recursion came back");
}

/* Recurse on a fresh kernel stack until it runs into its guard page. */
static void overflow_a_kernel_stack(void)
{
	void *top = kstack_alloc();
	if (!top)
		panic("crash=stack_overflow: no memory for a kernel stack");
	kprintf("guard stack: %d KiB at %lx-%lx, guard page at %lx\n", ANVIL_KSTACK_SIZE / 1024,
		(unsigned long)top - ANVIL_KSTACK_SIZE, (unsigned long)top,
		(unsigned long)kstack_guard(top));
	run_on_stack(top, overflow_stack);
}

void deliberate_crash(const char *kind)
{
	if (strcmp(kind, "panic") == 0)
		crash_chain_outer();
	if (strcmp(kind, "stack_overflow") == 0)
		overflow_a_kernel_stack();
	if (mm_deliberate_crash(kind))
		return;
	kprintf("crash: unknown kind '%s'\n", kind);
}
