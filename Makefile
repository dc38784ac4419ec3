# anvil — build, run and test.  `make help` lists the targets.
#
#   make            build build/kernel.elf and build/kernel.iso
#   make run        boot it in QEMU, serial console on this terminal
#   make test       the test suite, a representative set of boots (T=NAME: pytest -k)
#   make test-full  every test, the whole boot matrix (UEFI, qemu64, 2 GiB, UBSAN)
#   make test-stress  make test 3 times under stress-ng --cpu 2 (flakiness check)
#   make torture    the long robustness run (docs/robustness.md)
#
# Variables: CC=clang, FIRMWARE=bios|uefi, ACCEL=tcg|kvm, ARGS='kernel
# command line', MEM=128M, CPU=max, DEBUG=int, T=pytest -k expression, J=workers.

BUILD    ?= build

# Quiet build: `make` prints one short line a step (`CC kernel/main.c`),
# `make V=1` the full commands, as Linux's kbuild does.  A recipe line
# starts with $(call say,WHAT,FILE) and then the command itself.
ifeq ($(V),1)
say :=
else
say = @printf '  %-7s %s\n' '$(1)' '$(2)';
endif
# make's built-in default CC is "cc"; anvil defaults to gcc, CC=clang works too.
ifeq ($(origin CC),default)
CC       := gcc
endif
NASM     ?= nasm
PYTHON   ?= python3
HOSTCC   ?= gcc

CC_IS_CLANG := $(shell $(CC) --version 2>/dev/null | grep -q clang && echo 1)

# ---------------------------------------------------------------------------
# Kernel compiler flags, one group per line.
KERNEL_CFLAGS := -std=gnu11
KERNEL_CFLAGS += -ffreestanding -nostdlib          # no hosted C library; only our own code
KERNEL_CFLAGS += -fno-pic -mcmodel=kernel          # linked in the top 2 GiB (-2 GiB..0)
KERNEL_CFLAGS += -mno-red-zone                     # interrupts would clobber the 128 bytes below RSP
KERNEL_CFLAGS += -mgeneral-regs-only               # no SSE/x87 outside the SIMD unit (*_simd.c)
KERNEL_CFLAGS += -fno-omit-frame-pointer           # RBP chains make backtraces possible
KERNEL_CFLAGS += -fno-stack-protector              # no canary runtime in the kernel
KERNEL_CFLAGS += -fno-strict-aliasing              # page tables and boot data are read through casts
KERNEL_CFLAGS += -fno-asynchronous-unwind-tables   # no .eh_frame: nothing unwinds with it
KERNEL_CFLAGS += -O2 -g
KERNEL_CFLAGS += -Wall -Wextra -Wstrict-prototypes -Werror
KERNEL_CFLAGS += -I. -MMD -MP
ifneq ($(CC_IS_CLANG),1)
# GCC would turn our memcpy/memset loops into calls to memcpy/memset.
KERNEL_CFLAGS += -fno-tree-loop-distribute-patterns
endif
ifeq ($(UBSAN),1)
# The compiler's undefined-behaviour checks, reported by kernel/ubsan.c.
KERNEL_CFLAGS += -fsanitize=undefined -DANVIL_UBSAN=1
endif
KERNEL_CFLAGS := $(strip $(KERNEL_CFLAGS))

# The SIMD unit is the one place allowed to use SSE registers: the kernel
# enables SSE itself (arch/x86_64/cpu/simd.c) and these functions save nothing.
SIMD_CFLAGS := $(filter-out -mgeneral-regs-only,$(KERNEL_CFLAGS)) -msse2 -mno-avx

NASMFLAGS := -f elf64 -g -F dwarf -I$(BUILD)/gen/ -Iarch/x86_64/entry/

LD        := ld
LDFLAGS   := -nostdlib -static -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments -T linker.ld

# ---------------------------------------------------------------------------
# Sources: every .c under kernel/, drivers/, arch/ and every .asm under
# boot/ and arch/ is part of the kernel.
KERNEL_C   := $(sort $(shell find kernel drivers arch -name '*.c'))
KERNEL_ASM := $(sort $(shell find boot arch -name '*.asm'))
KERNEL_OBJ := $(KERNEL_C:%.c=$(BUILD)/obj/%.o) $(KERNEL_ASM:%.asm=$(BUILD)/obj/%.o)

# The screen font, generated: tools/mkfont.py turns a PSF console font from
# Debian's console-setup-linux into C (build/gen/font.c; docs/console.md).
FONT_PSF   := /usr/share/consolefonts/Uni2-VGA16.psf.gz
FONT_C     := $(BUILD)/gen/font.c
KERNEL_OBJ += $(BUILD)/obj/gen/font.o

