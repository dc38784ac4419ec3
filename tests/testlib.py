"""The machinery behind tests/run.py: registering tests, booting, KTAP, TAP.

A group file in tests/groups/ registers tests with two calls:

    from testlib import Boot, test, ktests

    @test("boot.bios.reaches_kernel", boot=Boot(cmdline="test=nomatch"))
    def reaches_kernel(ctx):            # runs after the boot has ended
        ctx.expect(r"anvil: exit status 0")

    ktests("ktest.bios", Boot(firmware="bios"))   # every in-kernel test, one TAP test each

Tests whose Boot is equal share one QEMU run. `@test(..., live=True)` gets a
boot of its own and runs while QEMU is still up (ctx.qemu: monitor, serial_write,
wait_for). `@test(name)` without a boot runs on the host only.
"""

import fnmatch
import re
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import qemu  # noqa: E402  (tools/qemu.py)

LOG_DIR = qemu.BUILD / "test-logs"
ISO = qemu.DEFAULT_ISO  # run.py --iso changes it
TAIL_LINES = 20


# ---------------------------------------------------------------------------
# Registration
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Boot:
    """One boot configuration. Equal Boots share a QEMU run."""
    firmware: str = "bios"
    cpu: str = "max"
    mem: str = "128M"
    cmdline: str = ""
    accel: str = "tcg"
    extra: tuple = ()               # raw QEMU arguments
    timeout: float = None           # seconds; None: 30 for BIOS, 60 for UEFI
    variant: str = ""               # "": the ISO under test; "ubsan": the UBSAN=1 build of it
                                    # (make test builds it in BUILD/ubsan)

    def seconds(self):
        if self.timeout is not None:
            return self.timeout
        return 60 if self.firmware == "uefi" else 30

    def config(self, cmdline=None):
        # panic=exit: a kernel panic ends the run at once with its own status
        # instead of halting until the timeout.
        words = self.cmdline if cmdline is None else cmdline
        iso = ISO.parent / self.variant / ISO.name if self.variant else ISO
        return qemu.Config(iso=iso, firmware=self.firmware, cpu=self.cpu, mem=self.mem, accel=self.accel,
                           cmdline=f"panic=exit {words}".strip(), extra=self.extra)

    def slug(self):
        """A readable file name for this boot's serial log."""
        parts = [self.variant] if self.variant else []
        parts.append(self.firmware)
        if self.cpu != "max":
            parts.append(self.cpu)
        if self.mem != "128M":
            parts.append(self.mem)
        if self.accel != "tcg":
            parts.append(self.accel)
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


@dataclass
class KtestBlock:
    """The in-kernel tests run under one Boot; expands to one TAP test per KTAP result."""
    prefix: str
    group: str
    boot: Boot


REGISTRY = []           # Tests and KtestBlocks, in registration order
_current_group = "?"    # set by load_groups() while a group file is imported


def test(name, boot=None, live=False):
    """Decorator: register `func(ctx)` as the test `name`."""
    def register(func):
        REGISTRY.append(Test(name, _current_group, func, boot, live))
        return func
    return register


def ktests(prefix, boot=Boot()):
    """Register the in-kernel tests under `boot`; results are named PREFIX.suite.name."""
    REGISTRY.append(KtestBlock(prefix, _current_group, boot))


def load_groups(directory):
    """Import every tests/groups/*.py (sorted, so the order is the same every time)."""
    global _current_group
    import importlib.util
    for path in sorted(Path(directory).glob("*.py")):
        _current_group = path.stem
        spec = importlib.util.spec_from_file_location(f"groups.{path.stem}", path)
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    _current_group = "?"


# ---------------------------------------------------------------------------
# What a test function sees
# ---------------------------------------------------------------------------

class Skip(Exception):
    """Raised by ctx.skip(reason)."""


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
        raise Skip(reason)


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------

@dataclass
class Result:
    name: str
    outcome: str                     # "pass", "fail" or "skip"
    diagnostics: list = field(default_factory=list)
    skip_reason: str = ""


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


