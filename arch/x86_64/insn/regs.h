/*
 * A snapshot of the general registers at the point of the call, for
 * panic() and debugging output.
 */
#ifndef ANVIL_ARCH_REGS_H
#define ANVIL_ARCH_REGS_H

#include <stdint.h>

struct gpr_snapshot {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rflags;
};

/*
 * Store every general register into *s, as it is at this point of the
 * caller (always_inline keeps the values the caller's).  Each "=m" operand
 * names one field, so the compiler knows exactly which memory is written
 * and no "memory" clobber is needed.  The compiler addresses *s through a
 * register of its choice; that register's slot shows the pointer, which is
 * the truth at that instant.  Two statements, because one asm may take at
 * most 30 operands and a clear group of eight reads better anyway.
 */
static inline __attribute__((always_inline)) void capture_gprs(struct gpr_snapshot *s)
{
	__asm__ volatile(
		"movq %%rax, %0\n\t"
		"movq %%rbx, %1\n\t"
		"movq %%rcx, %2\n\t"
		"movq %%rdx, %3\n\t"
		"movq %%rsi, %4\n\t"
		"movq %%rdi, %5\n\t"
		"movq %%rbp, %6\n\t"
		"movq %%rsp, %7\n\t"
		: "=m"(s->rax), "=m"(s->rbx), "=m"(s->rcx), "=m"(s->rdx),
		  "=m"(s->rsi), "=m"(s->rdi), "=m"(s->rbp), "=m"(s->rsp));
	__asm__ volatile(
		"movq %%r8, %0\n\t"
		"movq %%r9, %1\n\t"
		"movq %%r10, %2\n\t"
		"movq %%r11, %3\n\t"
		"movq %%r12, %4\n\t"
		"movq %%r13, %5\n\t"
		"movq %%r14, %6\n\t"
		"movq %%r15, %7\n\t"
		: "=m"(s->r8), "=m"(s->r9), "=m"(s->r10), "=m"(s->r11),
		  "=m"(s->r12), "=m"(s->r13), "=m"(s->r14), "=m"(s->r15));
	__asm__ volatile("pushfq\n\tpopq %0" : "=m"(s->rflags));
}

#endif