KERNEL_ELF := $(BUILD)/kernel.elf
KERNEL_ISO := $(BUILD)/kernel.iso
INITRAMFS  := $(BUILD)/initramfs.cpio
# Debian's busybox and bash and anvil's /sbin/init (the rule is below).
USERLAND   := $(BUILD)/debian/userland.cpio
# NASM includes generated from C headers (see the rule below).
GEN_INC    = $(addprefix $(BUILD)/gen/,$(notdir $(GEN_INC_SRC:.h=.inc)))

# user/user.mk (included below) has rules of its own; without this its first
# target, `user`, would become what a plain `make` builds.
.DEFAULT_GOAL := all

# User programs (user/user.mk defines USER_PROGS) become /bin/NAME in the
# initramfs.
USER_PROGS :=
-include user/user.mk
# The differential-test programs (user/diff/diff.mk defines DIFF_PROGS:
# NAME.musl and NAME.glibc) become the modules /bin/NAME.musl and
# /bin/NAME.glibc, which GRUB loads only on demand (tools/mkgrubcfg.sh).
DIFF_PROGS :=
-include user/diff/diff.mk
# The vDSO and its test programs (user/vdso/vdso.mk; adds to DIFF_PROGS).
-include user/vdso/vdso.mk
# The bench's programs with a real C library (user/bench/libc.mk; adds to DIFF_PROGS).
-include user/bench/libc.mk
ISO_PROGS := $(DIFF_PROGS)

# Keep generated files (build/gen/*.inc) that make would otherwise treat as
# intermediate and delete at the end of every run.
.SECONDARY:

.PHONY: debian-progs
.PHONY: all iso run run-gui debug bench torture test test-full test-stress lint host-tests fuzz fuzz-build ubsan clean deps deps-gui help
all: $(KERNEL_ELF) $(INITRAMFS) $(USERLAND) $(KERNEL_ISO)

# Constants shared with NASM: every ANVIL_* macro of a layout header as a
# %define in build/gen/NAME.inc (mm/layout.h: the memory layout;
# entry/trap_layout.h: the trap frame's offsets; entry/syscall_layout.h:
# per-CPU data, the saved kernel context and the user selectors of the
# SYSCALL entry).
GEN_INC_SRC := arch/x86_64/mm/layout.h arch/x86_64/entry/trap_layout.h arch/x86_64/entry/syscall_layout.h
define gen_inc_rule
$(BUILD)/gen/$(basename $(notdir $(1))).inc: $(1)
	@mkdir -p $$(dir $$@)
	$$(call say,GEN,$$@)$(CC) -E -dM -P $$< | sed -n 's/^#define \(ANVIL_[A-Z0-9_]*\) \(.*\)$$$$/%define \1 \2/p' > $$@
endef
$(foreach h,$(GEN_INC_SRC),$(eval $(call gen_inc_rule,$(h))))

# A missing font file is installed by tools/deps.sh (or it says how).
$(FONT_PSF):
	@sh tools/deps.sh

$(FONT_C): $(FONT_PSF) tools/mkfont.py
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)$(PYTHON) tools/mkfont.py $(FONT_PSF) $@

$(BUILD)/obj/gen/font.o: $(FONT_C)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/obj/%_simd.o: %_simd.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(SIMD_CFLAGS) -c $< -o $@

# The UBSAN runtime must not check itself (a report would recurse).
$(BUILD)/obj/kernel/ubsan.o: kernel/ubsan.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(filter-out -fsanitize=%,$(KERNEL_CFLAGS)) -c $< -o $@

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/obj/%.o: %.asm $(GEN_INC)
	@mkdir -p $(dir $@)
	$(call say,AS,$<)$(NASM) $(NASMFLAGS) -MD $(@:.o=.d) $< -o $@

# Symbol table (function names for backtraces, kernel/ksym.c), in two links:
#   1. link the kernel with an empty table: build/kernel.pre.elf;
#   2. list its functions (tools/mksymtab.py, from nm) into a sorted table
#      in section .ksymtab, and link again with that table: kernel.elf.
# The table lists only .text, and .ksymtab sits in .rodata, after .text
# (linker.ld), so its size cannot move any function: the addresses found
# in step 1 hold in step 2.  The last command checks exactly that, by
# making the table again from kernel.elf and comparing.
KSYMTAB_EMPTY := $(BUILD)/gen/ksymtab_empty.asm
KSYMTAB       := $(BUILD)/gen/ksymtab.asm

$(KSYMTAB_EMPTY): tools/mksymtab.py
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)$(PYTHON) tools/mksymtab.py --empty > $@

$(BUILD)/kernel.pre.elf: $(KERNEL_OBJ) $(KSYMTAB_EMPTY:%.asm=%.o) linker.ld
	$(call say,LD,$@)$(LD) $(LDFLAGS) -o $@ $(KERNEL_OBJ) $(KSYMTAB_EMPTY:%.asm=%.o)

