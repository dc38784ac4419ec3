#!/usr/bin/env python3
"""Run build/user/bench on anvil and on Debian's Linux in the same QEMU, and
compare (issue 10).

    python3 tools/bench.py              both kernels, -icount shift=0
    python3 tools/bench.py --quick      few iterations (for tests)
    python3 tools/bench.py --wall       wall-clock mode: nanoseconds, noisy
    python3 tools/bench.py --only linux (or anvil)

Under `-icount shift=0` QEMU advances the guest clock by one nanosecond per
guest instruction, and the TSC follows that clock, so one TSC tick is one
guest instruction and the figures repeat exactly on any host.

Linux side: Debian's kernel package (the one `linux-image-amd64` depends on)
is fetched with `apt-get download` into build/bench/linux/ once, and booted
with -kernel/-initrd; the initramfs, written here as a newc cpio, holds only
/init (the bench binary), /bin/exit7 (which the fork_exec_wait row runs),
/dev/console and /dev/null (the file rows make /tmp in the initramfs's
tmpfs root themselves), and the bench's libc programs
(build/diff/clock_gettime.musl and .glibc, user/bench/libc.mk) in /bin.
The bench powers the machine off when it is done.

anvil side: tools/qemu.py boots the anvil ISO with `init=/bin/bench`.
On both, the command line names the libc programs for the bench to run
(user/bench/libc.c); on anvil that also makes GRUB load them.

Boot cost: anvil logs `boot: N TSC ticks from the first instruction to ring
3` (kernel/boot_cost.c); under icount N is guest instructions.  Then, in
plain TCG, the wall time from QEMU's launch to the first line of a program
(`init=/bin/hello`), for anvil and for a calibration kernel
(tools/bench_calib.asm, on an ISO made from the same grub.cfg template) that
only prints one line: that one is the firmware's and GRUB's fixed cost, the
difference is anvil's own.

Writes build/bench/results.csv, results.svg and results.md (the table).
Python standard library only (and tools/qemu.py); Debian's kernel and the
initramfs come from tools/linux_guest.py, the CSV and SVG from
tools/bench_files.py.
"""
import argparse
import datetime
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import qemu  # noqa: E402  (tools/qemu.py: the project's QEMU wrapper)
import bench_files  # noqa: E402  (tools/bench_files.py: results.csv and results.svg)
from bench_files import fmt  # noqa: E402
import linux_guest  # noqa: E402  (tools/linux_guest.py: Debian's kernel and its initramfs)

BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
OUT = os.path.join(BUILD, "bench")
LINUX_CACHE = os.path.join(OUT, "linux")
QEMU = os.environ.get("QEMU", "qemu-system-x86_64")

# Rows in print order: op name in the bench output -> what it measures.
OPS = [
    ("getpid_syscall", "getpid through SYSCALL (null system call)"),
    ("getpid_int80", "getpid through int $0x80"),
    ("sched_yield", "sched_yield, one runnable process"),
    ("clock_gettime", "clock_gettime(CLOCK_MONOTONIC), raw syscall"),
    ("clock_gettime_vdso", "clock_gettime(CLOCK_MONOTONIC) through the vDSO, as libc calls it"),
    ("clock_gettime_musl", "clock_gettime(CLOCK_MONOTONIC) through static musl's clock_gettime()"),
    ("clock_gettime_glibc", "clock_gettime(CLOCK_MONOTONIC) through static glibc's clock_gettime()"),
    ("write_devnull", "1-byte write to /dev/null"),
    ("brk0", "brk(0)"),
    ("open_close_tmp", "open + close of a file in /tmp"),
    ("stat_tmp", "stat of a file in /tmp"),
    ("pread_4k_tmp", "4 KiB pread at offset 0 of a /tmp file (in memory)"),
    ("page_fault", "first touch of a fresh heap page"),
    ("mmap_touch_munmap", "mmap + touch + munmap of one anonymous page"),
    ("fork_exit_wait", "fork + _exit + waitpid"),
    ("fork_exec_wait", "fork + execve(/bin/exit7) + waitpid"),
    ("context_switch", "sched_yield between two processes, per switch"),
    ("pipe_round_trip", "1 byte to a child and back through two pipes"),
    ("signal_self", "kill(getpid(), SIGUSR1) + handler + rt_sigreturn"),
]

