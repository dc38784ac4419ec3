"""The kernel built with the compiler's undefined-behaviour checks
(`make UBSAN=1`, kernel/ubsan.c) must pass every in-kernel test: a check
that fires during a test fails that test, one that fires before the tests
fails the run."""

from testlib import Boot, ktests

ktests("ktest.ubsan.bios", Boot(variant="ubsan", timeout=90), full=True)