$(KSYMTAB): $(BUILD)/kernel.pre.elf tools/mksymtab.py
	$(call say,GEN,$@)$(PYTHON) tools/mksymtab.py $< > $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.asm
	$(call say,AS,$<)$(NASM) $(NASMFLAGS) $< -o $@

$(KERNEL_ELF): $(KERNEL_OBJ) $(KSYMTAB:%.asm=%.o) linker.ld
	$(call say,LD,$@)$(LD) $(LDFLAGS) -o $@ $(KERNEL_OBJ) $(KSYMTAB:%.asm=%.o)
	@$(PYTHON) tools/mksymtab.py $@ | cmp -s - $(KSYMTAB) || \
		{ echo "ksymtab: functions moved between the two links; see the Makefile" >&2; \
		  rm -f $@; exit 1; }

# The initramfs (docs/design.md, "The root file system"): rootfs/ and
# anvil's programs as /bin/NAME, one cpio archive that the kernel unpacks
# into its root (kernel/fs/initramfs.c).  The programs go in without their
# debug information (objcopy --strip-debug keeps the symbol table; gdb
# reads build/user/NAME): 1.1 MB -> 0.3 MB, which GRUB reads every boot.
INITRAMFS_BIN := $(USER_PROGS:$(USER_BUILD)/%=$(BUILD)/initramfs-bin/%)
ROOTFS        := $(shell find rootfs)
$(INITRAMFS): tools/mkinitramfs.py $(ROOTFS) $(INITRAMFS_BIN)
	$(call say,GEN,$@)$(PYTHON) tools/mkinitramfs.py $@ rootfs $(INITRAMFS_BIN)

# The userland archive (docs/userland.md): Debian 12's own unmodified static
# busybox and bash (tools/debian_pkgs.py: apt-get download, dpkg-deb -x), a
# link for every busybox applet, and anvil's /sbin/init (user/init/).  GRUB
# loads it after the initramfs above when $$anvil_userland is 1 (make run;
# iso/grub.cfg.in).  Fetched once; without network the file is not made,
# the ISO has no userland, and the tests say why (build/debian/WHY-MISSING).
-include user/init/init.mk
$(USERLAND): tools/debian_pkgs.py tools/mkinitramfs.py $(INIT_PROG)
	$(call say,GEN,$@)$(PYTHON) tools/debian_pkgs.py $@ $(INIT_PROG) --skip $(notdir $(USER_PROGS))
debian-progs: $(USERLAND)

# notelf is not an ELF file (the exec tests' bad program): copied as it is.
$(BUILD)/initramfs-bin/%: $(USER_BUILD)/%
	@mkdir -p $(@D)
	$(call say,STRIP,$@)if [ "$$(head -c 4 $<)" = "$$(printf '\177ELF')" ]; then \
		objcopy --strip-debug $< $@; else cp $< $@; fi

# The ISO: GRUB (BIOS and UEFI), the kernel, the initramfs as the module
# "initramfs" (anvil's programs are in it), the userland archive when it
# could be made, and the differential-test programs as modules of their own.
ISO_DIR := $(BUILD)/iso
$(KERNEL_ISO): $(KERNEL_ELF) $(INITRAMFS) $(USERLAND) iso/grub.cfg.in $(ISO_PROGS) tools/mkgrubcfg.sh
	$(call say,ISO,$@)rm -rf $(ISO_DIR)
	@mkdir -p $(ISO_DIR)/boot/grub $(ISO_DIR)/boot/bin
	@cp $(KERNEL_ELF) $(ISO_DIR)/boot/kernel.elf
	@cp $(INITRAMFS) $(ISO_DIR)/boot/initramfs.cpio
	@if [ -f $(USERLAND) ]; then cp $(USERLAND) $(ISO_DIR)/boot/userland.cpio; fi
	@$(if $(ISO_PROGS),cp $(ISO_PROGS) $(ISO_DIR)/boot/bin/)
	@sh tools/mkgrubcfg.sh iso/grub.cfg.in $$([ -f $(USERLAND) ] && echo --userland) \
		--on-demand anvil_libc_programs $(notdir $(DIFF_PROGS)) > $(ISO_DIR)/boot/grub/grub.cfg
	@grub-mkrescue -o $@ $(ISO_DIR) 2> $(BUILD)/grub-mkrescue.log || \
		{ cat $(BUILD)/grub-mkrescue.log; exit 1; }
iso: $(KERNEL_ISO)

