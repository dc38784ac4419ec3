"""What a test group sees: registering tests, boots, the serial log, KTAP.

A group file in tests/groups/ registers tests with two calls:

    from testlib import Boot, test, ktests

    @test("boot.bios.reaches_kernel", boot=Boot(cmdline="test=nomatch"))
    def reaches_kernel(ctx):            # runs after the boot has ended
        ctx.expect(r"anvil: exit status 0")

    ktests("ktest.bios", Boot(firmware="bios"))   # every in-kernel test, one pytest test each

Tests whose Boot is equal share one QEMU run. `@test(..., live=True)` gets a
boot of its own and runs while QEMU is still up (ctx.qemu: monitor, serial_write,
wait_for). `@test(name)` without a boot runs on the host only.  `full=True`
puts a test (or a ktests block) in `make test-full` only.

pytest runs them: tests/conftest.py turns REGISTRY into pytest items and
keeps each boot as a fixture; docs/testing.md.
"""

import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import qemu  # noqa: E402  (tools/qemu.py)

LOG_DIR = qemu.BUILD / "test-logs"
ISO = qemu.DEFAULT_ISO  # pytest --iso changes it (tests/conftest.py)
TAIL_LINES = 20


# ---------------------------------------------------------------------------
# Registration
# ---------------------------------------------------------------------------

# How long a live test waits for a line on serial (or a terminal) before it
# calls the boot hung.  A hang limit, not a check of speed: wide enough for a
# machine whose cores are both busy (make test-stress); passing waits end as
# soon as the line appears, so a wide limit costs nothing.
WAIT = 90


@dataclass(frozen=True)
class Boot:
    """One boot configuration. Equal Boots share a QEMU run."""
    firmware: str = "bios"
    cpu: str = "max"
    mem: str = "128M"
    cmdline: str = ""
    accel: str = "tcg"
    extra: tuple = ()               # raw QEMU arguments
    timeout: float = None           # seconds; None: 90 for BIOS, 150 for UEFI
    variant: str = ""               # "": the ISO under test; "ubsan": the UBSAN=1 build of it
                                    # (make test builds it in BUILD/ubsan)
    initramfs: str = None           # a file GRUB loads as the initramfs instead of the ISO's
    userland: bool = False          # GRUB loads the userland archive too (docs/userland.md)

    def seconds(self):
        if self.timeout is not None:
            return self.timeout
        # Hang limits, not checks of speed: a boot that ends passes however long
        # it took, so they are wide enough for a machine whose cores are both
        # busy with other work (make test-stress); a quiet BIOS boot takes 2-6 s.
        return 150 if self.firmware == "uefi" else 90

    def config(self, cmdline=None):
        # panic=exit: a kernel panic ends the run at once with its own status
        # instead of halting until the timeout.
        words = self.cmdline if cmdline is None else cmdline
        iso = ISO.parent / self.variant / ISO.name if self.variant else ISO
        return qemu.Config(iso=iso, firmware=self.firmware, cpu=self.cpu, mem=self.mem, accel=self.accel,
                           cmdline=f"panic=exit {words}".strip(), extra=self.extra,
                           initramfs=self.initramfs, userland=self.userland)

    def slug(self):
        """A readable file name for this boot's serial log."""
        parts = [self.variant] if self.variant else []
        parts.append(self.firmware)
        if self.cpu != "max":   # "max,-xsaveopt": a comma would break QEMU's -drive file=
            parts.append(re.sub(r"[^A-Za-z0-9=._-]+", "_", self.cpu))
        if self.mem != "128M":
            parts.append(self.mem)
        if self.accel != "tcg":
            parts.append(self.accel)
        if self.initramfs:
            parts.append("initramfs=" + Path(self.initramfs).stem)
        if self.userland:
            parts.append("userland")
        if self.cmdline:
            parts.append(re.sub(r"[^A-Za-z0-9=._-]+", "_", self.cmdline)[:40])
        return "-".join(parts)

    def unavailable(self):
        """Why this boot cannot run on this machine (a reason to skip), or None."""
        if self.firmware == "uefi" and not qemu.OVMF_CODE.is_file():
            return f"no UEFI firmware ({qemu.OVMF_CODE})"
        if self.accel == "kvm" and not Path("/dev/kvm").exists():
            return "no /dev/kvm"
        return None


@dataclass
class Test:
    name: str
    group: str
    func: object
    boot: Boot = None
    live: bool = False
    full: bool = False              # only in `make test-full`


@dataclass
class KtestBlock:
    """The in-kernel tests run under one Boot: one pytest test per in-kernel test."""
    prefix: str
    group: str
    boot: Boot
    full: bool = False