def log_tail(path):
    """Diagnostics lines: where the log is and its last lines."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return [f"(no serial log at {path})"]
    return [f"last {TAIL_LINES} lines of {path}:"] + \
           ["  " + line for line in qemu.tail(text, TAIL_LINES).split("\n")]


def call_test(t, ctx):
    """Run one test function and turn what happened into a Result."""
    try:
        t.func(ctx)
    except Skip as e:
        return Result(t.name, "skip", skip_reason=str(e))
    except AssertionError as e:
        diagnostics = [str(e) or "assertion failed"]
    except Exception:
        diagnostics = traceback.format_exc().rstrip().split("\n")
    else:
        return Result(t.name, "pass")
    if ctx.log_path is not None:
        diagnostics += log_tail(ctx.log_path)
    return Result(t.name, "fail", diagnostics)


def boot_failed(outcome):
    """A boot that hung, triple-faulted or never ran fails every test that shares it."""
    return outcome.code in (qemu.EXIT_TIMEOUT, qemu.EXIT_NOT_ENDED, qemu.EXIT_QEMU_FAILED)


# ---------------------------------------------------------------------------
# Jobs: each runs one or more boots and returns {registry index: [Result, ...]}
# ---------------------------------------------------------------------------

def run_host_test(index, t):
    return {index: [call_test(t, Context())]}


def run_shared_boot(boot, log_name, members):
    """Boot once; then run every (index, Test) in `members` against that boot."""
    log_path = LOG_DIR / f"{log_name}.log"
    try:
        outcome, _ = qemu.boot(boot.config(), log_path, boot.seconds())
    except qemu.QemuError as e:
        return {i: [Result(t.name, "fail", [str(e)])] for i, t in members}
    results = {}
    for index, t in members:
        if boot_failed(outcome):
            results[index] = [Result(t.name, "fail", [f"boot {log_name}: {outcome.message}"]
                                     + log_tail(log_path))]
        else:
            results[index] = [call_test(t, Context(log_path, outcome))]
    return results


def run_live_test(index, t):
    """A test with a boot of its own, running while QEMU is up; QEMU dies afterwards."""
    log_path = LOG_DIR / f"{t.name}.log"
    try:
        with qemu.Qemu(t.boot.config(), log_path, t.boot.seconds()) as q:
            result = call_test(t, Context(log_path, qemu_run=q))
    except qemu.QemuError as e:
        result = Result(t.name, "fail", [str(e)])
    return {index: [result]}


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


def run_ktest_block(index, block, pattern):
    """Boot with `test=PATTERN`; if the kernel dies mid-run, fail the test it was in
    and boot again with test_skip=<tests done> until every planned test has run."""
    results, problems = [], []
    done, total, round_no = 0, None, 0
    while total is None or done < total:
        round_no += 1
        log_path = LOG_DIR / (f"{block.prefix}.log" if done == 0 else f"{block.prefix}.skip{done}.log")
        try:
            outcome, text = qemu.boot(block.boot.config(ktap_cmdline(pattern, done)), log_path,
                                      block.boot.seconds())
        except qemu.QemuError as e:
            problems.append(str(e))
            break
        k = parse_ktap(text)
        if k.plan is None:
            problems += [f"no KTAP plan on serial ({outcome.message})"] + log_tail(log_path)
            break
        if total is None:
            total = k.plan
        elif k.plan != total - done:
            problems.append(f"round {round_no} (test_skip={done}) planned 1..{k.plan}, "
                            f"expected 1..{total - done}")
        for r in k.results:
            results.append(ktap_result(block.prefix, r))
        done += len(k.results)
        finished = outcome.status_line and outcome.code in (0, 1)
        if k.running is not None:                       # died inside a test
            results.append(Result(f"{block.prefix}.{k.running}", "fail",
                                  k.running_diagnostics + [f"the kernel died in this test: "
                                  f"{outcome.message}"] + log_tail(log_path)))
            done += 1
        elif not finished:
            problems += [f"the kernel did not end the test run: {outcome.message}"] + log_tail(log_path)
            break
        if finished:
            failed_here = any(not r.ok for r in k.results)
            if outcome.code != int(failed_here):
                problems.append(f"exit status {outcome.code} does not match the KTAP results")
            break
    if total is not None and done != total:
        problems.append(f"KTAP plan said {total} tests, the kernel reported {done}")
    summary = Result(block.prefix, "fail" if problems else "pass", problems)
    return {index: [summary] + results}


def ktap_result(prefix, r):
    name = f"{prefix}.{r.name}"
    if r.skip_reason:
        return Result(name, "skip", skip_reason=r.skip_reason)
    return Result(name, "pass" if r.ok else "fail", r.diagnostics)


# ---------------------------------------------------------------------------
# Selecting tests (-k)
# ---------------------------------------------------------------------------

def is_glob(pattern):
    return any(c in pattern for c in "*?[")


def matches(pattern, text):
    """-k semantics: a glob must match the whole text; anything else is a substring."""
    return fnmatch.fnmatchcase(text, pattern) if is_glob(pattern) else pattern in text


def strip_prefix(pattern, prefix):
    """`mm.*` for pattern `ktest.*.mm.*` and prefix `ktest.bios`; None if it does not fit."""
    depth = prefix.count(".") + 1
    parts = pattern.split(".")
    if len(parts) <= depth:
        return None
    head, rest = parts[:depth], ".".join(parts[depth:])
    fits = all(fnmatch.fnmatchcase(have, want) for have, want in zip(prefix.split("."), head))
    return rest if fits else None


def kernel_pattern(block, patterns, host_names):
    """The `test=` glob for a KtestBlock under the -k patterns, or None to not run it.

    - no -k, or a pattern matching the block's prefix or group: every kernel test;
    - PREFIX.rest (PREFIX may be a glob, e.g. `ktest.*.mm.*`): the kernel glob
      `rest` (a plain word means `rest*`);
    - a pattern that selects no host-side test or group (and does not start with
      the block's group) is handed to the kernel (a plain word means `*word*`),
      so `-k mm` runs the kernel's mm tests.
    """
    if not patterns:
        return "*"
    for p in patterns:
        if matches(p, block.prefix) or matches(p, block.group):
            return "*"
        rest = strip_prefix(p, block.prefix)
        if rest:
            return rest if is_glob(rest) else rest + "*"
    for p in patterns:
        aimed_at_a_block = fnmatch.fnmatchcase(block.group, p.split(".")[0])  # e.g. ktest.uefi.mm
        if not aimed_at_a_block and not any(matches(p, name) for name in host_names):
            return p if is_glob(p) else f"*{p}*"
    return None


def plan_jobs(patterns):
    """Turn the registry (filtered by -k) into jobs: (callable, args) in registry order.

    Also returns the registry indexes whose results will be printed, in order.
    """
    host_names = {x.name for x in REGISTRY if isinstance(x, Test)} | {x.group for x in REGISTRY}
    jobs, shown, shared = [], [], {}
    log_names = {}          # log name -> the Boot that owns it (two Boots never share a log)
    for index, item in enumerate(REGISTRY):
        if isinstance(item, KtestBlock):
            pattern = kernel_pattern(item, patterns, host_names)
            if pattern is None:
                continue
            if item.boot.unavailable():
                jobs.append((skip_all, (index, item.prefix, item.boot.unavailable())))
            else:
                jobs.append((run_ktest_block, (index, item, pattern)))
        else:
            if patterns and not any(matches(p, item.name) or matches(p, item.group) for p in patterns):
                continue
            if item.boot is None:
                jobs.append((run_host_test, (index, item)))
            elif item.boot.unavailable():
                jobs.append((skip_all, (index, item.name, item.boot.unavailable())))
            elif item.live:
                jobs.append((run_live_test, (index, item)))
            elif item.boot in shared:
                shared[item.boot].append((index, item))  # joins a boot planned earlier
            else:
                name = item.boot.slug()
                while log_names.get(name, item.boot) != item.boot:
                    name += "+"
                log_names[name] = item.boot
                shared[item.boot] = [(index, item)]
                jobs.append((run_shared_boot, (item.boot, name, shared[item.boot])))
        shown.append(index)
    return jobs, shown


def skip_all(index, name, reason):
    return {index: [Result(name, "skip", skip_reason=reason)]}


# ---------------------------------------------------------------------------
# TAP output
# ---------------------------------------------------------------------------

class Tap:
    """Prints TAP version 13 as results arrive, and counts them."""

    def __init__(self, out=sys.stdout):
        self.out = out
        self.counts = {"pass": 0, "fail": 0, "skip": 0}
        print("TAP version 13", file=out, flush=True)

    def report(self, r):
        n = sum(self.counts.values()) + 1
        self.counts[r.outcome] += 1
        if r.outcome == "skip":
            print(f"ok {n} - {r.name} # SKIP {r.skip_reason}", file=self.out)
        else:
            print(f"{'ok' if r.outcome == 'pass' else 'not ok'} {n} - {r.name}", file=self.out)
        for line in "\n".join(r.diagnostics).split("\n") if r.diagnostics else []:
            print(f"# {line}".rstrip(), file=self.out)
        self.out.flush()

    def finish(self):
        """The plan, then the summary line (always the last line)."""
        c = self.counts
        print(f"1..{sum(c.values())}", file=self.out)
        summary = f"{c['pass']} passed, {c['fail']} failed"
        if c["skip"]:
            summary += f", {c['skip']} skipped"
        print(summary, file=self.out, flush=True)
        return c["fail"] == 0
