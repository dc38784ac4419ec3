"""The runner's own logic, without QEMU: the exit-status mapping, the GRUB
config line, the KTAP parser, the re-boot after a crash, the in-kernel test
list read from the ELF file, and the `test=` pattern for a selection."""

import pytest

import testlib
from ktest_names import ktest_names
from testlib import qemu


# ---------------------------------------------------------------------------
# How a boot ended (tools/qemu.py decode_exit)

def test_status_from_port_and_log():
    o = qemu.decode_exit(7, "[  1.0] anvil: exit status 3 (init exited)\r\n")
    assert (o.code, o.message) == (3, "exit status 3 (init exited)")


def test_status_above_127_comes_from_the_log():
    # 139 = 128 + SIGSEGV; QEMU exits ((139 << 1) | 1) & 0xff = 23
    o = qemu.decode_exit(23, "anvil: exit status 139 (killed by signal 11)\n")
    assert o.code == 139
    assert o.status_line == "anvil: exit status 139 (killed by signal 11)"


def test_last_status_line_wins():
    log = "anvil: exit status 5 (old)\nanvil: exit status 1 (tests failed)\n"
    assert qemu.decode_exit(3, log).code == 1


def test_log_disagreeing_with_port_trusts_port():
    assert qemu.decode_exit(5, "anvil: exit status 9 (x)\n").code == 2


def test_no_status_line_uses_port():
    assert qemu.decode_exit(9, "").code == 4


def test_qemu_zero_means_kernel_did_not_end_the_run():
    assert qemu.decode_exit(0, "").code == qemu.EXIT_NOT_ENDED


def test_exit_1_without_status_line_is_a_qemu_failure():
    assert qemu.decode_exit(1, "").code == qemu.EXIT_QEMU_FAILED
    assert qemu.decode_exit(1, "anvil: exit status 0 (tests passed)\n").code == 0


def test_even_or_signal_is_a_qemu_failure():
    assert qemu.decode_exit(2, "").code == qemu.EXIT_QEMU_FAILED
    assert qemu.decode_exit(-9, "").code == qemu.EXIT_QEMU_FAILED


def test_timeout():
    assert qemu.decode_exit(None, "", timed_out=True, timeout=3).code == qemu.EXIT_TIMEOUT


# ---------------------------------------------------------------------------
# The kernel command line on the config disk

def test_grub_line_plain_words():
    assert qemu.grub_cfg_line("test=mm.* hz=100") == 'set anvil_cmdline="test=mm.* hz=100"\n'


def test_grub_line_escapes_quotes_dollar_and_backslash():
    assert qemu.grub_cfg_line('a="b" $x \\y') == 'set anvil_cmdline="a=\\"b\\" \\$x \\\\y"\n'


def test_grub_line_refuses_a_newline():
    with pytest.raises(ValueError):
        qemu.grub_cfg_line("a\nb")


def test_grub_line_asks_for_the_libc_programs_only_when_named():
    for cmdline in ("run=/bin/facts.musl,/bin/hello", "init=/bin/proc.glibc -- x",
                    "run=/bin/proc.musl:arg", "init=/bin/facts.glibc"):
        assert qemu.grub_cfg_line(cmdline).endswith("\nset anvil_libc_programs=1\n"), cmdline
    for cmdline in ("init=/bin/hello", "init=/bin/args -- a.muslx", "test=musl"):
        assert "anvil_libc_programs" not in qemu.grub_cfg_line(cmdline), cmdline


def test_grub_line_loads_every_program_for_a_person_at_the_console():
    # make run: a person may type any program's name, the libc ones too.
    assert qemu.grub_cfg_line("", all_programs=True).endswith("\nset anvil_libc_programs=1\n")


def test_grub_line_loads_the_userland_only_when_asked():
    assert "anvil_userland" not in qemu.grub_cfg_line("init=/bin/hello")
    assert qemu.grub_cfg_line("", userland=True).endswith("\nset anvil_userland=1\n")


def test_grub_line_names_the_disks_initramfs_only_when_asked():
    # The variable expands when GRUB sources /anvil.cfg, where $anvil_cfgdev is set.
    assert "anvil_initramfs" not in qemu.grub_cfg_line("init=/bin/hello")
    assert qemu.grub_cfg_line("", initramfs=True).endswith(
        'set anvil_initramfs="($anvil_cfgdev)/initramfs.cpio"\n')


# ---------------------------------------------------------------------------
# KTAP

KTAP_LOG = """\
[  0.010] anvil: booting
KTAP version 1\r
1..4\r
# run mm.alloc
ok 1 mm.alloc
# run mm.free
# mm.free: kernel/mm.c:12: expected a == b (3 vs 4)
not ok 2 mm.free
# run cpu.smep
ok 3 cpu.smep # SKIP no SMEP
# run sched.yield
[  0.200] PANIC: page fault
"""


