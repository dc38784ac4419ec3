/*
 * What user/bench/bench.h and measure.c take from anvil's user library
 * (user/lib/ulib.h), from a real C library instead: for the bench's libc
 * programs (user/bench/libc/, built by user/bench/libc.mk, whose include
 * path finds this file in place of user/lib's).  Only printing is used.
 */
#ifndef ANVIL_BENCH_LIBC_ULIB_H
#define ANVIL_BENCH_LIBC_ULIB_H

#include <stdio.h>

#define uprintf printf

#endif