# The targets for anvil, in guest instructions under icount: issue 10's
# system calls, issue 15's processes, the signal row's, and issue 20's
# clock_gettime through the vDSO (the bare call, and each C library's).
TARGETS = {"getpid_syscall": 60, "getpid_int80": 100,
           "fork_exit_wait": 30_000, "fork_exec_wait": 80_000,
           "pipe_round_trip": 2_000,
           "mmap_touch_munmap": 4_000, "clock_gettime_vdso": 40,
           "clock_gettime_musl": 40, "clock_gettime_glibc": 40,
           "signal_self": 800}
# The program the fork_exec_wait row runs, next to the bench binary; the
# Linux initramfs holds it at the same path as anvil's module.
EXEC_PROGRAM = "exit7"
# The bench's libc programs (user/bench/libc.mk), which it runs when the
# command line names them (user/bench/libc.c); each prints its own row.
# On anvil they are /bin/NAME modules, which GRUB loads because the command
# line names them; in the Linux initramfs, files at the same paths.
LIBC_PROGRAMS = ["clock_gettime.musl", "clock_gettime.glibc"]
LIBC_BUILD = os.path.join(BUILD, "diff")
BOOT_TARGET = 20_000_000    # kernel entry -> first ring-3 instruction, 128 MiB
BOOT_MEM = "128M"

# The same machine for both kernels: only the kernel differs.
QEMU_COMMON = ["-m", "256M", "-cpu", "max", "-nographic", "-no-reboot"]
ICOUNT = ["-icount", "shift=0"]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---- Running each kernel --------------------------------------------------

def run(cmd, timeout):
    """Run a QEMU command line; return (output, exit status or None on timeout,
    seconds). The process is always gone when this returns."""
    start = time.monotonic()
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout)
        out, rc = p.stdout, p.returncode
    except subprocess.TimeoutExpired as e:   # subprocess.run kills the child
        out, rc = e.stdout or b"", None
    return out.decode("utf-8", "replace"), rc, time.monotonic() - start


def fetch_linux():
    """Return (path to Debian's vmlinuz, None), or (None, why not)."""
    return linux_guest.fetch_linux(LINUX_CACHE, log)


def bench_args(args):
    """The bench's arguments: `args` (quick or nothing), then the libc
    programs it is to run."""
    return list(args) + ["/bin/" + p for p in LIBC_PROGRAMS]


def run_linux(bench, args, wall, timeout):
    vmlinuz, why = fetch_linux()
    if not vmlinuz:
        return None, why
    initrd = os.path.join(OUT, "initrd.gz")
    extra = {"bin/" + EXEC_PROGRAM: os.path.join(os.path.dirname(bench), EXEC_PROGRAM)}
    extra.update({"bin/" + p: os.path.join(LIBC_BUILD, p) for p in LIBC_PROGRAMS})
    linux_guest.make_initramfs(bench, initrd, extra)
    # transparent_hugepage=never: Debian's default "always" would map a whole
    # 2 MiB page on some first touches; we measure 4 KiB faults, as on anvil.
    append = ("console=ttyS0 quiet panic=-1 transparent_hugepage=never -- "
              + " ".join(bench_args(args)))
    cmd = [QEMU, "-kernel", vmlinuz, "-initrd", initrd, "-append", append]
    cmd += QEMU_COMMON + ([] if wall else ICOUNT)
    log("bench.py: booting Linux: " + " ".join(cmd))
    out, rc, secs = run(cmd, timeout)
    save_log("linux", out)
    log(f"bench.py: Linux run took {secs:.1f} s wall, QEMU status {rc}")
    if rc is None:
        return parse(out), f"timed out after {timeout} s"
    return parse(out), None


