"""Boot-path tests: the ISO boots under both firmwares, the command line reaches
the kernel, and the kernel ends the run through port 0xf4.

They use only contracts from docs/design.md: `test=PATTERN` with a pattern that
matches no in-kernel test must print an empty KTAP plan (`1..0`) and end with
`anvil: exit status 0 (tests passed)`; unknown command-line words are logged.
"""

import re

from testlib import WAIT, Boot, test

# A pattern no in-kernel test matches, plus an unknown word the kernel must log.
NO_TESTS = "test=nomatch.nomatch anvil_probe_word"

for firmware in ("bios", "uefi"):
    quiet = Boot(firmware=firmware, cmdline=NO_TESTS)       # one boot for the tests below

    @test(f"boot.{firmware}.ends_run", boot=quiet)
    def ends_run(ctx):
        assert ctx.outcome.code == 0, f"wanted exit status 0, got: {ctx.outcome.message}"
        ctx.expect(r"anvil: exit status 0 \(tests passed\)")

    @test(f"boot.{firmware}.cmdline_reaches_kernel", boot=quiet)
    def cmdline_reaches_kernel(ctx):
        ctx.expect(r"anvil_probe_word")

    @test(f"boot.{firmware}.empty_ktap_plan", boot=quiet)
    def empty_ktap_plan(ctx):
        ctx.expect(r"^KTAP version 1$")
        ctx.expect(r"^1\.\.0$")


@test("boot.bios.cpu_qemu64", boot=Boot(cpu="qemu64", cmdline=NO_TESTS))
def cpu_qemu64(ctx):
    """QEMU's default CPU lacks POPCNT, SMEP, RDRAND...: the kernel must check CPUID."""
    assert ctx.outcome.code == 0, ctx.outcome.message


@test("boot.bios.monitor_reset_vector", boot=Boot(cmdline=NO_TESTS, extra=("-S",)), live=True)
def monitor_reset_vector(ctx):
    """A live boot, started paused: the CPU sits at the reset vector, then runs to the end."""
    registers = ctx.qemu.monitor("info registers")
    assert re.search(r"^EIP=0000fff0 ", registers, re.MULTILINE), registers
    ctx.qemu.monitor("cont")
    ctx.qemu.wait_for(r"anvil: exit status", timeout=WAIT)
    assert ctx.qemu.wait().code == 0, ctx.qemu.wait().message


# ---------------------------------------------------------------------------
# The multiboot2 summary the kernel logs, under each firmware.

for firmware, screen in (("bios", "EGA text at b8000"), ("uefi", "RGB at ")):
    summary = Boot(firmware=firmware, cmdline=NO_TESTS)

    @test(f"boot.{firmware}.multiboot2_summary", boot=summary)
    def multiboot2_summary(ctx, firmware=firmware, screen=screen):
        ctx.expect(rf"boot: loader \"GRUB [^\"]+\", {firmware.upper()} firmware")
        ctx.expect(r"boot: memory map, \d+ entries")
        ram = int(ctx.expect(r"boot: usable RAM \d+ KiB \((\d+) MiB\)").group(1))
        assert 100 <= ram <= 128, f"usable RAM {ram} MiB with -m 128M"
        ctx.expect(r"boot: ACPI RSDP version [12]")
        ctx.expect(r"boot:   module initramfs at [0-9a-f]+-[0-9a-f]+ \(\d+ bytes\)")
        # The archive checked and unpacked: rootfs/ and the programs.
        ctx.expect(r"initramfs: [1-9]\d* files, [1-9]\d* directories, \d+ symlinks, [1-9]\d* KiB")
        ctx.expect(rf"boot: framebuffer .*{screen}")


@test("boot.bios.two_gib_of_memory", boot=Boot(mem="2G", cmdline=NO_TESTS))
def two_gib(ctx):
    assert ctx.outcome.code == 0, ctx.outcome.message
    ram = int(ctx.expect(r"boot: usable RAM \d+ KiB \((\d+) MiB\)").group(1))
    assert 1900 <= ram <= 2048, f"usable RAM {ram} MiB with -m 2G"


@test("boot.panic_ends_run_with_status_3", boot=Boot(cmdline="crash=panic"))
def panic_status(ctx):
    """panic() prints message, file:line and registers; panic=exit ends the run."""
    assert ctx.outcome.code == 3, f"wanted status 3 (kernel panic), got: {ctx.outcome.message}"
    ctx.expect(r"KERNEL PANIC at kernel/crash\.c:\d+: deliberate panic")
    ctx.expect(r"RAX=[0-9a-f]{16} RBX=")
    ctx.expect(r"CR3=[0-9a-f]{16} CR4=")


@test("boot.bios.no_long_mode_is_explained", boot=Boot(cpu="qemu32", cmdline=NO_TESTS),
      live=True)
def no_long_mode(ctx):
    """A 32-bit-only CPU: the boot code says why it stops instead of crashing."""
    ctx.qemu.wait_for(r"this CPU has no long mode", timeout=WAIT)