REGISTRY = []           # Tests and KtestBlocks, in registration order
_current_group = "?"    # set by load_group() while a group file is imported


def test(name, boot=None, live=False, full=False):
    """Decorator: register `func(ctx)` as the test `name`."""
    def register(func):
        REGISTRY.append(Test(name, _current_group, func, boot, live, full))
        return func
    return register


def ktests(prefix, boot=Boot(), full=False):
    """Register the in-kernel tests under `boot`; they are named PREFIX.suite.name."""
    REGISTRY.append(KtestBlock(prefix, _current_group, boot, full))


def load_group(path):
    """Import one tests/groups/NAME.py; return what it registered."""
    global _current_group
    import importlib.util
    before = len(REGISTRY)
    _current_group = Path(path).stem
    try:
        spec = importlib.util.spec_from_file_location(f"groups.{_current_group}", path)
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    finally:
        _current_group = "?"
    return REGISTRY[before:]


# ---------------------------------------------------------------------------
# What a test function sees
# ---------------------------------------------------------------------------

class Context:
    """Passed to each test: the boot's serial log and outcome (or the live QEMU)."""

    def __init__(self, log_path=None, outcome=None, qemu_run=None):
        self.log_path = log_path
        self.outcome = outcome      # qemu.Outcome: .code (kernel status), .message, .status_line
        self.qemu = qemu_run        # live tests only: a running qemu.Qemu

    @property
    def log(self):
        """The serial log as text (\r removed)."""
        return self.log_path.read_text(errors="replace").replace("\r", "")

    def expect(self, pattern):
        """Fail unless `pattern` (a regex) occurs in the serial log; return the match."""
        match = re.search(pattern, self.log, re.MULTILINE)
        assert match, f"serial log has no match for {pattern!r}"
        return match

    def skip(self, reason):
        """Stop here and report the test as skipped (never as passed)."""
        pytest.skip(reason)


# ---------------------------------------------------------------------------
# Helpers for groups and the runner
# ---------------------------------------------------------------------------

def tap_checks(source):
    """The descriptions of a user TAP program's ok(...) calls, in order: the
    names of its TAP lines.  Read from the C source, so the list of tests is
    known before any boot and a check that never prints fails instead of
    vanishing.  (The description is the last argument: adjacent literals joined.)"""
    names = []
    for call in re.finditer(r"\bok\((.*?)\);", Path(source).read_text(), re.DOTALL):
        literals = re.findall(r'"((?:[^"\\]|\\.)*)"', call.group(1))
        tail = call.group(1)[call.group(1).rfind(",") + 1:]
        names.append("".join(re.findall(r'"((?:[^"\\]|\\.)*)"', tail)) or literals[-1])
    return names


def slug(text):
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


TAP_LINE = re.compile(r"^(not ok|ok) (\d+) - (.*)$", re.MULTILINE)


def tap_lines(text):
    """The (ok/not ok, description) of every TAP line in text."""
    return [(m.group(1), m.group(3)) for m in TAP_LINE.finditer(text)]


# The kernel's line after each program of run= (kernel/run.c).
RUN_END = re.compile(r"run: /bin/(\S+) \(pid \d+\): (?:exited with status (\d+)|"
                     r"killed by signal \d+, status (\d+))")


def program_output(log, name):
    """(the lines /bin/name printed, its exit status) from a run= boot's log:
    what came after the previous program's run: line and before its own."""
    lines = []
    for line in log.splitlines():
        m = RUN_END.search(line)
        if m and m.group(1) == name:
            return "\n".join(lines), int(m.group(2) or m.group(3))
        if m:
            lines = []
        else:
            lines.append(line)
    return None, None


