"""`make lint` (tools/lint-asm.sh): inline assembly only in arch/x86_64/ and user/.

The check must pass on the real tree and fail on a copy of it with an asm
statement added outside arch/ (kernel/bad.c), naming the file.  The copy
holds only the C sources the script looks at, in a temporary directory."""

import shutil
import subprocess
import tempfile
from pathlib import Path

from testlib import test

ROOT = Path(__file__).resolve().parent.parent.parent
LINT = ROOT / "tools" / "lint-asm.sh"


def lint(tree):
    return subprocess.run(["sh", str(LINT), str(tree)], capture_output=True, text=True, timeout=60)


def copy_sources(dest):
    """kernel/, drivers/, arch/, user/ of the real tree (no build output)."""
    for top in ("kernel", "drivers", "arch", "user"):
        if (ROOT / top).is_dir():
            shutil.copytree(ROOT / top, dest / top)


@test("lint.real_tree_passes")
def real_tree_passes(ctx):
    proc = lint(ROOT)
    assert proc.returncode == 0, f"lint-asm.sh failed on the tree:\n{proc.stdout}{proc.stderr}"


@test("lint.asm_in_kernel_fails")
def asm_in_kernel_fails(ctx):
    with tempfile.TemporaryDirectory(prefix="anvil-lint-") as tmp:
        tree = Path(tmp)
        copy_sources(tree)
        assert lint(tree).returncode == 0, "the copied tree should pass before the change"
        (tree / "kernel" / "bad.c").write_text(
            "void bad(void)\n{\n\t__asm__ volatile(\"nop\");\n}\n")
        proc = lint(tree)
        assert proc.returncode != 0, "lint-asm.sh accepted asm in kernel/bad.c"
        assert "kernel/bad.c:3" in proc.stderr, f"the report does not name the line:\n{proc.stderr}"


@test("lint.asm_spellings_outside_arch_fail")
def asm_spellings_fail(ctx):
    """Other ways to write it: plain `asm`, `asm volatile`, `__asm__ goto`, in a header."""
    spellings = ["asm(\"nop\");", "asm volatile (\"nop\");", "__asm__ goto(\"jmp %l0\" :::: out);"]
    with tempfile.TemporaryDirectory(prefix="anvil-lint-") as tmp:
        tree = Path(tmp)
        copy_sources(tree)
        for i, line in enumerate(spellings):
            bad = tree / "drivers" / f"bad{i}.h"
            bad.write_text(f"static inline void f(void) {{ {line} out: ; }}\n")
            proc = lint(tree)
            assert proc.returncode != 0, f"lint-asm.sh accepted: {line}"
            bad.unlink()
