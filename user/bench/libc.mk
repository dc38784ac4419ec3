# libc.mk - the bench's programs built with a real C library (user/bench/libc.c
# runs them, user/bench/libc/ holds them).  Included by the top Makefile,
# after user/diff/diff.mk, whose compilers and flags they use.
#
# Each is one user/bench/libc/NAME.c with user/bench/measure.c (the bench's
# timed loop) linked in, built statically twice, as the differential
# programs are:
#
#	$(BUILD)/diff/NAME.musl    musl-gcc -static
#	$(BUILD)/diff/NAME.glibc   gcc -static
#
# and installed the same way: the on-demand modules /bin/NAME.musl and
# /bin/NAME.glibc on anvil (DIFF_PROGS), files in the Linux initramfs
# (tools/bench.py).  Their include path puts user/bench/libc/ulib.h in place
# of the user library's, so measure.c prints with the C library's printf.

BENCH_LIBC_DIR    := user/bench/libc
BENCH_LIBC_NAMES  := $(patsubst $(BENCH_LIBC_DIR)/%.c,%,$(wildcard $(BENCH_LIBC_DIR)/*.c))
BENCH_LIBC_PROGS  := $(foreach n,$(BENCH_LIBC_NAMES),$(DIFF_BUILD)/$(n).musl $(DIFF_BUILD)/$(n).glibc)
BENCH_LIBC_CFLAGS := $(DIFF_CFLAGS) -I$(BENCH_LIBC_DIR) -Iuser/bench
BENCH_LIBC_DEPS   := user/bench/measure.c user/bench/bench.h $(BENCH_LIBC_DIR)/ulib.h
DIFF_PROGS        += $(BENCH_LIBC_PROGS)

$(BENCH_LIBC_NAMES:%=$(DIFF_BUILD)/%.musl): $(DIFF_BUILD)/%.musl: $(BENCH_LIBC_DIR)/%.c $(BENCH_LIBC_DEPS) | $(MUSL_GCC_FILE)
	@mkdir -p $(@D)
	$(call say,MUSLCC,$<)$(MUSL_CC) $(BENCH_LIBC_CFLAGS) $< user/bench/measure.c -o $@

$(BENCH_LIBC_NAMES:%=$(DIFF_BUILD)/%.glibc): $(DIFF_BUILD)/%.glibc: $(BENCH_LIBC_DIR)/%.c $(BENCH_LIBC_DEPS) | $(GLIBC_LIBC_A)
	@mkdir -p $(@D)
	$(call say,GLIBCCC,$<)$(GLIBC_CC) $(BENCH_LIBC_CFLAGS) $< user/bench/measure.c -o $@
