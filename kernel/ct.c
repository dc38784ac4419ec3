/*
 * ct_memeq: memcmp's early exit ("stop at the first difference") tells an
 * attacker, through timing, how many leading bytes of a guess were right;
 * guessing a secret then takes 256 tries per byte instead of 256^n.  Here
 * every byte is read and the differences are ORed together, and the only
 * branch is the loop counter, which depends on n alone.
 *
 * The compiler could in principle notice that once diff is 0xff it can
 * never change and add an early exit.  value_barrier() (barrier.h) makes
 * diff opaque to it on every round, so it cannot reason about the value.
 *
 * Checking the machine code (do it after changing this file or the
 * compiler):
 *	objdump -d --no-show-raw-insn build/obj/kernel/ct.o
 * ct_memeq must contain exactly one conditional jump inside the loop (the
 * compare of the index with n) plus the n == 0 test before it; any other
 * jcc, or a jcc after a test of the accumulated byte, would be a
 * data-dependent branch.  The result is made with sete/setz, not a jump.
 */
#include "kernel/ct.h"
#include "arch/x86_64/insn/barrier.h"
#include <stdint.h>

bool ct_memeq(const void *a, const void *b, size_t n)
{
	const uint8_t *pa = a, *pb = b;
	uint64_t diff = 0;

	for (size_t i = 0; i < n; i++)
		diff = value_barrier(diff | (uint64_t)(pa[i] ^ pb[i]));
	return diff == 0;
}