@pytest.fixture
def ktap():
    return testlib.parse_ktap(KTAP_LOG)


def test_ktap_plan_and_results(ktap):
    assert ktap.started and ktap.plan == 4
    assert [(r.number, r.name, r.ok) for r in ktap.results] == \
        [(1, "mm.alloc", True), (2, "mm.free", False), (3, "cpu.smep", True)]


def test_ktap_diagnostics_belong_to_their_test(ktap):
    assert ktap.results[1].diagnostics == ["mm.free: kernel/mm.c:12: expected a == b (3 vs 4)"]
    assert ktap.results[0].diagnostics == []


def test_ktap_skip_directive(ktap):
    assert ktap.results[2].skip_reason == "no SMEP"


def test_ktap_test_that_never_finished(ktap):
    assert ktap.running == "sched.yield"


def test_ktap_lines_before_the_header_are_ignored():
    k = testlib.parse_ktap("ok 1 x\n1..1\n")
    assert not k.started and k.plan is None


def test_ktap_cmdline_for_a_round():
    assert testlib.ktap_cmdline("*", 0) == "test"
    assert testlib.ktap_cmdline("mm.*", 3) == "test=mm.* test_skip=3"


# ---------------------------------------------------------------------------
# A crash mid-run: the test it died in fails, a second boot runs the rest

class FakeBoots:
    """Stands in for qemu.boot: hands out canned serial logs, one per boot."""

    def __init__(self, *logs):
        self.logs, self.cmdlines = list(logs), []

    def __call__(self, cfg, log_path, timeout):
        self.cmdlines.append(cfg.cmdline)
        text = self.logs.pop(0)
        if "HANG" in text:
            return qemu.decode_exit(None, text, timed_out=True, timeout=timeout), text
        status = qemu.find_status_line(text)[0]
        return qemu.decode_exit((status << 1) | 1, text), text    # as isa-debug-exit does


BLOCK = testlib.KtestBlock("ktest.fake", "fake", testlib.Boot())
DIES_IN_B = "KTAP version 1\n1..3\n# run s.a\nok 1 s.a\n# run s.b\nKERNEL PANIC\n" \
            "anvil: exit status 3 (kernel panic)\n"
REST = "KTAP version 1\n1..1\n# run s.c\nok 1 s.c\nanvil: exit status 0 (tests passed)\n"


def test_crash_fails_that_test_and_reboots_for_the_rest(tmp_path, monkeypatch):
    monkeypatch.setattr(testlib, "LOG_DIR", tmp_path)
    fake = FakeBoots(DIES_IN_B, REST)
    run = testlib.run_ktest_block(BLOCK, "s.*", boot=fake)
    assert fake.cmdlines == ["panic=exit test=s.*", "panic=exit test=s.* test_skip=2"]
    assert {n: r.ok for n, r in run.results.items()} == {"s.a": True, "s.b": False, "s.c": True}
    assert any("died in this test" in d for d in run.results["s.b"].diagnostics)
    assert run.problems == []


def test_a_hang_outside_any_test_is_a_problem_of_the_run(tmp_path, monkeypatch):
    monkeypatch.setattr(testlib, "LOG_DIR", tmp_path)
    run = testlib.run_ktest_block(BLOCK, "*", boot=FakeBoots("KTAP version 1\n1..2\nok 1 s.a\nHANG"))
    assert any("did not end the test run" in p for p in run.problems)
    assert "s.b" not in run.results          # its item fails: no KTAP result


def test_status_disagreeing_with_results_is_a_problem(tmp_path, monkeypatch):
    monkeypatch.setattr(testlib, "LOG_DIR", tmp_path)
    log = "KTAP version 1\n1..1\nnot ok 1 s.a\nanvil: exit status 0 (tests passed)\n"
    run = testlib.run_ktest_block(BLOCK, "*", boot=FakeBoots(log))
    assert run.problems == ["exit status 0 does not match the KTAP results"]


# ---------------------------------------------------------------------------
# Which in-kernel tests there are, and the pattern for a selection

def test_kernel_pattern_all_some_and_too_many():
    listed = ["a.x", "a.y", "b.z"]
    assert testlib.kernel_pattern(set(listed), listed) == "*"
    assert testlib.kernel_pattern({"b.z", "a.x"}, listed) == "a.x,b.z"     # kernel order
    many = [f"suite.test_{i:04d}" for i in range(200)]
    assert testlib.kernel_pattern(set(many[:100]), many) == "*"


def test_ktest_names_from_the_built_kernel():
    elf = testlib.ISO.parent / "kernel.elf"
    if not elf.exists():
        pytest.skip(f"{elf} not built")
    names = ktest_names(elf)
    assert len(names) > 10 and len(set(names)) == len(names)
    assert all(n.count(".") == 1 and all(n.split(".")) for n in names), names[:5]
    assert "string.glob" in names              # KTEST(string, glob) in kernel/string_test.c
