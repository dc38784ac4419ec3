# diff.mk - the differential-test programs (tests/groups/differential.py).
# Included by the top Makefile, after user/user.mk.
#
# Every user/diff/NAME.c is an ordinary hosted C program for Linux, built
# twice against a real C library, statically:
#
#	$(BUILD)/diff/NAME.musl    musl-gcc -static  (Debian's musl-tools)
#	$(BUILD)/diff/NAME.glibc   gcc -static       (Debian's libc6-dev)
#
# The same binaries run on the host (Linux is the oracle) and on anvil as
# the modules /bin/NAME.musl and /bin/NAME.glibc; the test compares their
# output line for line.  A glibc static binary is about 800 KB, so the
# list stays short.

MUSL_CC  ?= musl-gcc
GLIBC_CC ?= gcc

DIFF_DIR   := user/diff
DIFF_BUILD := $(BUILD)/diff
DIFF_SRCS  := $(wildcard $(DIFF_DIR)/*.c)
DIFF_NAMES := $(patsubst $(DIFF_DIR)/%.c,%,$(DIFF_SRCS))
DIFF_PROGS := $(foreach n,$(DIFF_NAMES),$(DIFF_BUILD)/$(n).musl $(DIFF_BUILD)/$(n).glibc)

# Hosted C, so none of user.mk's freestanding flags.  No -g: the symbol
# table is enough to name a faulting address, and debug info would double
# the size of each module on the ISO.
DIFF_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -Werror -static -s

# A missing compiler or static libc is installed by tools/deps.sh (or it
# says how): the files the two packages put there.
MUSL_GCC_FILE  := /usr/bin/musl-gcc
GLIBC_LIBC_A   := /usr/lib/x86_64-linux-gnu/libc.a
$(MUSL_GCC_FILE) $(GLIBC_LIBC_A):
	@sh tools/deps.sh

.PHONY: diff-progs
diff-progs: $(DIFF_PROGS)

$(DIFF_BUILD)/%.musl: $(DIFF_DIR)/%.c $(DIFF_DIR)/diff.h | $(MUSL_GCC_FILE)
	@mkdir -p $(@D)
	$(call say,MUSLCC,$<)$(MUSL_CC) $(DIFF_CFLAGS) $< -o $@

$(DIFF_BUILD)/%.glibc: $(DIFF_DIR)/%.c $(DIFF_DIR)/diff.h | $(GLIBC_LIBC_A)
	@mkdir -p $(@D)
	$(call say,GLIBCCC,$<)$(GLIBC_CC) $(DIFF_CFLAGS) $< -o $@
