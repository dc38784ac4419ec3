"""/proc (docs/procfs.md): what a process reads about itself, and what the
kernel's files say checked against the same boot's own reports.

- procfs.proctest.*: user/proctest.c reads its /proc/self files and checks
  them against getpid, getppid, its argv, its stack, heap and code
  addresses, its descriptors and a child's directory (each TAP line is a
  test).  The same program passes on Linux.
- procfs.shell.*: one shell boot; the shell's `regs`, `irq` and `mem` and the
  kernel log's CPU lines, then the /proc files that must agree with them,
  read by /bin/pcat in the same boot.
"""

import re
from pathlib import Path

from testlib import WAIT, TAP_LINE, Boot, slug, tap_checks, test
from terminal import PROMPT

ROOT = Path(__file__).resolve().parent.parent.parent
CHECKS = tap_checks(ROOT / "user" / "proctest.c")
PROCTEST = Boot(cmdline='init=/bin/proctest -- one "two words"')


@test("procfs.proctest", boot=PROCTEST)
def proctest_run(ctx):
    """Every check printed, in order, and the program exited 0."""
    got = [m.group(3) for m in TAP_LINE.finditer(ctx.log)]
    assert got == CHECKS, f"TAP lines differ from the ok() calls in proctest.c: {got[:5]}..."
    assert ctx.outcome.code == 0, ctx.outcome.message


for number, desc in enumerate(CHECKS, 1):
    @test(f"procfs.proctest.{slug(desc)}", boot=PROCTEST)
    def proctest_check(ctx, number=number, desc=desc):
        line = next((m for m in TAP_LINE.finditer(ctx.log) if int(m.group(2)) == number), None)
        assert line, f"no TAP line {number} ({desc})"
        assert line.group(3) == desc, f"line {number} is {line.group(3)!r}"
        assert line.group(1) == "ok", f"not ok {number} - {desc}"


def shell_line(q, line, timeout=WAIT):
    """Type line + CR on COM1; return the serial text between the echoed
    line and the next prompt."""
    start = len(q.read_log())
    q.serial_write(line + "\r")
    end = q.wait_for(re.escape(PROMPT), timeout=timeout, start=start).start()
    out = q.read_log()[start:end].replace("\r", "")
    assert out.startswith(line + "\n"), repr(out[:200])
    return out[len(line) + 1:]


def pcat(q, path):
    """The file's text as /bin/pcat printed it (its exit line removed)."""
    out = shell_line(q, f"pcat {path}")
    tail = re.search(r"^/bin/pcat \(pid \d+\) exited with status (\d+)\n\Z", out, re.MULTILINE)
    assert tail and tail.group(1) == "0", f"pcat {path} failed:\n{out}"
    return out[:tail.start()]


# Registers whose value changes between the shell's `regs` and a program's
# read of /proc/anvil/regs, and why: CR2 is the last page fault's address
# (the program's own demand paging moves it), CR3 the running address space
# (the shell's kernel tables, then the program's), RFLAGS the arithmetic
# flags of whatever ran last.  Every other line must be the same text.
MOVING = ("CR2", "CR3", "RFLAGS")


def register_lines(text):
    """{register: its lines} of `regs`' short form."""
    regs, name = {}, None
    for line in text.splitlines():
        m = re.match(r"^([A-Z0-9_]+) +[0-9a-f]{16}", line)
        if m:
            name = m.group(1)
        if name:
            regs.setdefault(name, []).append(line)
    return regs


@test("procfs.shell.regs_match_the_shell", boot=Boot(), live=True)
def regs_match(ctx):
    q = ctx.qemu
    q.wait_for(re.escape(PROMPT), timeout=WAIT)
    shell, proc = register_lines(shell_line(q, "regs")), register_lines(pcat(q, "/proc/anvil/regs"))
    assert set(shell) == set(proc) and len(shell) >= 10, (sorted(shell), sorted(proc))
    for name in shell:
        if name not in MOVING:
            assert shell[name] == proc[name], f"{name}: shell {shell[name]} /proc {proc[name]}"
    # The moving ones still have their layout: value, then the decoded line.
    for name in MOVING:
        assert len(shell[name]) == len(proc[name]), (shell[name], proc[name])


@test("procfs.shell.memory_agrees", boot=Boot(), live=True)
def memory_agrees(ctx):
    q = ctx.qemu
    q.wait_for(re.escape(PROMPT), timeout=WAIT)
    mem = shell_line(q, "mem")
    frames = int(re.search(r"^frames +(\d+) total", mem, re.MULTILINE).group(1))
    anvil = pcat(q, "/proc/anvil/mem")
    assert re.match(rf"frames +{frames} total, \d+ free", anvil), anvil
    meminfo = pcat(q, "/proc/meminfo")
    lines = meminfo.splitlines()
    # Linux's order and widths: "%-16s%8lu kB" from MemTotal on.
    assert [l.split(":")[0] for l in lines[:5]] == \
        ["MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached"], lines[:5]
    for l in lines:
        assert re.match(r"^[A-Za-z_()0-9]+: +\d+( kB)?$", l), l
        if l.endswith(" kB"):
            assert len(l) >= 27 and l[16:24].strip().isdigit(), f"not %-16s%8lu kB: {l!r}"
    total = int(re.search(r"^MemTotal: +(\d+) kB$", meminfo, re.MULTILINE).group(1))
    free = int(re.search(r"^MemFree: +(\d+) kB$", meminfo, re.MULTILINE).group(1))
    assert total == frames * 4, f"MemTotal {total} kB, the shell's mem {frames} frames"
    # The boot has 128 MiB; the allocator manages most of it.
    assert 96 * 1024 < total <= 128 * 1024, total
    assert 0 < free < total, (free, total)


