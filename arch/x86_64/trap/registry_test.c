/*
 * Tests of the handler registry: exception_init put one default on every
 * exception vector, a registered handler replaces it (no chain: the
 * default does not run as well), and putting the default back restores it.
 */
#include "arch/x86_64/insn/trap_insn.h"
#include "arch/x86_64/trap/trap.h"
#include "kernel/ktest.h"

KTEST(trap_registry, every_exception_vector_has_the_same_default)
{
	trap_handler first = trap_handler_for(0);
	KASSERT_TRUE(first != NULL);
	for (unsigned v = 1; v < X86_TRAP_EXCEPTIONS; v++)
		KEXPECT_TRUE(trap_handler_for((uint8_t)v) == first);
}

static unsigned calls;
static uint64_t seen_vector;

static void count_call(struct trap_frame *f)
{
	calls++;
	seen_vector = f->vector;
}

/* #BR from ring 0 would panic under the default: the test only survives
 * if the registered handler ran instead of it, not before or after it. */
KTEST(trap_registry, registered_handler_replaces_the_default)
{
	trap_handler saved = trap_handler_for(X86_TRAP_BR);
	uint64_t before = trap_count(X86_TRAP_BR);
	calls = 0;
	trap_register(X86_TRAP_BR, count_call);
	int_n(X86_TRAP_BR);
	KEXPECT_TRUE(trap_handler_for(X86_TRAP_BR) == count_call);
	trap_register(X86_TRAP_BR, saved);
	KEXPECT_EQ(calls, 1);
	KEXPECT_EQ(seen_vector, X86_TRAP_BR);
	KEXPECT_EQ(trap_count(X86_TRAP_BR), before + 1);
	KEXPECT_TRUE(trap_handler_for(X86_TRAP_BR) == saved);
}

/* A second registration replaces the first; the first is not called. */
static unsigned other_calls;

static void count_other(struct trap_frame *f)
{
	(void)f;
	other_calls++;
}

KTEST(trap_registry, second_registration_replaces_the_first)
{
	const uint8_t vector = 0x83;
	calls = other_calls = 0;
	trap_register(vector, count_call);
	trap_register(vector, count_other);
	int_n(0x83);
	trap_register(vector, NULL);
	KEXPECT_EQ(calls, 0);
	KEXPECT_EQ(other_calls, 1);
	KEXPECT_TRUE(trap_handler_for(vector) == NULL);
}
