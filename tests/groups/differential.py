"""Differential tests: Linux is the oracle for the Linux ABI.

Each user/diff/NAME.c is built against two real C libraries, statically
(user/diff/diff.mk): BUILD/diff/NAME.musl and BUILD/diff/NAME.glibc.  The
same binary runs here on the host, under Linux, and on anvil as the module
/bin/NAME.LIBC; the lines it prints must be the same, in the same order,
and so must its exit status.  A test fails if either side fails.

How the output is found in the serial log: every line a program prints
starts with "NAME: " (user/diff/diff.h), while the kernel's own lines start
with a timestamp ("[   0.031] ...").  One boot runs every program through
`run=`; the kernel logs `run: /bin/NAME.LIBC (pid N): exited with status S`
(or `killed by signal K, ...`) after each one ends (kernel/run.c), so a
program's output is the part of the log after the previous such line and
before its own.  Both sides are reduced the same way: the tagged lines,
then one line for the exit status.

Tests, for each program and C library:
- differential.host.NAME.LIBC: the host run alone (no boot): it exits 0,
  prints only tagged lines, and prints the same twice (a line that depends
  on a pid, an address or the time would break the comparison with anvil);
- differential.NAME.LIBC: host and anvil compared (BIOS, -cpu max);
- differential.qemu64.NAME.LIBC (make test-full): the same on -cpu qemu64,
  where glibc's CPU-dispatched string functions pick their SSE2 versions;
- differential.uefi.sigNAME.LIBC (make test-full): the signal programs
  booted by UEFI on -cpu qemu64 (no XSAVE: FXSAVE signal frames).
"""

import difflib
import functools
import os
import re
import signal
import subprocess
from pathlib import Path

import pytest

import testlib
from testlib import Boot, test

ROOT = Path(__file__).resolve().parent.parent.parent
PROGRAMS = sorted(p.stem for p in (ROOT / "user" / "diff").glob("*.c"))
LIBCS = ("musl", "glibc")
HOST_TIMEOUT = 60       # seconds: a hang limit for one host run, not a check of speed

RUN_LIST = "run=" + ",".join(f"/bin/{name}.{libc}" for name in PROGRAMS for libc in LIBCS)
SIGNAL_RUN_LIST = "run=" + ",".join(f"/bin/{name}.{libc}" for name in PROGRAMS for libc in LIBCS
                                    if name.startswith("sig"))

# The kernel's line after each program of run= (kernel/run.c).
RUN_END = re.compile(r"^\[[ \d.]+\] run: (?P<path>\S+) \(pid \d+\): "
                     r"(?:exited with status (?P<status>\d+)|killed by signal (?P<signal>\d+), status \d+)$"
                     r"|^\[[ \d.]+\] run: cannot run (?P<missing>\S+) \(error \d+\)$", re.MULTILINE)
KERNEL_LINE = re.compile(r"^\[[ \d.]+\] ", re.MULTILINE)


def binary(name, libc):
    return testlib.ISO.parent / "diff" / f"{name}.{libc}"


def tagged(name, lines):
    return [line for line in lines if line.startswith(f"{name}: ")]


# What kernel/proc/spawn.c gives every program the kernel starts.
KERNEL_ENV = {"HOME": "/", "TERM": "linux"}


def kernel_signals():
    """In the host child before exec: the signal state anvil gives a program
    it starts -- every action SIG_DFL, nothing blocked.  Dispositions set to
    SIG_IGN survive fork and exec, and a shell that starts `make test` with
    `&` (no job control) ignores SIGINT and SIGQUIT in it: a program that
    expects SIGQUIT to kill a child would wait for ever."""
    for sig in range(1, signal.NSIG):
        if sig not in (signal.SIGKILL, signal.SIGSTOP):
            try:
                signal.signal(sig, signal.SIG_DFL)
            except (OSError, ValueError):
                pass    # numbers the C library keeps for itself (32, 33)
    signal.pthread_sigmask(signal.SIG_SETMASK, [])


def exit_line(status=None, signal=None):
    return f"(killed by signal {signal})" if signal else f"(exit status {status})"


@functools.lru_cache(maxsize=None)
def host_run(path, mtime):
    """Run one binary on the host: (stdout lines, stderr text, exit line).
    argv just the path and the environment Linux gives its first process
    (HOME=/ TERM=linux), as anvil starts it."""
    del mtime       # only part of the cache key: a rebuilt binary runs again
    try:
        r = subprocess.run([str(path)], env=KERNEL_ENV, cwd="/", stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=HOST_TIMEOUT, preexec_fn=kernel_signals)
    except subprocess.TimeoutExpired as e:
        said = (e.stdout or b"").decode(errors="replace").splitlines()[-3:]
        return None, f"timed out after {HOST_TIMEOUT} s; its last lines: {said}", None
    out = r.stdout.decode(errors="replace").splitlines()
    err = r.stderr.decode(errors="replace")
    if r.returncode < 0:
        return out, err, exit_line(signal=-r.returncode)
    return out, err, exit_line(status=r.returncode)


