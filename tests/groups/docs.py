"""The docs are checked like code (tests/docs_check.py reads them).

docs.paths_exist: every repository path (and line), link (and heading) and
function that README.md and docs/**/*.md cite exists, and a quoted panic's
file:line is still that panic; a self-check first shows that a made-up one
of each is reported, so the check can fail.

docs.howto_program_and_syscall: both how-tos followed as written, in a
scratch copy of the repository: their marked code blocks applied, one build
(make -j2 all), one BIOS boot that runs the new program and t_syscalls with
the new system call's checks, and the output the pages show."""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from testlib import test

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import docs_check  # noqa: E402  (tests/docs_check.py)

HOWTO_PROGRAM = "docs/howto-add-program.md"
HOWTO_SYSCALL = "docs/howto-add-syscall.md"
BUILD_SECONDS = 900      # a whole kernel from nothing, two jobs, on a shared machine
BOOT_SECONDS = 90


@test("docs.paths_exist")
def paths_exist(ctx):
    self_check()
    citations = docs_check.cited()
    kinds = {c.kind for c in citations}
    assert {"path", "link", "function"} <= kinds, f"found only {kinds}: is the parser broken?"
    missing = docs_check.problems(citations)
    assert not missing, f"{len(missing)} citations point at nothing:\n" + "\n".join(missing)


def self_check():
    """A page citing one real and one made-up thing of each kind: exactly the
    made-up ones must be reported, each with its page and line."""
    page = "docs/selfcheck.md"
    text = "\n".join([
        "`kernel/main.c` and `kernel/no_such_file.c`",                # 1
        "`kernel/main.c:3` and `kernel/main.c:999999`",               # 2
        "[real](../kernel/main.c) and [made up](no_such_page.md)",    # 3
        "`kmain()` and `kmain_made_up_for_the_check()`",              # 4
        "`read_cr3()` (made by a macro) and `read_cr99()`",           # 5
        "[real](design.md#address-space) and [made up](design.md#no-such-heading)",  # 6
        "    *** KERNEL PANIC at kernel/main.c:1: kmain: made up for the check",  # 7
        "    `kernel/in_a_sample.c` is in an indented block: not a citation",
    ])
    found = docs_check.citations_in(page, text, docs_check.top_names())
    reported = docs_check.problems(found)
    expected = [f"{page}:{n}:" for n in range(1, 8)]
    got = [r.split(" ")[0] for r in reported]
    assert got == expected, "the self-check's made-up citations were not reported as " \
        f"expected:\nwanted {expected}\ngot:\n" + "\n".join(reported)
    for word in ("no_such_file.c", "999999", "no_such_page.md", "kmain_made_up", "read_cr99",
                 "#no-such-heading", "kernel/main.c:1 is not a panic"):
        assert any(word in r for r in reported), f"no report names {word}:\n" + "\n".join(reported)


@test("docs.howto_program_and_syscall")
def howto_program_and_syscall(ctx):
    program = docs_check.marked_blocks(HOWTO_PROGRAM)
    syscall = docs_check.marked_blocks(HOWTO_SYSCALL)
    for page, blocks in ((HOWTO_PROGRAM, program), (HOWTO_SYSCALL, syscall)):
        assert any(b.action != "output" for b in blocks), f"{page} marks no code block to apply"
    name = program_name(program)
    checks = new_checks(syscall)
    expected = [(line, b.where()) for b in program if b.action == "output"
                for line in b.code.split("\n") if line]
    assert expected, f"{HOWTO_PROGRAM} marks no output block"

    with tempfile.TemporaryDirectory(prefix="anvil-howto-") as tmp:
        tree = Path(tmp) / "anvil"
        copy_tracked(tree)
        for b in program + syscall:
            if b.action != "output":
                docs_check.apply_block(tree, b)
        build(tree)
        log = Path(tmp) / "serial.log"
        cmdline = f"run=/bin/{name}:one:two,/bin/t_syscalls"
        proc = subprocess.run(
            [sys.executable, str(tree / "tools" / "qemu.py"), "--cmdline", cmdline,
             "--timeout", str(BOOT_SECONDS), "--log", str(log)],
            stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=BOOT_SECONDS + 30)
        text = log.read_text(errors="replace").replace("\r", "") if log.exists() else ""
        keep_log(text)

    for line, where in expected:
        assert re.search(rf"^{re.escape(line)}$", text, re.MULTILINE), \
            f"{where}: the output the page shows, {line!r}, is not in the serial log " \
            f"(build/test-logs/docs.howto.log)"
    for desc, where in checks:
        m = re.search(rf"^(not ok|ok) \d+ - {re.escape(desc)}$", text, re.MULTILINE)
        assert m, f"{where}: t_syscalls printed no TAP line for {desc!r}"
        assert m.group(1) == "ok", f"{where}: the check fails: not ok - {desc}"
    assert proc.returncode == 0, \
        f"the boot ended with {proc.returncode} (t_syscalls exits 0 when every check " \
        f"passes):\n{proc.stderr.strip()}"


def program_name(blocks):
    """The program the how-to creates: its one `create user/NAME.c` block."""
    made = [b for b in blocks if b.action == "create"]
    assert len(made) == 1 and re.match(r"^user/\w+\.c$", made[0].file), \
        f"{HOWTO_PROGRAM} should create exactly one user/NAME.c, creates {[b.file for b in made]}"
    return Path(made[0].file).stem


def new_checks(blocks):
    """The descriptions of the ok(...) calls the how-to adds to t_syscalls."""
    found = []
    for b in blocks:
        if b.file != "user/t_syscalls.c":
            continue
        for call in re.findall(r"\bok\(.*?\);", b.code, re.DOTALL):
            literals = re.findall(r'"((?:[^"\\]|\\.)*)"\s*\)\s*;', call)
            if literals:
                found.append((literals[-1], b.where()))
    assert found, f"{HOWTO_SYSCALL} adds no ok(...) check to user/t_syscalls.c"
    return found


def copy_tracked(tree):
    """The repository's tracked files as they are in the worktree: no build/."""
    for rel in docs_check.tracked_files():
        src = ROOT / rel
        if src.is_file():
            (tree / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, tree / rel)


def build(tree):
    proc = subprocess.run(["make", "-j2", "all"], cwd=tree, capture_output=True, text=True,
                          timeout=BUILD_SECONDS)
    assert proc.returncode == 0, \
        f"the how-tos' code does not build (make -j2 all):\n{(proc.stdout + proc.stderr)[-3000:]}"


def keep_log(text):
    logs = ROOT / "build" / "test-logs"
    logs.mkdir(parents=True, exist_ok=True)
    (logs / "docs.howto.log").write_text(text)
