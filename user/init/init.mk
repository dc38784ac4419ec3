# init.mk - anvil's /sbin/init (user/init/init.c), included by the top
# Makefile after user/diff/diff.mk (whose MUSL_CC and musl-gcc rule it
# shares).  An ordinary static C program against musl, like any program a
# learner adds to the root (docs/userland.md); it goes into the userland
# archive, not into anvil's own initramfs, so that a boot without the
# userland still ends in the kernel's shell.
INIT_PROG := $(BUILD)/userland/init

$(INIT_PROG): user/init/init.c | $(MUSL_GCC_FILE)
	@mkdir -p $(@D)
	$(call say,MUSLCC,$<)$(MUSL_CC) -std=gnu11 -Os -Wall -Wextra -Werror -static -s $< -o $@