def linux_side(name, libc):
    """The oracle's lines: the tagged output and the exit status; fails the
    test when the host run itself did not succeed."""
    path = binary(name, libc)
    assert path.is_file(), f"{path} is missing: run make (user/diff/diff.mk builds it)"
    out, err, status = host_run(path, path.stat().st_mtime_ns)
    assert out is not None, f"on the host, {path.name} {err}"
    note = "" if os.geteuid() == 0 else " (the host run is not root, anvil's programs are)"
    assert status == exit_line(status=0), \
        f"on the host (Linux), {path.name} ended {status}{note}\nstderr:\n{err}\nstdout:\n" + "\n".join(out)
    return tagged(name, out) + [status]


def anvil_side(log, name, libc):
    """This program's lines in the serial log of the run= boot, and its
    other (untagged, non-kernel) lines for the failure message."""
    path = f"/bin/{name}.{libc}"
    first = KERNEL_LINE.search(log)        # what comes before it is GRUB's
    start = first.start() if first else 0
    for m in RUN_END.finditer(log):
        if path in (m.group("path"), m.group("missing")):
            if m.group("missing"):
                return None, [f"the kernel could not run {path}"]
            segment = log[start:m.start()].split("\n")
            other = [line for line in segment
                     if line and not line.startswith(f"{name}: ") and not KERNEL_LINE.match(line)]
            return tagged(name, segment) + [exit_line(m.group("status"), m.group("signal"))], other
        start = m.end()
    return None, [f"no `run: {path} ...` line in the serial log (the run ended before it)"]


def compare(ctx, name, libc):
    linux = linux_side(name, libc)
    anvil, other = anvil_side(ctx.log, name, libc)
    assert anvil is not None, other[0]
    if anvil != linux:
        diff = difflib.unified_diff(linux, anvil, "linux", "anvil", lineterm="", n=2)
        extra = ["", "other lines from the program on anvil (stderr, untagged):"] + \
                ["  " + line for line in other[:20]] if other else []
        pytest.fail(f"{name}.{libc}: anvil's output differs from Linux's "
                    f"({len(anvil) - 1} lines on anvil, {len(linux) - 1} on Linux)\n"
                    + "\n".join(list(diff) + extra), pytrace=False)


for name in PROGRAMS:
    for libc in LIBCS:
        @test(f"differential.host.{name}.{libc}")
        def host_alone(ctx, name=name, libc=libc):
            """The oracle is sound: exit 0, only tagged lines, the same twice."""
            lines = linux_side(name, libc)
            path = binary(name, libc)
            out, _err, _status = host_run(path, path.stat().st_mtime_ns)
            untagged = [line for line in out if line not in tagged(name, out)]
            assert not untagged, f"lines without the tag {name!r}: {untagged[:5]}"
            assert len(lines) > 1, f"{path.name} printed no lines on the host"
            again, _err, status = host_run.__wrapped__(path, 0)
            assert tagged(name, again) + [status] == lines, \
                "two host runs differ (a line depends on a pid, an address or the time):\n" + \
                "\n".join(difflib.unified_diff(lines, tagged(name, again) + [status], "run 1", "run 2",
                                               lineterm="", n=1))

        for cpu in ("max", "qemu64"):
            prefix = "differential" if cpu == "max" else "differential.qemu64"

            @test(f"{prefix}.{name}.{libc}", boot=Boot(cpu=cpu, cmdline=RUN_LIST), full=cpu != "max")
            def linux_vs_anvil(ctx, name=name, libc=libc):
                compare(ctx, name, libc)

        # The signal programs once more under UEFI (OVMF) on -cpu qemu64:
        # the other firmware's boot path and the FXSAVE signal frame of a
        # CPU without XSAVE, in one boot of their own.
        if name.startswith("sig"):
            @test(f"differential.uefi.{name}.{libc}",
                  boot=Boot(firmware="uefi", cpu="qemu64", cmdline=SIGNAL_RUN_LIST), full=True)
            def linux_vs_anvil_uefi(ctx, name=name, libc=libc):
                compare(ctx, name, libc)


@test("differential.extraction_finds_each_programs_lines")
def extraction(ctx):
    """The serial-log side on a made-up log: each program's host output with
    GRUB's text before it and kernel lines between and inside, as a boot of
    RUN_LIST prints them; it must read back exactly as the host side (the
    comparison can pass, and a line the kernel cut off would show)."""
    log = ["\x1b[H\x1b[J  Booting `anvil'", "[   0.000] anvil: booting"]
    for pid, (name, libc) in enumerate(((n, lib) for n in PROGRAMS for lib in LIBCS), 1):
        lines = linux_side(name, libc)
        body = lines[:-1]
        log += body[:1] + ["[   0.027] syscall: unknown system call 218 (0xda): -ENOSYS"] + body[1:]
        log.append(f"[   0.031] run: /bin/{name}.{libc} (pid {pid}): exited with status 0")
    log.append("[   0.043] anvil: exit status 0 (run= finished)")
    text = "\n".join(log) + "\n"
    for name in PROGRAMS:
        for libc in LIBCS:
            got, other = anvil_side(text, name, libc)
            assert got == linux_side(name, libc), f"{name}.{libc}: {other}"
            assert other == [], other
    cut = text.replace("facts: started\n", "facts: sta[   0.1] x\nrted\n", 1)
    got, other = anvil_side(cut, "facts", "musl")
    assert got != linux_side("facts", "musl") and "rted" in other
