"""The benchmark in its short mode (issue 10): the same build/user/bench, run
with `quick` as init on anvil and on Debian's Linux kernel, must exit 0 on both
and produce every row with a positive figure.  No timing is asserted: the
figures themselves are `make bench`'s business (docs/syscalls-cost.md).

The Linux run needs Debian's kernel package, fetched once per build/ directory
by tools/bench.py with apt-get download; when it cannot be had, the Linux test
is reported as skipped, with apt's reason.  Both boot under -icount, which
is slow: they run in `make test-full` only."""

import importlib.util
import os
from pathlib import Path

from testlib import test

ROOT = Path(__file__).resolve().parent.parent.parent


def bench_tool():
    """tools/bench.py as a module (loaded by path: `bench` is this group's
    name too)."""
    spec = importlib.util.spec_from_file_location("anvil_bench_tool", ROOT / "tools" / "bench.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    os.makedirs(mod.OUT, exist_ok=True)
    return mod


@test("bench.anvil_quick", full=True)
def anvil_quick(ctx):
    """anvil runs /bin/bench quick to the end: every row positive, exit 0, and
    the kernel logs its boot cost on the way."""
    b = bench_tool()
    res, why = b.run_anvil(["quick"], wall=False, timeout=120)
    problems = b.check(res, why, "anvil")
    assert not problems, "; ".join(problems)
    log = (Path(b.OUT) / "anvil.log").read_text()
    boot = b.parse_boot(log)
    assert boot and boot[0] > 0, "no `boot: N TSC ticks from the first instruction to ring 3` line"


@test("bench.linux_quick", full=True)
def linux_quick(ctx):
    """Debian's Linux runs the same binary as /init: every row positive and a
    clean power-off after `bench: done`."""
    b = bench_tool()
    binary = Path(b.BUILD) / "user" / "bench"
    assert binary.exists(), f"{binary} is missing (make)"
    vmlinuz, why = b.fetch_linux()
    if not vmlinuz:
        ctx.skip(f"Linux kernel package not available: {why}")
    res, why = b.run_linux(str(binary), ["quick"], wall=False, timeout=180)
    problems = b.check(res, why, "Linux")
    assert not problems, "; ".join(problems)