def run_anvil(args, wall, timeout):
    """Boot anvil through the project's QEMU wrapper with init=/bin/bench."""
    qemu_py = os.path.join(ROOT, "tools", "qemu.py")
    if not os.path.exists(qemu_py):
        return None, "tools/qemu.py not present"
    cmdline = "init=/bin/bench -- " + " ".join(bench_args(args))
    cmd = [sys.executable, qemu_py, "--cmdline", cmdline,
           "--timeout", str(timeout)]
    if not wall:
        cmd += ["--extra", " ".join(ICOUNT)]
    log("bench.py: booting anvil: " + " ".join(cmd))
    out, rc, secs = run(cmd, timeout + 30)
    save_log("anvil", out)
    log(f"bench.py: anvil run took {secs:.1f} s wall, status {rc}")
    if rc != 0:
        return parse(out), f"exit status {rc}"
    return parse(out), None


def save_log(name, text):
    with open(os.path.join(OUT, name + ".log"), "w") as f:
        f.write(text)


# ---- Boot cost ------------------------------------------------------------

BOOT_LINE = re.compile(r"boot: (\d+) TSC ticks from the first instruction to ring 3 "
                       r"\((\d+)\.(\d+) ms")


def parse_boot(text):
    """anvil's boot-cost line -> (TSC ticks, ms at the kernel's TSC rate), or None."""
    m = BOOT_LINE.search(text or "")
    return (int(m.group(1)), int(m.group(2)) + int(m.group(3)) / 1000) if m else None


def build_calib_iso():
    """Assemble tools/bench_calib.asm into build/bench/calib.iso, with the
    same grub.cfg template (and so the same GRUB steps) as anvil's ISO."""
    work = os.path.join(OUT, "calib")
    iso_dir = os.path.join(work, "iso")
    os.makedirs(os.path.join(iso_dir, "boot", "grub"), exist_ok=True)
    obj, elf = os.path.join(work, "calib.o"), os.path.join(iso_dir, "boot", "kernel.elf")
    iso = os.path.join(OUT, "calib.iso")
    steps = [["nasm", "-f", "elf32", os.path.join(ROOT, "tools", "bench_calib.asm"), "-o", obj],
             ["ld", "-m", "elf_i386", "-Ttext=0x100000", "-e", "_start", obj, "-o", elf]]
    for argv in steps:
        subprocess.run(argv, check=True, capture_output=True, timeout=60)
    with open(os.path.join(iso_dir, "boot", "grub", "grub.cfg"), "w") as f:
        subprocess.run(["sh", os.path.join(ROOT, "tools", "mkgrubcfg.sh"),
                        os.path.join(ROOT, "iso", "grub.cfg.in")],
                       stdout=f, check=True, timeout=60)
    subprocess.run(["grub-mkrescue", "-o", iso, iso_dir], check=True,
                   capture_output=True, timeout=300)
    return iso


def wall_to_line(name, iso, cmdline, pattern, timeout):
    """Plain TCG: seconds from launching QEMU (through tools/qemu.py) to
    `pattern` on serial, and the serial log so far.  Polled every 5 ms."""
    cfg = qemu.Config(iso=Path(iso), cmdline=cmdline, mem=BOOT_MEM)
    regex = re.compile(pattern, re.MULTILINE)
    start = time.monotonic()
    with qemu.Qemu(cfg, log=Path(OUT) / f"{name}.log", timeout=timeout) as q:
        while True:
            exited = q.proc.poll() is not None     # before the read: no line lost
            text = q.read_log()
            if regex.search(text):
                return time.monotonic() - start, text
            if exited or time.monotonic() - start > timeout:
                raise qemu.QemuError(f"{name}: {pattern!r} never appeared on serial")
            time.sleep(0.005)


