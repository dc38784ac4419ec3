# user.mk - builds anvil's ring-3 programs. Included by the top Makefile:
#
#	include user/user.mk
#
# Every user/NAME.c is one program, built as the static ELF $(BUILD)/user/NAME
# and linked with the runtime in user/lib/ (start-up, syscalls, printf, TAP).
# Adding a program is adding a .c file here. `make user` builds them all.
# One program is a folder: user/bench/*.c, the benchmark (rule below).

BUILD   ?= build
USER_CC ?= $(CC)
NASM    ?= nasm

USER_DIR   := user
USER_BUILD := $(BUILD)/user

USER_SRCS  := $(wildcard $(USER_DIR)/*.c)
USER_PROGS := $(patsubst $(USER_DIR)/%.c,$(USER_BUILD)/%,$(USER_SRCS))

USER_LIB_C   := $(wildcard $(USER_DIR)/lib/*.c)
USER_LIB_ASM := $(wildcard $(USER_DIR)/lib/*.asm)
USER_LIB_OBJ := $(patsubst $(USER_DIR)/lib/%.c,$(USER_BUILD)/lib/%.o,$(USER_LIB_C)) \
                $(patsubst $(USER_DIR)/lib/%.asm,$(USER_BUILD)/lib/%.asm.o,$(USER_LIB_ASM))

# Compile flags, one group per line:
USER_CFLAGS := -std=gnu11 -O2 -g
# no libc headers or built-in assumptions about a hosted environment
USER_CFLAGS += -ffreestanding
# the same code and addresses as the linker script's fixed 0x400000 layout
USER_CFLAGS += -fno-pie
# no canary: there is no libc to hold the guard value or __stack_chk_fail
USER_CFLAGS += -fno-stack-protector
# no SSE/x87: the programs never need them, and the kernel need not save them
USER_CFLAGS += -mgeneral-regs-only
USER_CFLAGS += -Wall -Wextra -Werror
USER_CFLAGS += -I$(USER_DIR)/lib -MMD -MP

# Link flags: a static executable without libc or crt files, at the fixed
# address in user.ld. -static alone already means "not PIE" to gcc and clang
# (a static PIE is -static-pie); clang warns that -no-pie is unused here.
# These go only on the link line: clang warns (and so, with -Werror, fails)
# about link-only flags given while compiling.
# -L: where the linker scripts' INCLUDE finds user_sections.ld.
USER_LDFLAGS := -static -nostdlib -L $(USER_DIR)

# The linker script: user.ld (the usual layout at 0x400000), or for the
# programs listed here user_top.ld, which adds a code page at the top of
# the user half (section .user_top; t_entry tests SYSCALL and int $0x80
# returning to the first non-canonical address).
USER_TOP_PROGS := t_entry t_entry_int80
USER_LDS       := $(USER_DIR)/user.ld $(USER_DIR)/user_top.ld $(USER_DIR)/user_sections.ld
user_ld = $(USER_DIR)/$(if $(filter $(1),$(USER_TOP_PROGS)),user_top.ld,user.ld)

.PHONY: user
user: $(USER_PROGS)

$(USER_BUILD)/lib/%.o: $(USER_DIR)/lib/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(USER_CC) $(USER_CFLAGS) -c $< -o $@

# NAME.asm.o, not NAME.o: start.c (start.asm's C half) already makes start.o
$(USER_BUILD)/lib/%.asm.o: $(USER_DIR)/lib/%.asm
	@mkdir -p $(@D)
	$(call say,AS,$<)$(NASM) -f elf64 -g -F dwarf $< -o $@

$(USER_PROGS:%=%.o): $(USER_BUILD)/%.o: $(USER_DIR)/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(USER_CC) $(USER_CFLAGS) -c $< -o $@

$(USER_PROGS): $(USER_BUILD)/%: $(USER_BUILD)/%.o $(USER_LIB_OBJ) $(USER_LDS)
	$(call say,LD,$@)$(USER_CC) $(USER_LDFLAGS) -T $(call user_ld,$*) -o $@ $< $(USER_LIB_OBJ)

# The benchmark, one file per group of rows (user/bench/bench.h); its
# objects go in bench.obj/, since $(USER_BUILD)/bench is the program.
BENCH_OBJ  := $(patsubst $(USER_DIR)/bench/%.c,$(USER_BUILD)/bench.obj/%.o,$(wildcard $(USER_DIR)/bench/*.c))
USER_PROGS += $(USER_BUILD)/bench
user: $(USER_BUILD)/bench

$(USER_BUILD)/bench.obj/%.o: $(USER_DIR)/bench/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(USER_CC) $(USER_CFLAGS) -c $< -o $@

$(USER_BUILD)/bench: $(BENCH_OBJ) $(USER_LIB_OBJ) $(USER_LDS)
	$(call say,LD,$@)$(USER_CC) $(USER_LDFLAGS) -T $(USER_DIR)/user.ld -o $@ $(BENCH_OBJ) $(USER_LIB_OBJ)

# Two files for execve_edge's error checks, installed like programs
# (/bin/dynamic, /bin/notelf) but not built from user/*.c:
#   dynamic  a dynamically linked ELF (PT_INTERP, PT_DYNAMIC) whose code
#            exits 7; -pie makes it dynamic without any shared library
#   notelf   a text file
USER_EXEC_FILES := $(USER_BUILD)/dynamic $(USER_BUILD)/notelf
USER_PROGS      += $(USER_EXEC_FILES)
user: $(USER_EXEC_FILES)

$(USER_BUILD)/exec/dynamic.o: $(USER_DIR)/exec/dynamic.asm
	@mkdir -p $(@D)
	$(call say,AS,$<)$(NASM) -f elf64 $< -o $@

$(USER_BUILD)/dynamic: $(USER_BUILD)/exec/dynamic.o
	$(call say,LD,$@)$(USER_CC) -nostdlib -pie \
		-Wl,--dynamic-linker=/lib64/ld-linux-x86-64.so.2 -o $@ $<

$(USER_BUILD)/notelf: $(USER_DIR)/exec/notelf
	@mkdir -p $(@D)
	$(call say,CP,$@)cp $< $@ && chmod 755 $@

# The programs only the process tests run (tests/groups/process.py, and
# ring3's fpu_race and fpu_preempt).  GRUB loads them only for a boot whose
# command line names one of them, as it does the differential-test
# programs: each module costs every boot GRUB's reading of it
# (tools/mkgrubcfg.sh; tools/qemu_config.py reads this line).
USER_ON_DEMAND := forkfork exitwait reparent killstatus preempt manychild cow forkbomb oom execve_edge vfork forkregs forkloop fpu_race fpu_preempt notelf dynamic

-include $(wildcard $(USER_BUILD)/*.d $(USER_BUILD)/lib/*.d $(USER_BUILD)/bench.obj/*.d)
