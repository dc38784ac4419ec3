"""Many processes from ring 3 (issue 15): fork, vfork, clone, execve, wait4,
waitid, kill and the process limits, checked by the TAP programs in user/
(user/forkfork.c, exitwait.c, reparent.c, killstatus.c, preempt.c,
manychild.c, cow.c, forkbomb.c, oom.c, execve_edge.c, vfork.c, forkregs.c,
mmaptest.c; each file
says what it checks and what it needs from the kernel).

Two tests per program:
- process.NAME wants every TAP line the source's ok() calls name, in order,
  all "ok" (a skipped check's line carries " # SKIP" and so fails the
  comparison), and exit status 0.  The programs share one boot, run one
  after the other (run=); reparent has one of its own as init=, since it
  checks what happens when PID 1 adopts an orphan;
- process.host.NAME runs the same binary on this machine's Linux, which must
  pass it too (skips allowed: the few checks Linux cannot make are reported
  as skipped by the program itself, and say why). Only on x86-64 Linux.

The anvil half also runs under UEFI (process.NAME.uefi) and on a CPU
without XSAVE, SMEP, SMAP or UMIP (process.NAME.qemu64): make test-full.

process.forkloop_leaks_nothing: 10,000 cycles of fork, exit and wait4
(user/forkloop.c) with free frames and heap in use compared around them by
the kernel (torture=forkloop:N, kernel/torture.c).
"""

import os
import platform
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from testlib import Boot, program_output, tap_checks, tap_lines, test

ROOT = Path(__file__).resolve().parent.parent.parent
BUILD_USER = ROOT / "build" / "user"
HOST_TIMEOUT = 120          # a hang limit for the host runs, not a speed check
NOBODY = 65534

# Program -> (arguments on anvil, arguments on the host). The host's paths
# are the build's; /bin/notelf and /bin/dynamic are built by user/user.mk.
HOST_PREFIX = str(BUILD_USER) + "/"
PROGRAMS = {
    "forkfork": ("", []),
    "exitwait": ("", []),
    "reparent": ("", []),
    "killstatus": ("", []),
    "preempt": ("", []),
    "manychild": ("", []),
    "cow": ("", []),
    "forkbomb": ("", []),
    "oom": ("", []),
    "execve_edge": ("/bin/ /bin/notelf /bin/dynamic ENOEXEC",
                    [HOST_PREFIX, str(BUILD_USER / "notelf"), str(BUILD_USER / "dynamic"), "runs"]),
    "vfork": ("/bin/", [HOST_PREFIX]),
    "forkregs": ("", []),
    "mmaptest": ("", []),
}

SKIP_SUFFIX = re.compile(r" # SKIP\b.*$")


# (label, Boot arguments): BIOS on -cpu max in make test, the rest in test-full.
VARIANTS = (("bios", {}), ("uefi", {"firmware": "uefi"}), ("qemu64", {"cpu": "qemu64"}))


# One boot runs every program after the other (run=), which costs one
# boot's start instead of a dozen; only reparent gets a boot of its own, as
# init=, because one of its checks needs it to be PID 1 (the adopter of
# orphans).  Each program ends with the kernel's "run: ..." line, so its
# output is what lies between the line before and its own.
ALONE = {"reparent"}


def run_item(name, args):
    return ":".join([f"/bin/{name}"] + args.split())


def anvil_boot(name, args, **variant):
    if name in ALONE:
        cmdline = f"init=/bin/{name}" + (f" -- {args}" if args else "")
    else:
        cmdline = "run=" + ",".join(run_item(n, a) for n, (a, _) in PROGRAMS.items()
                                    if n not in ALONE)
    # oom relies on the machine's memory running out long before its 256 MiB
    # RLIMIT_AS and 1 GiB cap (user/oom.c): say the size rather than inherit it.
    return Boot(cmdline=cmdline, mem="128M", **variant)