@test("procfs.shell.irq_counts_only_grow", boot=Boot(), live=True)
def irq_counts(ctx):
    q = ctx.qemu
    q.wait_for(re.escape(PROMPT), timeout=WAIT)
    def table(text):
        rows = re.findall(r"^ *(\d+)  (\d+) +(.*)$", text, re.MULTILINE)
        return {int(v): (int(n), what) for v, n, what in rows}
    shell_text = shell_line(q, "irq")
    proc_text = pcat(q, "/proc/anvil/irq")
    assert shell_text.splitlines()[0] == proc_text.splitlines()[0], (shell_text, proc_text)
    shell, proc = table(shell_text), table(proc_text)
    assert shell, shell_text
    for v, (n, what) in shell.items():
        assert v in proc and proc[v][0] >= n and proc[v][1] == what, (v, n, proc.get(v))
    # /proc/interrupts in Linux's layout, its timer count from the same counters.
    inter = pcat(q, "/proc/interrupts")
    assert re.match(r"^ {11}CPU0 *\n", inter), inter
    rows = re.findall(r"^ *(\d+): +(\d+) +(IO-APIC|XT-PIC) +\d+-edge +(\S.*)$", inter, re.MULTILINE)
    assert rows, inter
    for irq, n, _, name in rows:
        # `irq` lists only vectors taken at least once; /proc/interrupts was read after it.
        label = f"IRQ {irq} {name}"           # `irq`'s words for that line
        before, what = proc.get(0x20 + int(irq), (0, label))
        assert int(n) >= before and what == label, (irq, n, name, before, what)
    for label in ("NMI", "LOC", "SPU", "ERR", "MIS"):
        assert re.search(rf"^{label}: +\d+", inter, re.MULTILINE), f"no {label}:\n{inter}"


# anvil's feature names where Linux's /proc/cpuinfo says otherwise, and the
# ones Linux does not print (cpufeatures.h names them "").
LINUX_NAME = {"sse3": "pni"}
LINUX_HIDES = {"osxsave"}


@test("procfs.shell.cpuinfo_matches_the_log", boot=Boot(), live=True)
def cpuinfo(ctx):
    q = ctx.qemu
    q.wait_for(re.escape(PROMPT), timeout=WAIT)
    text = pcat(q, "/proc/cpuinfo")
    log = q.read_log().replace("\r", "")
    ident = re.search(r'cpu: (\S+) "(.*)" family 0x([0-9a-f]+) model 0x([0-9a-f]+) stepping (\d+)', log)
    feats = re.search(r"cpu: features:(.*)", log).group(1).split()
    field = dict(re.findall(r"^([a-z_ A-Z]+?)\s*: ?(.*)$", text, re.MULTILINE))
    assert field["processor"] == "0", text
    assert field["vendor_id"] == ident.group(1), (field["vendor_id"], ident.group(0))
    assert field["model name"] == (ident.group(2) or "unknown"), field["model name"]
    assert int(field["cpu family"]) == int(ident.group(3), 16), field["cpu family"]
    assert int(field["model"]) == int(ident.group(4), 16), field["model"]
    assert field["stepping"] == ident.group(5), field["stepping"]
    want = {LINUX_NAME.get(f, f) for f in feats if f not in LINUX_HIDES}
    got = field["flags"].split()
    assert set(got) == want and len(got) == len(want), f"flags {got}, log {feats}"
    assert re.match(r"^\d+\.\d{3}$", field["cpu MHz"]) and float(field["cpu MHz"]) > 0, field
    assert re.match(r"^\d+\.\d{2}$", field["bogomips"]), field["bogomips"]
    assert re.match(r"^\d+ bits physical, \d+ bits virtual$", field["address sizes"]), field
    assert text.endswith("power management:\n\n"), text[-60:]


@test("procfs.shell.system_files", boot=Boot(), live=True)
def system_files(ctx):
    q = ctx.qemu
    q.wait_for(re.escape(PROMPT), timeout=WAIT)
    mounts = pcat(q, "/proc/mounts").splitlines()
    assert re.match(r"^\S+ / tmpfs rw 0 0$", mounts[0]), mounts
    assert any(re.match(r"^\S+ /proc proc rw 0 0$", l) for l in mounts), mounts
    fs = pcat(q, "/proc/filesystems").splitlines()
    assert "nodev\tproc" in fs and "nodev\ttmpfs" in fs, fs
    assert re.match(r"^anvil version 0\.1 \(anvil@anvil\) \((gcc|clang) .*\) anvil 0\.1\n\Z",
                    pcat(q, "/proc/version"))
    # uptime only moves on: at least the log's last time stamp before the read.
    stamps = re.findall(r"^\[ *(\d+\.\d{3})\]", q.read_log(), re.MULTILINE)
    up = pcat(q, "/proc/uptime")
    m = re.match(r"^(\d+\.\d\d) (\d+\.\d\d)\n\Z", up)
    assert m and float(m.group(1)) >= float(stamps[-1]) - 0.01, (up, stamps[-1:])
    m = re.match(r"^0\.00 0\.00 0\.00 (\d+)/(\d+) (\d+)\n\Z", pcat(q, "/proc/loadavg"))
    assert m and 1 <= int(m.group(1)) <= int(m.group(2)), m
    stat = pcat(q, "/proc/stat")
    assert re.match(r"^cpu  (\d+ ){9}\d+\ncpu0 (\d+ ){9}\d+\n", stat), stat
    # /proc/self is the reader's own directory.
    status = pcat(q, "/proc/self/status")
    assert re.search(r"^Name:\tpcat$", status, re.MULTILINE), status
