"""Boot-path tests: the ISO boots under both firmwares, the command line reaches
the kernel, and the kernel ends the run through port 0xf4.

They use only contracts from DESIGN.md: `test=PATTERN` with a pattern that
matches no in-kernel test must print an empty KTAP plan (`1..0`) and end with
`anvil: exit status 0 (tests passed)`; unknown command-line words are logged.
"""

import re

from testlib import Boot, test

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
    ctx.qemu.wait_for(r"anvil: exit status", timeout=20)
    assert ctx.qemu.wait().code == 0, ctx.qemu.wait().message