for (name, (anvil_args, host_args)), (label, variant) in \
        ((p, v) for p in PROGRAMS.items() for v in VARIANTS):
    checks = tap_checks(ROOT / "user" / f"{name}.c")

    @test(f"process.{name}" + ("" if label == "bios" else f".{label}"),
          boot=anvil_boot(name, anvil_args, **variant), full=label != "bios")
    def on_anvil(ctx, name=name, checks=checks):
        """Every check printed, in order, all ok; the program exited 0."""
        if name in ALONE:
            text, status = ctx.log, None
            ctx.expect(r"anvil: exit status 0 \(init exited\)")
        else:
            text, status = program_output(ctx.log, name)
            assert text is not None, f"no 'run: /bin/{name} ... exited' line in the log"
        got = tap_lines(text)
        failed = [desc for verdict, desc in got if verdict != "ok" or SKIP_SUFFIX.search(desc)]
        assert not failed, f"/bin/{name}: failing or skipped checks: {failed}"
        assert [desc for _, desc in got] == checks, \
            f"/bin/{name}: TAP lines differ from the ok() calls in user/{name}.c:\n" \
            f"  got  {[d for _, d in got]}\n  want {checks}"
        assert status in (None, 0), f"/bin/{name} exited with status {status}"
        if name in ALONE:
            assert ctx.outcome.code == 0, ctx.outcome.message


# ---------------------------------------------------------------------------
# No leak across many processes: the kernel's own figures around forkloop.

FORKLOOP_CYCLES = 10000
FORKLOOP_CHECKS = tap_checks(ROOT / "user" / "forkloop.c")
FORKLOOP_FIGURES = re.compile(r"torture: frames free or kept by the heap (\d+) -> (\d+), heap in use (\d+) -> (\d+) bytes; "
                              r"(\d+) leaks, (\d+) failures")

for label, variant in VARIANTS:
    @test("process.forkloop_leaks_nothing" + ("" if label == "bios" else f".{label}"),
          boot=Boot(cmdline=f"torture=forkloop:{FORKLOOP_CYCLES}", **variant), full=label != "bios")
    def forkloop_leaks_nothing(ctx):
        """10,000 fork/exit/wait4 cycles, each checked by forkloop itself; free
        frames and heap bytes in use the same before and after (measured by the
        kernel after a 100-cycle warm-up)."""
        got = tap_lines(ctx.log)
        # The warm-up run's lines, then the measured run's.
        assert got == [("ok", c) for c in FORKLOOP_CHECKS] * 2, f"forkloop TAP lines: {got}"
        counts = re.findall(r"# forkloop: (\d+) of (\d+) cycles", ctx.log)
        assert counts == [("100", "100"), (str(FORKLOOP_CYCLES), str(FORKLOOP_CYCLES))], counts
        m = FORKLOOP_FIGURES.search(ctx.log)
        assert m, "no figures line from torture=forkloop"
        frames0, frames1, heap0, heap1, leaks, failures = map(int, m.groups())
        assert frames0 == frames1, f"free frames {frames0} -> {frames1}: {frames0 - frames1} lost"
        assert heap0 == heap1, f"heap in use {heap0} -> {heap1} bytes"
        assert (leaks, failures) == (0, 0), m.group(0)
        ctx.expect(r"anvil: exit status 0 \(torture passed\)")
        assert ctx.outcome.code == 0, ctx.outcome.message


# ---------------------------------------------------------------------------
# The same binaries on the host's Linux
# ---------------------------------------------------------------------------

def host_unavailable():
    if platform.system() != "Linux" or platform.machine() != "x86_64":
        return f"not x86-64 Linux ({platform.system()} {platform.machine()})"
    return None