def boot_cost(quick, timeout):
    """The boot figures: {"instr": ticks under icount, "tcg_ms": the kernel's
    own TSC figure in plain TCG, "anvil_s", "calib_s": wall seconds to the
    first line (best of the runs)}, and why not, if something failed."""
    res, runs = {}, 1 if quick else 3
    try:
        # Under icount: the kernel's own count, in guest instructions.
        out, rc, _ = run([sys.executable, os.path.join(ROOT, "tools", "qemu.py"),
                          "--cmdline", "init=/bin/hello", "--mem", BOOT_MEM,
                          "--timeout", str(timeout), "--extra", " ".join(ICOUNT)],
                         timeout + 30)
        save_log("boot-icount", out)
        b = parse_boot(out)
        if b:
            res["instr"] = b[0]
        calib_iso = build_calib_iso()
        anvil, calib, tcg_ms = [], [], []
        for i in range(runs):
            secs, text = wall_to_line("boot-anvil", qemu.DEFAULT_ISO, "init=/bin/hello",
                                      r"^Hello from inline assembly!", timeout)
            anvil.append(secs)
            b = parse_boot(text)
            if b:
                tcg_ms.append(b[1])
            secs, _ = wall_to_line("boot-calib", calib_iso, "", r"calib: hello from", timeout)
            calib.append(secs)
        res["anvil_s"], res["calib_s"] = min(anvil), min(calib)
        if tcg_ms:
            res["tcg_ms"] = min(tcg_ms)
    except (OSError, subprocess.SubprocessError, qemu.QemuError) as e:
        return res, f"boot cost: {e}"
    return res, None if "instr" in res else "boot cost: no `boot: N TSC ticks` line"


# ---- Reading the output ---------------------------------------------------

def parse(text):
    """The bench's `bench: key=value ...` lines -> {"header": {...},
    "ops": {op: (min, median) or None}, "notes": {op: why}, "done": bool}."""
    res = {"header": {}, "ops": {}, "notes": {}, "done": False}
    for line in text.splitlines():
        m = re.search(r"bench: (.*)", line.replace("\r", ""))
        if not m:
            continue
        if m.group(1).strip() == "done":
            res["done"] = True
            continue
        kv = dict(w.split("=", 1) for w in m.group(1).split() if "=" in w)
        if "op" not in kv:
            res["header"].update(kv)
        elif kv.get("min", "n/a") == "n/a":
            res["ops"][kv["op"]] = None
            res["notes"][kv["op"]] = kv.get("note", "n/a")
        else:
            res["ops"][kv["op"]] = (int(kv["min"]), int(kv["median"]))
    return res


def in_unit(res, ticks, wall):
    """TSC ticks -> the reported unit: guest instructions (icount) or ns."""
    if ticks is None or not wall:
        return ticks
    khz = int(res["header"].get("tsc_khz", "0"))
    return round(ticks * 1_000_000 / khz) if khz > 0 else None


def figures(res, op, wall):
    """(min, median) in the reported unit, or None."""
    if not res or not res["ops"].get(op):
        return None
    return tuple(in_unit(res, t, wall) for t in res["ops"][op])


# ---- Output: table, CSV, SVG ------------------------------------------------

def ratio(a, lx):
    if not a or not lx or a[1] is None or lx[1] is None or a[1] <= 0:
        return None
    return lx[1] / a[1]


def report(anvil, anvil_why, linux, linux_why, wall, quick, boot=None, boot_why=None):
    unit = "ns (wall clock, noisy)" if wall else "guest instructions (-icount shift=0)"
    qemu_ver = subprocess.run([QEMU, "--version"], capture_output=True,
                              text=True).stdout.splitlines()[0]
    lines = [f"Benchmark {datetime.date.today()} on {qemu_ver}; "
             f"{'quick' if quick else 'full'} mode; unit: {unit}; median of runs",
             ""]
    if anvil_why:
        lines.append(f"anvil: {anvil_why}")
    if linux_why:
        lines.append(f"Linux: {linux_why}")
    if linux and linux["header"]:
        lines.append(f"Linux: {linux['header'].get('release', '?')}")
    lines.append("")
    lines.append("| operation | anvil | Linux | Linux/anvil |")
    lines.append("|---|---:|---:|---:|")
    rows = []
    for op, _ in OPS:
        a, lx = figures(anvil, op, wall), figures(linux, op, wall)
        r = ratio(a, lx)
        rows.append((op, a, lx, r))
        lines.append(f"| {op} | {fmt(a and a[1])} | {fmt(lx and lx[1])} | "
                     f"{'n/a' if r is None else f'{r:.1f}x'} |")
    lines.append("")
    if not wall:
        for op, target in TARGETS.items():
            a = figures(anvil, op, wall)
            verdict = ("not measured" if not a or a[1] is None else
                       "met" if a[1] <= target else "missed")
            lines.append(f"target: anvil {op} <= {target} instructions: {verdict}"
                         + (f" ({a[1]})" if a and a[1] is not None else ""))
    lines += boot_lines(boot or {}, boot_why)
    text = "\n".join(lines) + "\n"
    print(text, end="")
    with open(os.path.join(OUT, "results.md"), "w") as f:
        f.write(text)
    bench_files.write_csv(OUT, rows, unit, boot or {})
    bench_files.write_svg(OUT, rows, unit)
    return rows


