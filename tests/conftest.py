"""pytest's view of anvil's tests (docs/testing.md).

Each tests/groups/NAME.py is collected as a file of its own: what it
registered with testlib's @test and ktests() becomes pytest items, one per
@test and one per in-kernel test of a ktests() block (their names are read
from the kernel's ELF file, tests/ktest_names.py), plus one item named after
the block for the run as a whole.  Boots are fixtures:

- `boots` (session scope): every boot this worker has made, each made once
  and shared by all the tests with an equal Boot, and every in-kernel run;
- `ctx` (per test): what the test function gets (testlib.Context).

With pytest-xdist (`-n`, `--dist loadgroup`) the tests that share a boot carry
the same xdist_group mark, so they land on one worker and the boot happens once.
"""

from pathlib import Path

import pytest

import testlib
from ktest_names import ElfError, ktest_names
from testlib import KtestBlock, qemu

GROUPS = Path(__file__).resolve().parent / "groups"


def pytest_addoption(parser):
    parser.addoption("--iso", type=Path, default=testlib.ISO,
                     help="the ISO to boot (default %(default)s)")


def pytest_configure(config):
    testlib.ISO = Path(config.getoption("iso")).resolve()
    config.addinivalue_line("markers", "full: only in `make test-full` (the whole boot matrix)")
    config.addinivalue_line("markers", "xdist_group(name): tests that share one boot")


def pytest_unconfigure(config):
    qemu.kill_all()        # ctrl-C or an error in the runner: no QEMU outlives it


def pytest_collect_file(file_path, parent):
    if file_path.parent == GROUPS and file_path.suffix == ".py":
        return GroupFile.from_parent(parent, path=file_path)
    return None


# ---------------------------------------------------------------------------
# Collection: registry entries -> items
# ---------------------------------------------------------------------------

LOG_NAMES = {}      # Boot -> its serial log's name; the same on every worker


def log_name(boot):
    """A readable, unique log name for a shared boot (two Boots never share a log)."""
    if boot not in LOG_NAMES:
        name = boot.slug()
        while name in LOG_NAMES.values():
            name += "+"
        LOG_NAMES[boot] = name
    return LOG_NAMES[boot]


class AnvilItem(pytest.Function):
    """A pytest test made from a registry entry; reported under its registered name."""

    def reportinfo(self):
        return self.path, None, self.name


class GroupFile(pytest.File):
    """One tests/groups/*.py: imports it and yields the tests it registered."""

    def collect(self):
        for entry in testlib.load_group(self.path):
            if isinstance(entry, KtestBlock):
                yield from self.ktest_items(entry)
            else:
                yield self.item(entry.name, run_test, entry.full, group=self.boot_group(entry),
                                anvil_test=entry)

    def item(self, name, func, full, group, **attributes):
        item = AnvilItem.from_parent(self, name=name, callobj=func)
        for key, value in attributes.items():
            setattr(item, key, value)
        if full:
            item.add_marker(pytest.mark.full)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
        return item

    @staticmethod
    def boot_group(t):
        if t.boot is None or t.live:
            return None             # host-only, or a boot of its own: any worker
        return log_name(t.boot)

    def ktest_items(self, block):
        elf = block.boot.config().iso.parent / "kernel.elf"
        try:
            names, block.listing_error = ktest_names(elf), None
        except (OSError, ElfError) as e:
            # Only the item for the run as a whole, failing with this (if it
            # is selected: make test does not build the UBSAN kernel it skips).
            names, block.listing_error = [], f"cannot list the in-kernel tests: {e} (make all, make ubsan)"
        block.listed = names
        yield self.item(block.prefix, run_ktest_summary, block.full, group=block.prefix,
                        anvil_block=block, ktest_name=None)
        for name in names:
            yield self.item(f"{block.prefix}.{name}", run_ktest, block.full, group=block.prefix,
                            anvil_block=block, ktest_name=name)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After -k and -m: which in-kernel tests each block's boot must run."""
    for item in items:
        block = getattr(item, "anvil_block", None)
        if block is not None:
            if not hasattr(block, "selected"):
                block.selected = set()
            block.selected |= set(block.listed) if item.ktest_name is None else {item.ktest_name}


# ---------------------------------------------------------------------------
# Fixtures: the boots
# ---------------------------------------------------------------------------

class Boots:
    """The boots of one worker process, each made the first time a test needs it."""

    def __init__(self):
        self.shared = {}        # Boot -> (log path, Outcome) or the QemuError it raised
        self.ktest_runs = {}    # block prefix -> testlib.KtestRun

    def outcome(self, boot):
        if boot not in self.shared:
            log_path = testlib.LOG_DIR / f"{log_name(boot)}.log"
            try:
                self.shared[boot] = log_path, qemu.boot(boot.config(), log_path, boot.seconds())[0]
            except qemu.QemuError as e:
                self.shared[boot] = e
        if isinstance(self.shared[boot], qemu.QemuError):
            pytest.fail(str(self.shared[boot]), pytrace=False)
        return self.shared[boot]

    def ktest_run(self, block):
        if block.prefix not in self.ktest_runs:
            pattern = testlib.kernel_pattern(block.selected, block.listed)
            self.ktest_runs[block.prefix] = testlib.run_ktest_block(block, pattern)
        return self.ktest_runs[block.prefix]