def run_host(ctx, name, args, *, user=None, wrap=()):
    """Run build/user/NAME ARGS; check its TAP against the source and exit 0."""
    why = host_unavailable()
    if why:
        ctx.skip(why)
    binary = BUILD_USER / name
    assert binary.exists(), f"{binary} is missing: run `make`"
    proc = subprocess.run([*wrap, str(binary), *args], capture_output=True, text=True,
                          timeout=HOST_TIMEOUT, user=user, cwd=ROOT)
    got = tap_lines(proc.stdout)
    failed = [desc for verdict, desc in got if verdict != "ok"]
    assert not failed, f"{name} on Linux: failing checks {failed}\n{proc.stdout[-3000:]}"
    names = [SKIP_SUFFIX.sub("", desc) for _, desc in got]
    want = tap_checks(ROOT / "user" / f"{name}.c")
    assert names == want, f"{name} on Linux: TAP lines differ from the ok() calls:\n" \
                          f"  got  {names}\n  want {want}"
    assert proc.returncode == 0, f"{name} on Linux exited {proc.returncode}\n{proc.stdout[-3000:]}"
    return proc.stdout


def readable_by_nobody(path):
    """Can uid 65534 reach and run `path`? (Every directory above it searchable.)"""
    for p in [path, *path.parents]:
        mode = p.stat().st_mode
        if not mode & 0o001:
            return False
    return True


for name, (_, host_args) in PROGRAMS.items():
    @test(f"process.host.{name}")
    def on_host(ctx, name=name, host_args=host_args):
        user = None
        # Linux lets root pass RLIMIT_NPROC; as nobody the limit is real.
        # (Run as root, forkbomb would report those checks as skipped.)
        if name == "forkbomb" and os.geteuid() == 0:
            if not readable_by_nobody(BUILD_USER / name):
                ctx.skip(f"uid {NOBODY} cannot reach {BUILD_USER / name}")
            user = NOBODY
        run_host(ctx, name, host_args, user=user)


@test("process.host.forkloop")
def forkloop_on_host(ctx):
    # 1,000: the point here is that Linux agrees with every check, and a
    # fork costs this machine's Linux more than it costs anvil under TCG.
    run_host(ctx, "forkloop", ["1000"])


@test("process.host.reparent_as_pid1")
def reparent_as_pid1(ctx):
    """reparent as pid 1 of a new pid namespace, as init=/bin/reparent is on
    anvil: the orphan must be adopted by the program itself."""
    if host_unavailable():
        ctx.skip(host_unavailable())
    unshare = shutil.which("unshare")
    if not unshare or os.geteuid() != 0:
        ctx.skip("needs root and unshare(1) for a pid namespace")
    out = run_host(ctx, "reparent", [], wrap=(unshare, "--pid", "--fork"))
    assert "# reparent: running as pid 1" in out, out
    assert "# SKIP" not in out, f"as pid 1 nothing may be skipped:\n{out}"


def memory_cgroup():
    """A writable cgroup (v1 memory or v2 with the memory controller) to make a
    child in, or None: (directory to create children under, limit file, procs file)."""
    v1 = Path("/sys/fs/cgroup/memory")
    if (v1 / "memory.limit_in_bytes").exists() and os.access(v1, os.W_OK):
        return v1, "memory.limit_in_bytes"
    v2 = Path("/sys/fs/cgroup")
    controllers = v2 / "cgroup.subtree_control"
    if controllers.exists() and "memory" in controllers.read_text().split() and os.access(v2, os.W_OK):
        return v2, "memory.max"
    return None


@test("process.host.oom_in_memory_cgroup")
def oom_in_memory_cgroup(ctx):
    """oom inside a 64 MiB memory cgroup: there Linux's OOM killer, not
    RLIMIT_AS, stops the hog, so the SIGKILL checks are made, not skipped."""
    if host_unavailable():
        ctx.skip(host_unavailable())
    found = memory_cgroup()
    if not found:
        ctx.skip("no writable memory cgroup")
    parent, limit_file = found
    group = Path(tempfile.mkdtemp(prefix="anvil-oom-", dir=parent))
    try:
        (group / limit_file).write_text(str(64 << 20))
        # The shell joins the group, then becomes the program (exec).
        out = run_host(ctx, "oom", [], wrap=("sh", "-c", f'echo $$ > {group}/cgroup.procs && exec "$0"'))
        assert "# SKIP" not in out, f"in a memory cgroup the OOM kill must be seen:\n{out}"
    finally:
        group.rmdir()
