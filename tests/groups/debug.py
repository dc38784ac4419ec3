"""`make debug`: QEMU paused with a gdb stub, and tools/anvil.gdb, which loads
the kernel's symbols and stops at the C entry.  The test runs the real script
in gdb (batch mode) against a paused boot and checks gdb stopped in kmain."""

import subprocess
from pathlib import Path

from testlib import Boot, test

ROOT = Path(__file__).resolve().parent.parent.parent


@test("debug.gdb_script_stops_at_kmain", boot=Boot(extra=("-s", "-S"), timeout=60), live=True)
def gdb_stops_at_kmain(ctx):
    proc = subprocess.run(["gdb", "-q", "-batch", "-x", str(ROOT / "tools" / "anvil.gdb"),
                           "-ex", "continue", "-ex", "info symbol $pc", "-ex", "print mbi_phys"],
                          cwd=ROOT, capture_output=True, text=True, timeout=45)
    out = proc.stdout + proc.stderr
    assert "Breakpoint 1, kmain" in out, f"gdb did not stop at kmain:\n{out[-2000:]}"
    assert "kmain in section .text" in out, out[-2000:]
    # The boot information's address came through in RDI, as a real argument.
    value = [l for l in out.splitlines() if l.startswith("$1 = ")]
    assert value and int(value[0].split("=")[1]) > 0, f"mbi_phys not readable:\n{out[-2000:]}"
