"""Replay every libFuzzer harness's corpus (tests/fuzz/corpus/NAME/), so an
input that once crashed a parser stays a regression test.  Replaying runs
each file once through the harness; it does not fuzz (that is `make fuzz`)."""

import subprocess
from pathlib import Path

from testlib import test

ROOT = Path(__file__).resolve().parent.parent.parent


def replay(name):
    @test(f"fuzz.replay_{name}")
    def run(ctx):
        binary = ROOT / "build" / "fuzz" / f"fuzz_{name}"
        inputs = sorted((ROOT / "tests" / "fuzz" / "corpus" / name).iterdir())
        assert binary.exists(), f"{binary} is missing: run `make fuzz-build`"
        assert inputs, f"no corpus for {name}"
        proc = subprocess.run([str(binary)] + [str(p) for p in inputs],
                              capture_output=True, text=True, timeout=120)
        ran = proc.stderr.count("Running: ")
        assert proc.returncode == 0, f"fuzz_{name} failed on its corpus:\n{proc.stderr[-3000:]}"
        assert ran == len(inputs), f"replayed {ran} of {len(inputs)} inputs"


for source in sorted((ROOT / "tests" / "fuzz").glob("fuzz_*.c")):
    replay(source.stem[len("fuzz_"):])
