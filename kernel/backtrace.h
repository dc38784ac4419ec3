/*
 * Backtraces through frame pointers (the kernel is built with
 * -fno-omit-frame-pointer): each function's frame starts with the
 * caller's RBP and, just above it, the return address.  Names come from
 * the kernel's symbol table (kernel/ksym.h).
 */
#ifndef ANVIL_KERNEL_BACKTRACE_H
#define ANVIL_KERNEL_BACKTRACE_H

#include <stdint.h>

#define BACKTRACE_MAX_DEPTH 24

/* Follow the chain from frame pointer rbp, storing up to max return
 * addresses in pcs; returns how many.  Stops at RBP 0 (the end, set by
 * boot/entry64.asm), and at any RBP that is misaligned, non-canonical,
 * outside the kernel half or not mapped, without touching it.  *why (if
 * not NULL) says why it stopped. */
int backtrace_walk(uint64_t rbp, uint64_t *pcs, int max, const char **why);

/* Print a backtrace: pc first (the interrupted instruction; 0 to leave it
 * out), then the callers found from rbp. */
void backtrace_print(uint64_t pc, uint64_t rbp);

/* Print the backtrace of whoever calls this. */
void backtrace_print_current(void);

#endif