# ---------------------------------------------------------------------------
# Running.
FIRMWARE ?= bios
ACCEL    ?= tcg
MEM      ?= 128M
CPU      ?= max
ARGS     ?=
QEMU_OPTS = --firmware $(FIRMWARE) --accel $(ACCEL) --mem $(MEM) --cpu $(CPU) \
            $(if $(ARGS),--cmdline '$(ARGS)') $(if $(filter int,$(DEBUG)),--debug-int)

deps:
	@sh tools/deps.sh

# QEMU's window needs its gtk/sdl modules (qemu-system-gui), only for run-gui.
deps-gui: deps
	@sh tools/deps.sh gui

# Quitting with ctrl-A X ends QEMU without a status from the kernel (the
# wrapper's 125): the normal way out of an interactive run (run, run-gui,
# debug), not an error.
run: deps all
	@$(PYTHON) tools/qemu.py $(QEMU_OPTS) || [ $$? -eq 125 ]

run-gui: deps-gui all
	@$(PYTHON) tools/qemu.py $(QEMU_OPTS) --display gui || [ $$? -eq 125 ]

# The wrapper says how to connect gdb (qemu.GDB_COMMAND).
debug: deps all
	@$(PYTHON) tools/qemu.py $(QEMU_OPTS) --gdb || [ $$? -eq 125 ]

# The same static benchmark program on anvil and on Debian's Linux kernel,
# both under `qemu -icount shift=0` (BENCH_ARGS=--wall for nanoseconds).
BENCH_ARGS ?=
bench: deps all
	$(PYTHON) tools/bench.py $(BENCH_ARGS)

# The torture run (kernel/torture.c, docs/robustness.md): one BIOS boot,
# timer on, >= 1,000,000 fuzzed system calls, the fault programs and the
# heap stress, no leak.  Exits with the kernel's status: 0 passed.
torture: deps all
	$(PYTHON) tools/qemu.py --cmdline torture --timeout 900 --log $(BUILD)/torture.log < /dev/null

# ---------------------------------------------------------------------------
# Tests.
HOST_CFLAGS := -std=gnu11 -g -O1 -I. -Wall -Wextra -Werror -fsanitize=address,undefined \
               -fno-sanitize-recover=all
HOST_TESTS  := $(patsubst tests/host/%.c,$(BUILD)/host/%,$(wildcard tests/host/*_test.c))

$(BUILD)/host/%: tests/host/%.c
	@mkdir -p $(dir $@)
	$(call say,HOSTCC,$<)$(HOSTCC) $(HOST_CFLAGS) -MMD -MP $< -o $@

host-tests: $(HOST_TESTS)

# libFuzzer harnesses (tests/fuzz/fuzz_NAME.c): the kernel's parsers and
# formatter built for the host with clang, AddressSanitizer and UBSan.
FUZZ_CC     ?= clang
FUZZ_CFLAGS := -std=gnu11 -g -O1 -I. -Wall -Wextra -Werror -Wno-format-security \
               -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZERS     := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS   := $(FUZZERS:%=$(BUILD)/fuzz/fuzz_%)
FUZZ_SECONDS ?= 60

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c
	@mkdir -p $(dir $@)
	$(call say,FUZZCC,$<)$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP $< -o $@

fuzz-build: $(FUZZ_BINS)

# make fuzz: each harness for FUZZ_SECONDS; crashes land in build/fuzz/.
fuzz: deps fuzz-build
	sh tools/fuzz.sh $(BUILD)/fuzz $(FUZZ_SECONDS) $(FUZZERS)

lint:
	@sh tools/lint-asm.sh

# The UBSAN=1 kernel, whose in-kernel tests run in the `ubsan` test group.
ubsan:
	@$(MAKE) --no-print-directory UBSAN=1 BUILD=$(BUILD)/ubsan all

# The host side is pytest (Debian's python3-pytest, run by the system Python
# it is installed for) with pytest-xdist: J workers boot QEMU in parallel, one
# per core by default; tests sharing a boot go to one worker (docs/testing.md).
PYTEST   ?= /usr/bin/python3 -m pytest
J        ?= auto
PYTEST_RUN = $(PYTEST) tests -n $(J) --dist loadgroup --iso $(KERNEL_ISO) $(if $(T),-k '$(T)')

# make test leaves out the tests marked full (the rest of the boot matrix).
test: deps all debian-progs host-tests fuzz-build lint
	$(PYTEST_RUN) -m 'not full'

test-full: deps all debian-progs ubsan host-tests fuzz-build lint
	$(PYTEST_RUN)

# make test three times while stress-ng keeps both cores busy: a test that
# passes only on a quiet machine fails here.  stress-ng is stopped in every
# case (tools/stress-test.sh).
test-stress: deps all host-tests fuzz-build lint
	@sh tools/stress-test.sh 3 $(MAKE) --no-print-directory test

clean:
	rm -rf $(BUILD)

help:
	@sed -n '1,12p' Makefile

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
