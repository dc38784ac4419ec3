"""The in-kernel tests (kernel command line `test`), one TAP test per KTAP result,
under each firmware, and once on QEMU's default CPU (qemu64: no POPCNT, RDRAND,
RDTSCP, SMEP, SMAP, XSAVE...), where tests of missing features must skip or take
their fallback path instead of crashing.  `make test` runs BIOS and qemu64;
the UEFI run is in `make test-full`.  One more boot runs the FPU-state tests
on a CPU with XSAVE but not XSAVEOPT, the one method neither max (xsaveopt)
nor qemu64 (fxsave) picks; TCG has no XSAVEC, so that path runs on hardware
only."""

import re

from testlib import Boot, ktests, test

ktests("ktest.bios", Boot(firmware="bios"))
ktests("ktest.uefi", Boot(firmware="uefi"), full=True)
ktests("ktest.qemu64", Boot(firmware="bios", cpu="qemu64"))


@test("ktest.xsave_without_xsaveopt",
      boot=Boot(cpu="max,-xsaveopt", cmdline="test=fpu_state.*,simd.*"))
def xsave_without_xsaveopt(ctx):
    """simd_init picks plain xsave, and the FPU-state tests pass with it."""
    ctx.expect(r"simd: SSE on, XSAVE on, XCR0 0x7, state saved with xsave, \d+ bytes")
    results = re.findall(r"^(ok|not ok) \d+ (fpu_state\.\S+)", ctx.log, re.MULTILINE)
    assert len(results) >= 10 and all(r == "ok" for r, _ in results), results
    ctx.expect(r"# anvil tests: \d+ passed, 0 failed, 0 skipped")
    assert ctx.outcome.code == 0, ctx.outcome.message
