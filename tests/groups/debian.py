"""Debian 12's own static programs on anvil, unmodified: busybox-static's
/bin/busybox and bash-static's /bin/bash-static (as /bin/bash), fetched and
unpacked by tools/debian_pkgs.py into the userland archive
build/debian/userland.cpio, which each boot here has GRUB load after the
ISO's initramfs (Boot(userland=True); docs/userland.md).

What they need before main(): glibc's static start-up -- tunables,
IRELATIVE relocations, TLS through arch_prctl, set_tid_address,
set_robust_list, rseq (-ENOSYS: glibc does without), prlimit64, getrandom,
readlink of /proc/self/exe.  Each test boots one command as init= and wants
exactly its output and exit status 0:

- debian.busybox_echo: `busybox echo hello` prints hello;
- debian.busybox_uname: `busybox uname -s` prints the kernel's sysname
  (ANVIL_UTS_SYSNAME, kernel/version.h), not the host's;
- debian.bash_arithmetic: `bash -c 'echo $((6*7))'` prints 42.

Each also wants none of the start-up calls anvil now has logged as an
unknown system call (futex, clock_getres, set/get_robust_list, getcpu,
rseq).  The calls still missing are logged and listed in docs/futex.md.
Without the packages (no network, no package lists) every test fails with
the reason tools/debian_pkgs.py wrote to build/debian/WHY-MISSING.
"""

import re
from pathlib import Path

import testlib
from testlib import Boot, test

ROOT = Path(__file__).resolve().parent.parent.parent
DEBIAN = testlib.ISO.parent / "debian"
USERLAND = DEBIAN / "userland.cpio"
KERNEL_LINE = re.compile(r"^\[[ \d.]+\] ")
UNKNOWN = re.compile(r"unknown system call (\d+) ")
# Numbers anvil handles now (kernel/syscall.h): never "unknown" again.
HANDLED = {202: "futex", 229: "clock_getres", 273: "set_robust_list",
           274: "get_robust_list", 309: "getcpu", 334: "rseq", 157: "prctl",
           111: "getpgrp", 41: "socket", 52: "getpeername"}
SYSNAME = re.search(r'#define ANVIL_UTS_SYSNAME "([^"]*)"',
                    (ROOT / "kernel" / "version.h").read_text()).group(1)


def output(log, path):
    """What the program printed (no kernel line, nothing of GRUB's before the
    kernel's first line) and its exit status from the run: line."""
    m = re.search(rf"run: {re.escape(path)} \(pid 1\): exited with status (\d+)", log)
    first = re.search(r"(?m)^\[[ \d.]+\] ", log)
    body = log[first.start() if first else 0:m.start() if m else len(log)]
    lines = [line.rstrip("\r") for line in body.split("\n")
             if line.strip() and not KERNEL_LINE.match(line) and not line.startswith("boot: ")]
    return lines, int(m.group(1)) if m else None


def missing_reason():
    why = DEBIAN / "WHY-MISSING"
    reason = why.read_text().strip() if why.is_file() else "make debian-progs was not run"
    return f"{USERLAND} is missing: {reason}"


# The kernel command line reaches GRUB's eval (iso/grub.cfg.in): a `$` for
# bash needs a backslash in front, which GRUB's own quoting then removes.
CASES = (
    ("busybox_echo", "/bin/busybox", "echo hello", ["hello"]),
    ("busybox_uname", "/bin/busybox", "uname -s", [SYSNAME]),
    ("bash_arithmetic", "/bin/bash", '-c "echo \\$((6*7))"', ["42"]),
)

for name, path, args, want in CASES:
    if not USERLAND.is_file():
        @test(f"debian.{name}")
        def fetch_failed(ctx):
            raise AssertionError(missing_reason())
        continue

    @test(f"debian.{name}", boot=Boot(cmdline=f"init={path} -- {args}", userland=True))
    def run(ctx, path=path, want=want):
        lines, status = output(ctx.log, path)
        assert status is not None, f"no `run: {path} (pid 1): exited ...` line: it did not finish"
        unknown = sorted({int(n) for n in UNKNOWN.findall(ctx.log)})
        assert not [n for n in unknown if n in HANDLED], \
            f"start-up hit calls anvil should handle: {[HANDLED[n] for n in unknown if n in HANDLED]}"
        assert lines == want and status == 0, \
            f"{path}: printed {lines} with status {status}, want {want} and 0 " \
            f"(system calls still unknown to anvil: {unknown})"