@pytest.fixture(scope="session")
def boots():
    return Boots()


@pytest.fixture
def ctx(request, boots):
    """The Context of a @test: nothing (host-only), a shared boot's log and
    outcome, or (live) a QEMU of its own, killed when the test ends."""
    t = request.node.anvil_test
    if t.boot is None:
        yield testlib.Context()
        return
    reason = t.boot.unavailable()
    if reason:
        pytest.skip(reason)
    if t.live:
        log_path = testlib.LOG_DIR / f"{t.name}.log"
        request.node.anvil_log = log_path
        try:
            with qemu.Qemu(t.boot.config(), log_path, t.boot.seconds()) as q:
                yield testlib.Context(log_path, qemu_run=q)
        except qemu.QemuError as e:
            pytest.fail(str(e), pytrace=False)
        return
    log_path, outcome = boots.outcome(t.boot)
    request.node.anvil_log = log_path
    if testlib.boot_failed(outcome):
        pytest.fail(f"boot {log_path.stem}: {outcome.message}", pytrace=False)
    yield testlib.Context(log_path, outcome)


@pytest.fixture
def ktest_run(request, boots):
    """The in-kernel run of this item's ktests() block (booted once per block)."""
    block = request.node.anvil_block
    reason = block.boot.unavailable()
    if reason:
        pytest.skip(reason)
    if block.listing_error:
        pytest.fail(block.listing_error, pytrace=False)
    return boots.ktest_run(block)


# ---------------------------------------------------------------------------
# The test functions the items call
# ---------------------------------------------------------------------------

def run_test(request, ctx):
    """A registered @test: its own function, given the Context."""
    __tracebackhide__ = True        # a failure's traceback starts in the group file
    request.node.anvil_test.func(ctx)


def run_ktest_summary(ktest_run):
    """The run as a whole: a plan was printed, every planned test reported,
    the exit status agreed with the results."""
    if ktest_run.problems:
        pytest.fail("\n".join(ktest_run.problems), pytrace=False)


def run_ktest(request, ktest_run):
    """One in-kernel test: its KTAP line, with its diagnostics if it failed."""
    name = request.node.ktest_name
    r = ktest_run.results.get(name)
    if r is None:
        why = "; ".join(ktest_run.problems[:1]) or "the kernel did not run it"
        pytest.fail(f"no KTAP result for {name}: {why}", pytrace=False)
    if r.skip_reason:
        pytest.skip(r.skip_reason)
    if not r.ok:
        pytest.fail("\n".join([f"not ok {r.number} {name}"] + r.diagnostics), pytrace=False)


# ---------------------------------------------------------------------------
# Reports: the serial log of a failed test, the time spent in QEMU
# ---------------------------------------------------------------------------

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    if call.when == "teardown":
        # Boots that ended during this test, for the summary (reports travel
        # from xdist workers to the controller; module state does not).
        item.user_properties += [("boot", b) for b in qemu.finished_boots]
        qemu.finished_boots.clear()
    report = (yield).get_result()
    if report.skipped and isinstance(report.longrepr, tuple):
        # Say which test was skipped and why (pytest would name the line of
        # conftest.py or testlib.py that called pytest.skip).
        _where, _line, reason = report.longrepr
        reason = reason.removeprefix("Skipped: ")
        report.longrepr = (item.nodeid.split("::")[0], None, f"{item.name}: {reason}")
    log_path = getattr(item, "anvil_log", None)
    if report.failed and log_path is not None:
        report.sections.append(("serial log", "\n".join(testlib.log_tail(log_path))))


BOOT_SECONDS = {}       # log name -> seconds QEMU ran, gathered from the reports


def pytest_runtest_logreport(report):
    for key, (name, seconds) in report.user_properties:
        if key == "boot":
            BOOT_SECONDS[name] = seconds


def pytest_terminal_summary(terminalreporter):
    if BOOT_SECONDS:
        table = testlib.LOG_DIR / "boot-seconds.txt"      # every boot, slowest first
        table.write_text("".join(f"{s:7.1f}  {n}\n" for n, s in
                                 sorted(BOOT_SECONDS.items(), key=lambda kv: -kv[1])))
        terminalreporter.write_line(f"QEMU: {len(BOOT_SECONDS)} boots, "
                                    f"{sum(BOOT_SECONDS.values()):.1f} s in all "
                                    "(the sum of their durations)")
        slowest = sorted(BOOT_SECONDS.items(), key=lambda kv: -kv[1])[:5]
        terminalreporter.write_line("slowest: " + ", ".join(f"{n} {s:.1f} s" for n, s in slowest)
                                    + f" (all: {table})")
