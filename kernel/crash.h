#ifndef ANVIL_KERNEL_CRASH_H
#define ANVIL_KERNEL_CRASH_H

/* crash=KIND on the command line: fail on purpose, so a host-side test
 * can watch the kernel's reaction in a boot of its own.
 *   panic           panic() through crash_chain_outer/middle/inner, so the
 *                   backtrace has known names to look for
 *   stack_overflow  unbounded recursion on a stack with a guard page: the
 *                   double fault must be reported from its IST stack */
void deliberate_crash(const char *kind);

#endif
