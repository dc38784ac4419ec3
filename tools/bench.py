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
/init (the bench binary), /dev/console and /dev/null. The bench powers the
machine off when it is done.

anvil side: tools/qemu.py boots the anvil ISO with `init=/bin/bench`.

Writes build/bench/results.csv, results.svg and results.md (the table).
Python standard library only.
"""
import argparse
import csv
import datetime
import glob
import gzip
import io
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
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
    ("write_devnull", "1-byte write to /dev/null"),
    ("brk0", "brk(0)"),
    ("page_fault", "first touch of a fresh heap page"),
]

# Issue 10's targets for anvil, in guest instructions under icount.
TARGETS = {"getpid_syscall": 60, "getpid_int80": 100}

# The same machine for both kernels: only the kernel differs.
QEMU_COMMON = ["-m", "256M", "-cpu", "max", "-nographic", "-no-reboot"]
ICOUNT = ["-icount", "shift=0"]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---- The Linux kernel ---------------------------------------------------

def fetch_linux():
    """Return (path to Debian's vmlinuz, None), or (None, why not)."""
    vmlinuz = os.path.join(LINUX_CACHE, "vmlinuz")
    if os.path.exists(vmlinuz):
        return vmlinuz, None
    os.makedirs(LINUX_CACHE, exist_ok=True)
    try:
        # The metapackage only depends on the real, versioned package.
        deps = subprocess.run(["apt-cache", "depends", "linux-image-amd64"],
                              capture_output=True, text=True, timeout=60)
        m = re.search(r"Depends: (linux-image-[0-9][^\s]*-amd64)\b", deps.stdout)
        if not m:
            return None, "apt-cache knows no linux-image-amd64 (run apt-get update?)"
        pkg = m.group(1)
        log(f"bench.py: fetching {pkg} with apt-get download")
        got = subprocess.run(["apt-get", "download", pkg], cwd=LINUX_CACHE,
                             capture_output=True, text=True, timeout=600)
        debs = glob.glob(os.path.join(LINUX_CACHE, pkg + "_*.deb"))
        if got.returncode != 0 or not debs:
            return None, f"apt-get download {pkg} failed: {got.stderr.strip()[-200:]}"
        tree = os.path.join(LINUX_CACHE, "tree")
        subprocess.run(["dpkg-deb", "-x", debs[0], tree], check=True, timeout=300)
        found = glob.glob(os.path.join(tree, "boot", "vmlinuz-*"))
        if not found:
            return None, f"{pkg} has no /boot/vmlinuz-*"
        shutil.copyfile(found[0], vmlinuz)
        shutil.rmtree(tree)             # keep only the kernel and the .deb
        with open(os.path.join(LINUX_CACHE, "VERSION"), "w") as f:
            f.write(os.path.basename(debs[0]) + "\n")
        return vmlinuz, None
    except (OSError, subprocess.SubprocessError) as e:
        return None, f"cannot fetch Debian's kernel: {e}"


# ---- The initramfs: a newc cpio archive, gzipped -------------------------

S_IFDIR, S_IFCHR, S_IFREG = 0o040000, 0o020000, 0o100000


def cpio_entry(ino, name, mode, data=b"", rdev=(0, 0)):
    """One newc record: a 110-byte ASCII header, the name, the data, each
    padded to a multiple of 4 bytes (see the kernel's
    Documentation/driver-api/early-userspace/buffer-format.rst)."""
    fields = [ino, mode, 0, 0,                   # ino, mode, uid, gid
              2 if mode & S_IFDIR else 1, 0,     # nlink, mtime
              len(data), 0, 0,                   # filesize, dev major/minor
              rdev[0], rdev[1],                  # rdev major/minor (devices)
              len(name) + 1, 0]                  # namesize with NUL, check
    rec = b"070701" + b"".join(b"%08x" % f for f in fields)
    rec += name.encode() + b"\0"
    rec += b"\0" * (-len(rec) % 4)
    rec += data + b"\0" * (-len(data) % 4)
    return rec


def make_initramfs(bench, out_path):
    with open(bench, "rb") as f:
        init = f.read()
    entries = [
        ("dev", S_IFDIR | 0o755, b"", (0, 0)),
        ("dev/console", S_IFCHR | 0o600, b"", (5, 1)),  # the kernel opens it for init
        ("dev/null", S_IFCHR | 0o666, b"", (1, 3)),
        ("init", S_IFREG | 0o755, init, (0, 0)),
    ]
    cpio = b"".join(cpio_entry(i + 1, n, m, d, r)
                    for i, (n, m, d, r) in enumerate(entries))
    cpio += cpio_entry(0, "TRAILER!!!", 0)
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as gz:
        gz.write(cpio)
    with open(out_path, "wb") as f:
        f.write(buf.getvalue())


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


def run_linux(bench, args, wall, timeout):
    vmlinuz, why = fetch_linux()
    if not vmlinuz:
        return None, why
    initrd = os.path.join(OUT, "initrd.gz")
    make_initramfs(bench, initrd)
    # transparent_hugepage=never: Debian's default "always" would map a whole
    # 2 MiB page on some first touches; we measure 4 KiB faults, as on anvil.
    append = "console=ttyS0 quiet panic=-1 transparent_hugepage=never -- " + " ".join(args)
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
    cmdline = "init=/bin/bench -- " + " ".join(args)
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

def fmt(v):
    return "n/a" if v is None else str(v)


def ratio(a, lx):
    if not a or not lx or a[1] is None or lx[1] is None or a[1] <= 0:
        return None
    return lx[1] / a[1]


def report(anvil, anvil_why, linux, linux_why, wall, quick):
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
    text = "\n".join(lines) + "\n"
    print(text, end="")
    with open(os.path.join(OUT, "results.md"), "w") as f:
        f.write(text)
    write_csv(rows, unit)
    write_svg(rows, unit)
    return rows


def write_csv(rows, unit):
    with open(os.path.join(OUT, "results.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["op", "anvil_min", "anvil_median", "linux_min",
                    "linux_median", "linux_over_anvil", "unit"])
        for op, a, lx, r in rows:
            w.writerow([op, *(a or ("", "")), *(lx or ("", "")),
                        "" if r is None else f"{r:.2f}", unit])


def write_svg(rows, unit):
    """Horizontal bars, two per operation (anvil, Linux), medians."""
    bar, gap, left, width = 14, 12, 150, 420
    top = 48
    height = top + len(rows) * (2 * bar + gap) + 30
    vals = [v[1] for _, a, lx, _ in rows for v in (a, lx) if v and v[1]]
    scale = width / max(vals) if vals else 0
    colours = {"anvil": "#d9822b", "Linux": "#3a6ea5"}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 90}" '
           f'height="{height}" font-family="sans-serif" font-size="12">',
           f'<text x="10" y="18" font-size="14">System call cost, median '
           f'({unit})</text>']
    for i, (name, colour) in enumerate(colours.items()):
        out.append(f'<rect x="{left + i * 80}" y="26" width="10" height="10" '
                   f'fill="{colour}"/><text x="{left + i * 80 + 14}" y="35">'
                   f'{name}</text>')
    y = top
    for op, a, lx, _ in rows:
        out.append(f'<text x="{left - 6}" y="{y + bar + 4}" '
                   f'text-anchor="end">{op}</text>')
        for v, colour in ((a, colours["anvil"]), (lx, colours["Linux"])):
            med = v[1] if v else None
            w = max(1, round(max(med, 0) * scale)) if med is not None else 0
            out.append(f'<rect x="{left}" y="{y}" width="{w}" height="{bar - 2}" '
                       f'fill="{colour}"/>')
            out.append(f'<text x="{left + w + 4}" y="{y + bar - 4}">'
                       f'{fmt(med)}</text>')
            y += bar
        y += gap
    out.append("</svg>")
    with open(os.path.join(OUT, "results.svg"), "w") as f:
        f.write("\n".join(out) + "\n")


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
    report(anvil, anvil_why, linux, linux_why, opts.wall, opts.quick)

    if opts.check:
        problems = []
        if opts.only != "linux":
            problems += check(anvil, anvil_why, "anvil")
        if opts.only != "anvil":
            problems += check(linux, linux_why, "Linux")
        for p in problems:
            print("bench check: " + p)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
