"""Pipes and poll from ring 3 (kernel/fs/pipe.c, kernel/fs/poll.c; docs/pipes.md),
checked by the TAP programs user/pipe_basic.c (EOF, SIGPIPE, O_NONBLOCK, the
64 KiB capacity, FIONREAD, pipe2's flags, ESPIPE), pipe_atomic.c (PIPE_BUF
records from four writers never mixed), pipe_bulk.c (1 MiB with a checksum)
and pipe_poll.c (poll, ppoll, select, pselect6 readiness, timeouts and
wake-ups).  The in-kernel half is kernel/fs/pipe_test.c (ktest.*.pipe.*); the
differential program is user/diff/pipes.c (differential.pipes.*).

Two tests per program, as tests/groups/process.py:
- pipes.NAME: every TAP line the source's ok() calls name, in order, all
  "ok", and exit status 0; the programs share one boot (run=);
- pipes.host.NAME: the same binary on this machine's Linux, which must pass
  it too.
No check depends on timing: every wait is for an event that is certain
(a child's write or exit, bytes already written), and the timeouts checked
are ones that must expire (on an empty pipe nobody writes to).
"""

import platform
import re
import subprocess
from pathlib import Path

from testlib import Boot, program_output, tap_checks, tap_lines, test

ROOT = Path(__file__).resolve().parent.parent.parent
BUILD_USER = ROOT / "build" / "user"
HOST_TIMEOUT = 120          # a hang limit for the host runs, not a speed check
SKIP_SUFFIX = re.compile(r" # SKIP\b.*$")
PROGRAMS = ("pipe_basic", "pipe_atomic", "pipe_bulk", "pipe_poll")
BOOT = Boot(cmdline="run=" + ",".join(f"/bin/{n}" for n in PROGRAMS), mem="128M")





for name in PROGRAMS:
    checks = tap_checks(ROOT / "user" / f"{name}.c")

    @test(f"pipes.{name}", boot=BOOT)
    def on_anvil(ctx, name=name, checks=checks):
        """Every check printed, in order, all ok; the program exited 0."""
        text, status = program_output(ctx.log, name)
        assert text is not None, f"no 'run: /bin/{name} ... exited' line in the log"
        got = tap_lines(text)
        failed = [desc for verdict, desc in got if verdict != "ok" or SKIP_SUFFIX.search(desc)]
        assert not failed, f"/bin/{name}: failing or skipped checks: {failed}"
        assert [desc for _, desc in got] == checks, \
            f"/bin/{name}: TAP lines differ from the ok() calls in user/{name}.c:\n" \
            f"  got  {[d for _, d in got]}\n  want {checks}"
        assert status == 0, f"/bin/{name} exited with status {status}"

    @test(f"pipes.host.{name}")
    def on_host(ctx, name=name):
        """The same binary passes on Linux (the oracle), skipping nothing."""
        if platform.system() != "Linux" or platform.machine() != "x86_64":
            ctx.skip(f"not x86-64 Linux ({platform.system()} {platform.machine()})")
        binary = BUILD_USER / name
        assert binary.exists(), f"{binary} is missing: run `make`"
        proc = subprocess.run([str(binary)], capture_output=True, text=True,
                              timeout=HOST_TIMEOUT, cwd=ROOT, stdin=subprocess.DEVNULL)
        got = tap_lines(proc.stdout)
        failed = [desc for verdict, desc in got if verdict != "ok" or SKIP_SUFFIX.search(desc)]
        assert not failed, f"{name} on Linux: failing or skipped checks {failed}\n{proc.stdout[-3000:]}"
        want = tap_checks(ROOT / "user" / f"{name}.c")
        assert [d for _, d in got] == want, f"{name} on Linux: TAP lines differ from the ok() calls"
        assert proc.returncode == 0, f"{name} on Linux exited {proc.returncode}"
