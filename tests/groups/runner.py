"""The runner's own unit tests (tests/selftest_runner.py), one TAP test each; no QEMU."""

import unittest

import selftest_runner
from testlib import test


def register(case):
    @test(f"runner.{case.id().removeprefix('selftest_runner.')}")
    def run_case(ctx):
        result = unittest.TestResult()
        case.run(result)
        problems = result.failures + result.errors
        assert not problems, "\n".join(text for _, text in problems)


for case in unittest.defaultTestLoader.loadTestsFromModule(selftest_runner):
    for single in case:
        register(single)
