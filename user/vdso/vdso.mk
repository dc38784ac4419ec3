# vdso.mk - the vDSO (user/vdso/vdso.c, docs/vdso.md) and the programs
# that test it.  Included by the top Makefile, after user/diff/diff.mk.
#
# The vDSO is a shared object the kernel carries in its image
# (arch/x86_64/vdso/vdso_image.asm includes $(BUILD)/gen/vdso.so) and maps
# into every process.  Linux builds its own the same way
# (arch/x86/entry/vdso/Makefile): position-independent code, no C
# library, its own linker script, a symbol table with versions.

VDSO_SO  := $(BUILD)/gen/vdso.so
VDSO_DBG := $(BUILD)/vdso/vdso.so.dbg

# -fPIC: it runs at whatever address exec chose.  -O2: the clock is the
# hot path.  -mgeneral-regs-only: no SSE, the caller's vector registers
# stay untouched.  No stack protector (no canary in a vDSO), no unwind
# tables (discarded anyway), -mno-red-zone not needed: it is user code.
VDSO_CFLAGS := -std=gnu11 -O2 -fPIC -ffreestanding -fno-stack-protector -mgeneral-regs-only
VDSO_CFLAGS += -fno-asynchronous-unwind-tables -fno-plt -fvisibility=default
VDSO_CFLAGS += -Wall -Wextra -Werror -I. -MMD -MP
# -shared -Bsymbolic: a shared object whose own references need no
# relocation; --hash-style=both: .hash for musl, .gnu.hash for glibc;
# the soname glibc names the link map with.
VDSO_LDFLAGS := -shared -nostdlib -Wl,-Bsymbolic -Wl,--hash-style=both -Wl,--no-undefined
VDSO_LDFLAGS += -Wl,-soname=linux-vdso.so.1 -Wl,-z,noexecstack -Wl,-z,max-page-size=4096
VDSO_LDFLAGS += -Wl,--build-id=none -Wl,-T,user/vdso/vdso.lds

$(BUILD)/vdso/vdso.o: user/vdso/vdso.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(VDSO_CFLAGS) -c $< -o $@

$(VDSO_DBG): $(BUILD)/vdso/vdso.o user/vdso/vdso.lds
	$(call say,LD,$@)$(CC) $(VDSO_LDFLAGS) -o $@ $<

# Stripped of its debug sections and symbol table: what is mapped is
# only what a dynamic linker reads.  It must have no relocations (they
# would need a loader); the check fails the build if it has any.
$(VDSO_SO): $(VDSO_DBG)
	@mkdir -p $(@D)
	$(call say,VDSO,$@)objcopy -S $< $@
	@if readelf -r $@ | grep -q 'Relocation section'; then \
		echo "$@: the vDSO has relocations" >&2; rm -f $@; exit 1; fi

$(BUILD)/obj/arch/x86_64/vdso/vdso_image.o: $(VDSO_SO)

-include $(BUILD)/vdso/vdso.d

# The test programs, built as the differential ones are (static, musl and
# glibc) and loaded by GRUB the same way (DIFF_PROGS: on demand), but run
# only on anvil (tests/groups/vdso.py): Linux has no Syscalls: line.
VDSO_TESTS := $(patsubst user/vdso/t_%.c,t_%,$(wildcard user/vdso/t_*.c))
VDSO_TEST_PROGS := $(foreach n,$(VDSO_TESTS),$(DIFF_BUILD)/$(n).musl $(DIFF_BUILD)/$(n).glibc)
DIFF_PROGS += $(VDSO_TEST_PROGS)

$(DIFF_BUILD)/t_%.musl: user/vdso/t_%.c arch/x86_64/vdso/vvar.h | $(MUSL_GCC_FILE)
	@mkdir -p $(@D)
	$(call say,MUSLCC,$<)$(MUSL_CC) $(DIFF_CFLAGS) -I. $< -o $@

$(DIFF_BUILD)/t_%.glibc: user/vdso/t_%.c arch/x86_64/vdso/vvar.h | $(GLIBC_LIBC_A)
	@mkdir -p $(@D)
	$(call say,GLIBCCC,$<)$(GLIBC_CC) $(DIFF_CFLAGS) -I. $< -o $@
