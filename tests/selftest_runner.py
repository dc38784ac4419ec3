#!/usr/bin/env python3
"""Unit tests for the runner's own logic (no QEMU): python3 tests/selftest_runner.py

Also run by `make test` as the group `runner` (tests/groups/runner.py).
"""

import io
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import testlib  # noqa: E402
from testlib import qemu  # noqa: E402


class ExitStatus(unittest.TestCase):
    def test_status_from_port_and_log(self):
        o = qemu.decode_exit(7, "[  1.0] anvil: exit status 3 (init exited)\r\n")
        self.assertEqual((o.code, o.message), (3, "exit status 3 (init exited)"))

    def test_status_above_127_comes_from_the_log(self):
        # 139 = 128 + SIGSEGV; QEMU exits ((139 << 1) | 1) & 0xff = 23
        o = qemu.decode_exit(23, "anvil: exit status 139 (killed by signal 11)\n")
        self.assertEqual(o.code, 139)
        self.assertEqual(o.status_line, "anvil: exit status 139 (killed by signal 11)")

    def test_last_status_line_wins(self):
        log = "anvil: exit status 5 (old)\nanvil: exit status 1 (tests failed)\n"
        self.assertEqual(qemu.decode_exit(3, log).code, 1)

    def test_log_disagreeing_with_port_trusts_port(self):
        self.assertEqual(qemu.decode_exit(5, "anvil: exit status 9 (x)\n").code, 2)

    def test_no_status_line_uses_port(self):
        self.assertEqual(qemu.decode_exit(9, "").code, 4)

    def test_qemu_zero_means_kernel_did_not_end_the_run(self):
        self.assertEqual(qemu.decode_exit(0, "").code, qemu.EXIT_NOT_ENDED)

    def test_exit_1_without_status_line_is_a_qemu_failure(self):
        self.assertEqual(qemu.decode_exit(1, "").code, qemu.EXIT_QEMU_FAILED)
        self.assertEqual(qemu.decode_exit(1, "anvil: exit status 0 (tests passed)\n").code, 0)

    def test_even_or_signal_is_a_qemu_failure(self):
        self.assertEqual(qemu.decode_exit(2, "").code, qemu.EXIT_QEMU_FAILED)
        self.assertEqual(qemu.decode_exit(-9, "").code, qemu.EXIT_QEMU_FAILED)

    def test_timeout(self):
        self.assertEqual(qemu.decode_exit(None, "", timed_out=True, timeout=3).code,
                         qemu.EXIT_TIMEOUT)


class GrubConfig(unittest.TestCase):
    def test_plain_words(self):
        self.assertEqual(qemu.grub_cfg_line("test=mm.* hz=100"),
                         'set anvil_cmdline="test=mm.* hz=100"\n')

    def test_quotes_dollar_and_backslash_are_escaped(self):
        self.assertEqual(qemu.grub_cfg_line('a="b" $x \\y'),
                         'set anvil_cmdline="a=\\"b\\" \\$x \\\\y"\n')

    def test_newline_is_refused(self):
        with self.assertRaises(ValueError):
            qemu.grub_cfg_line("a\nb")


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


class KtapParser(unittest.TestCase):
    def setUp(self):
        self.k = testlib.parse_ktap(KTAP_LOG)

    def test_plan_and_results(self):
        self.assertTrue(self.k.started)
        self.assertEqual(self.k.plan, 4)
        self.assertEqual([(r.number, r.name, r.ok) for r in self.k.results],
                         [(1, "mm.alloc", True), (2, "mm.free", False), (3, "cpu.smep", True)])

    def test_diagnostics_belong_to_their_test(self):
        self.assertEqual(self.k.results[1].diagnostics,
                         ["mm.free: kernel/mm.c:12: expected a == b (3 vs 4)"])
        self.assertEqual(self.k.results[0].diagnostics, [])

    def test_skip_directive(self):
        self.assertEqual(self.k.results[2].skip_reason, "no SMEP")

    def test_test_that_never_finished(self):
        self.assertEqual(self.k.running, "sched.yield")

    def test_lines_before_the_header_are_ignored(self):
        self.assertFalse(testlib.parse_ktap("ok 1 x\n1..1\n").started)
        self.assertIsNone(testlib.parse_ktap("ok 1 x\n1..1\n").plan)

    def test_cmdline_for_a_round(self):
        self.assertEqual(testlib.ktap_cmdline("*", 0), "test")
        self.assertEqual(testlib.ktap_cmdline("mm.*", 3), "test=mm.* test_skip=3")


class Selection(unittest.TestCase):
    block = testlib.KtestBlock("ktest.bios", "ktest", testlib.Boot())
    hosts = {"boot.bios.ends_run", "boot"}

    def test_substring_and_glob(self):
        self.assertTrue(testlib.matches("bios", "boot.bios.ends_run"))
        self.assertTrue(testlib.matches("boot.*.ends_run", "boot.uefi.ends_run"))
        self.assertFalse(testlib.matches("boot.*", "xboot.bios"))

    def test_kernel_pattern(self):
        kp = lambda *ps: testlib.kernel_pattern(self.block, list(ps), self.hosts)  # noqa: E731
        self.assertEqual(kp(), "*")
        self.assertEqual(kp("ktest"), "*")
        self.assertEqual(kp("ktest.bios.mm.*"), "mm.*")
        self.assertEqual(kp("ktest.bios.mm"), "mm*")
        self.assertEqual(kp("ktest.*.mm.*"), "mm.*")
        self.assertIsNone(kp("ktest.uefi.mm"))
        self.assertEqual(kp("mm"), "*mm*")
        self.assertIsNone(kp("boot"))


class TapOutput(unittest.TestCase):
    def test_counts_and_last_line(self):
        out = io.StringIO()
        tap = testlib.Tap(out)
        tap.report(testlib.Result("a", "pass"))
        tap.report(testlib.Result("b", "fail", ["why"]))
        tap.report(testlib.Result("c", "skip", skip_reason="no kvm"))
        self.assertFalse(tap.finish())
        self.assertEqual(out.getvalue().split("\n"), [
            "TAP version 13", "ok 1 - a", "not ok 2 - b", "# why",
            "ok 3 - c # SKIP no kvm", "1..3", "1 passed, 1 failed, 1 skipped", ""])


if __name__ == "__main__":
    unittest.main()