def boot_lines(boot, why):
    """The boot-cost part of the report."""
    if not boot and not why:
        return []
    out = ["", f"Boot cost ({BOOT_MEM} of RAM):"]
    if why:
        out.append(f"  {why}")
    if "instr" in boot:
        verdict = "met" if boot["instr"] <= BOOT_TARGET else "missed"
        out.append(f"  anvil, kernel entry -> first ring-3 instruction: {boot['instr']} "
                   f"guest instructions (-icount shift=0)")
        out.append(f"target: anvil boot to ring 3 <= {BOOT_TARGET} instructions: "
                   f"{verdict} ({boot['instr']})")
    if "tcg_ms" in boot:
        out.append(f"  the same span in plain TCG: {boot['tcg_ms']:.1f} ms "
                   f"(the kernel's TSC at its measured rate)")
    if "anvil_s" in boot:
        a, c = boot["anvil_s"], boot["calib_s"]
        out.append(f"  wall time, QEMU launch -> init's first line: anvil {a:.2f} s; "
                   f"calibration kernel (firmware + GRUB only) {c:.2f} s; "
                   f"anvil's own share {a - c:.2f} s (best of runs, plain TCG)")
    return out


def check(res, why, name):
    """--check: every row present with a positive median, and a clean end."""
    problems = []
    if res is None or why:
        return [f"{name}: {why}"]
    if not res["done"]:
        problems.append(f"{name}: no 'bench: done' line")
    for op, _ in OPS:
        v = res["ops"].get(op)
        if op not in res["ops"]:
            problems.append(f"{name}: row {op} missing")
        elif v is not None and v[1] <= 0:
            problems.append(f"{name}: row {op} not positive: {v}")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="few iterations")
    ap.add_argument("--wall", action="store_true",
                    help="no -icount: figures in ns, noisy")
    ap.add_argument("--only", choices=["anvil", "linux"])
    ap.add_argument("--bench", default=os.path.join(BUILD, "user", "bench"),
                    help="the bench binary for the Linux initramfs")
    ap.add_argument("--timeout", type=int, default=600,
                    help="seconds allowed for each boot")
    ap.add_argument("--no-boot", action="store_true",
                    help="skip the boot-cost runs")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 unless every row came out positive on each kernel run")
    opts = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    args = ["quick"] if opts.quick else []

    anvil = linux = None
    anvil_why = linux_why = "not run (--only)"
    if opts.only != "linux":
        anvil, anvil_why = run_anvil(args, opts.wall, opts.timeout)
    if opts.only != "anvil":
        if not os.path.exists(opts.bench):
            linux_why = f"{opts.bench} not built (make user)"
        else:
            linux, linux_why = run_linux(opts.bench, args, opts.wall, opts.timeout)
    boot, boot_why = {}, None
    if opts.only != "linux" and not opts.no_boot:
        boot, boot_why = boot_cost(opts.quick, min(opts.timeout, 120))
    report(anvil, anvil_why, linux, linux_why, opts.wall, opts.quick, boot, boot_why)

    if opts.check:
        problems = []
        if opts.only != "linux":
            problems += check(anvil, anvil_why, "anvil")
            if not opts.no_boot and "instr" not in boot:
                problems.append(f"anvil: {boot_why or 'no boot-cost figure'}")
        if opts.only != "anvil":
            problems += check(linux, linux_why, "Linux")
        for p in problems:
            print("bench check: " + p)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
