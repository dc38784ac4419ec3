#!/usr/bin/env python3
"""anvil's host-side test runner (`make test`, `make test T=PATTERN`).

    python3 tests/run.py [-k PATTERN]... [-j N] [--list]

Imports every tests/groups/*.py, boots QEMU as the registered tests need (in
parallel, -j), and prints TAP in registration order. The last line is
`N passed, N failed[, N skipped]`; the exit status is 1 if anything failed.
Serial logs of every boot are kept in build/test-logs/. See docs/testing.md.
"""

import argparse
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import testlib
from testlib import qemu


def parse_args(argv):
    p = argparse.ArgumentParser(description="Run anvil's tests; TAP on stdout.")
    p.add_argument("-k", dest="patterns", action="append", default=[], metavar="PATTERN",
                   help="only tests whose name or group contains PATTERN (or matches it, if it "
                        "is a glob); repeatable. Unknown names go to the kernel as test=*PATTERN*")
    p.add_argument("-j", dest="jobs", type=int, default=2, help="boots at once (default 2)")
    p.add_argument("--iso", type=Path, default=testlib.ISO, help="ISO to boot (default %(default)s)")
    p.add_argument("--list", action="store_true", help="list registered tests, boot nothing")
    return p.parse_args(argv)


def list_tests():
    for item in testlib.REGISTRY:
        if isinstance(item, testlib.KtestBlock):
            print(f"{item.prefix}.*  (in-kernel tests, {item.boot.firmware})")
        else:
            print(item.name)


def run(patterns, jobs):
    """Run the selected tests; True if none failed."""
    planned, shown = testlib.plan_jobs(patterns)
    tap = testlib.Tap()
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    try:
        futures = [pool.submit(func, *args) for func, args in planned]
        # Each job reports {registry index: results}; print them in registry order,
        # whichever job finishes first.
        done = {}
        pending = iter(futures)
        for index in shown:
            while index not in done:
                done.update(next(pending).result())
            for result in done[index]:
                tap.report(result)
    except BaseException:
        # ctrl-C, SIGTERM or a bug: kill the boots now rather than wait for their timeouts.
        qemu.kill_all()
        raise
    finally:
        pool.shutdown(cancel_futures=True)
    return tap.finish()


def main(argv=None):
    args = parse_args(argv)
    qemu.install_sigterm_handler()
    testlib.load_groups(Path(__file__).resolve().parent / "groups")
    testlib.ISO = args.iso
    if args.list:
        list_tests()
        return 0
    try:
        return 0 if run(args.patterns, args.jobs) else 1
    except KeyboardInterrupt:
        print("\nrun.py: interrupted; every QEMU killed", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