def log_tail(path):
    """Diagnostics lines: where the log is and its last lines."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return [f"(no serial log at {path})"]
    return [f"last {TAIL_LINES} lines of {path}:"] + \
           ["  " + line for line in qemu.tail(text, TAIL_LINES).split("\n")]


def boot_failed(outcome):
    """A boot that hung, triple-faulted or never ran fails every test that shares it."""
    return outcome.code in (qemu.EXIT_TIMEOUT, qemu.EXIT_NOT_ENDED, qemu.EXIT_QEMU_FAILED)


# ---------------------------------------------------------------------------
# KTAP (the in-kernel tests' output; see docs/testing.md)
# ---------------------------------------------------------------------------

@dataclass
class KtapResult:
    number: int
    name: str
    ok: bool
    skip_reason: str = ""           # non-empty: `ok N name # SKIP reason`
    diagnostics: list = field(default_factory=list)


@dataclass
class Ktap:
    started: bool = False           # saw `KTAP version 1`
    plan: int = None                # N from `1..N`
    results: list = field(default_factory=list)
    running: str = None             # a `# run NAME` with no result yet: the kernel died in it
    running_diagnostics: list = field(default_factory=list)


KTAP_PLAN = re.compile(r"1\.\.(\d+)$")
KTAP_RUN = re.compile(r"# run (\S+)$")
KTAP_RESULT = re.compile(r"(not )?ok (\d+) (?:- )?(\S+)(?:\s+#\s*(SKIP)\b\s*(.*))?$", re.IGNORECASE)


def parse_ktap(text):
    """Read the KTAP lines out of a serial log (log lines with a prefix are ignored)."""
    k = Ktap()
    for line in text.replace("\r", "").split("\n"):
        line = line.rstrip()
        if line.startswith("KTAP version"):
            k.started = True
        elif not k.started:
            continue
        elif KTAP_PLAN.match(line):
            k.plan = int(KTAP_PLAN.match(line).group(1))
        elif KTAP_RUN.match(line):
            k.running, k.running_diagnostics = KTAP_RUN.match(line).group(1), []
        elif KTAP_RESULT.match(line):
            m = KTAP_RESULT.match(line)
            k.results.append(KtapResult(int(m.group(2)), m.group(3), not m.group(1),
                                        (m.group(5) or "skipped") if m.group(4) else "",
                                        k.running_diagnostics))
            k.running, k.running_diagnostics = None, []
        elif line.startswith("#"):
            k.running_diagnostics.append(line[1:].strip())
    return k


def ktap_cmdline(pattern, skip):
    """The kernel command line for one round: `test[=PATTERN] [test_skip=K]`."""
    words = ["test" if pattern == "*" else f"test={pattern}"]
    if skip:
        words.append(f"test_skip={skip}")
    return " ".join(words)


@dataclass
class KtestRun:
    """What the boots of one KtestBlock found."""
    results: dict = field(default_factory=dict)    # "suite.name" -> KtapResult
    problems: list = field(default_factory=list)   # about the run as a whole


def run_ktest_block(block, pattern, boot=qemu.boot):
    """Boot with `test=PATTERN`; if the kernel dies mid-run, fail the test it was in
    and boot again with test_skip=<tests done> until every planned test has run.
    (`boot` is qemu.boot; the runner's own tests pass a fake.)"""
    run = KtestRun()
    done, total, round_no = 0, None, 0
    while total is None or done < total:
        round_no += 1
        log_path = LOG_DIR / (f"{block.prefix}.log" if done == 0 else f"{block.prefix}.skip{done}.log")
        try:
            outcome, text = boot(block.boot.config(ktap_cmdline(pattern, done)), log_path,
                                 block.boot.seconds())
        except qemu.QemuError as e:
            run.problems.append(str(e))
            break
        k = parse_ktap(text)
        if k.plan is None:
            run.problems += [f"no KTAP plan on serial ({outcome.message})"] + log_tail(log_path)
            break
        if total is None:
            total = k.plan
        elif k.plan != total - done:
            run.problems.append(f"round {round_no} (test_skip={done}) planned 1..{k.plan}, "
                                f"expected 1..{total - done}")
        for r in k.results:
            run.results[r.name] = r
        done += len(k.results)
        finished = outcome.status_line and outcome.code in (0, 1)
        if k.running is not None:                       # died inside a test
            run.results[k.running] = KtapResult(
                done + 1, k.running, False, "",
                k.running_diagnostics + [f"the kernel died in this test: {outcome.message}"]
                + log_tail(log_path))
            done += 1
        elif not finished:
            run.problems += [f"the kernel did not end the test run: {outcome.message}"] + log_tail(log_path)
            break
        if finished:
            failed_here = any(not r.ok for r in k.results)
            if outcome.code != int(failed_here):
                run.problems.append(f"exit status {outcome.code} does not match the KTAP results")
            break
    if total is not None and done != total:
        run.problems.append(f"KTAP plan said {total} tests, the kernel reported {done}")
    return run


def kernel_pattern(selected, listed):
    """The `test=` pattern for the in-kernel tests `selected` (of the `listed`
    ones): `*` for all, else their names joined by commas (the kernel takes
    several globs that way), else `*` when that line would be too long for
    the kernel's command line (kernel/cmdline.h), the rest then unreported."""
    if set(selected) >= set(listed):
        return "*"
    joined = ",".join(name for name in listed if name in selected)
    return joined if len(joined) <= KERNEL_PATTERN_MAX else "*"


KERNEL_PATTERN_MAX = 600        # of CMDLINE_MAX_LEN 1024; globs of < 128 bytes each
