"""Host-side unit tests: kernel sources compiled for this machine with
AddressSanitizer and UndefinedBehaviorSanitizer (tests/host/*_test.c, built by
`make host-tests`).  Each binary prints TAP; it passes when every line is ok
and the program exits 0 (a sanitizer report makes it exit non-zero)."""

import re
import subprocess
from pathlib import Path

from testlib import test

ROOT = Path(__file__).resolve().parent.parent.parent
BUILD = ROOT / "build" / "host"


def tap_test(name, binary):
    @test(f"host.{name}")
    def run(ctx):
        if not binary.exists():
            raise AssertionError(f"{binary} is missing: run `make host-tests`")
        proc = subprocess.run([str(binary)], capture_output=True, text=True, timeout=120,
                              cwd=ROOT)  # cpio_test reads tests/fuzz/corpus/cpio/
        out = proc.stdout + proc.stderr
        failed = [line for line in out.splitlines() if line.startswith("not ok")]
        checks = len(re.findall(r"^(?:not )?ok \d+", out, re.MULTILINE))
        assert checks > 0, f"{binary.name} reported no checks:\n{out[-2000:]}"
        assert proc.returncode == 0 and not failed, \
            f"{binary.name} exited {proc.returncode}; failing checks: {failed}\n{out[-3000:]}"


for source in sorted((ROOT / "tests" / "host").glob("*_test.c")):
    tap_test(source.stem, BUILD / source.stem)
