"""Ring 3 from outside: programs run with init=, their exit statuses, t_syscalls
(each TAP line its own test), faults that end only the program, the kernel going
on to the next program, and the CPU state read from QEMU's monitor while a
program spins in ring 3.  docs/syscalls.md explains the mechanisms."""

import platform
import re
import subprocess
from pathlib import Path

from testlib import WAIT, TAP_LINE, Boot, slug, tap_checks, test

ROOT = Path(__file__).resolve().parent.parent.parent
CHECKS = tap_checks(ROOT / "user" / "t_syscalls.c")


# t_syscalls under each firmware and on a CPU without SMEP/SMAP/UMIP/RDRAND.
for label, boot in (("bios", Boot(cmdline="init=/bin/t_syscalls")),
                    ("uefi", Boot(firmware="uefi", cmdline="init=/bin/t_syscalls")),
                    ("qemu64", Boot(cpu="qemu64", cmdline="init=/bin/t_syscalls"))):
    @test(f"ring3.t_syscalls.{label}", boot=boot, full=label == "uefi")
    def t_syscalls_run(ctx):
        """Every check printed, in order, and the program exited 0."""
        got = [m.group(3) for m in TAP_LINE.finditer(ctx.log)]
        assert got == CHECKS, f"TAP lines differ from the ok() calls in t_syscalls.c: {got[:5]}..."
        ctx.expect(r"anvil: exit status 0 \(init exited\)")
        assert ctx.outcome.code == 0, ctx.outcome.message

    for number, desc in enumerate(CHECKS, 1):
        @test(f"ring3.t_syscalls.{label}.{slug(desc)}", boot=boot, full=label == "uefi")
        def t_syscalls_check(ctx, number=number, desc=desc):
            line = next((m for m in TAP_LINE.finditer(ctx.log) if int(m.group(2)) == number), None)
            assert line, f"no TAP line {number} ({desc})"
            assert line.group(3) == desc, f"line {number} is {line.group(3)!r}"
            assert line.group(1) == "ok", f"not ok {number} - {desc}"


@test("ring3.hello", boot=Boot(cmdline="init=/bin/hello"))
def hello(ctx):
    ctx.expect(r"(?m)^Hello from inline assembly!$")
    assert ctx.outcome.code == 0, ctx.outcome.message


@test("ring3.exit7", boot=Boot(cmdline="init=/bin/exit7"))
def exit7(ctx):
    ctx.expect(r"anvil: exit status 7 \(init exited\)")
    assert ctx.outcome.code == 7, ctx.outcome.message


@test("ring3.init_missing", boot=Boot(cmdline="init=/bin/no_such_program"))
def init_missing(ctx):
    ctx.expect(r"anvil: exit status 127 \(init could not be run\)")


# /bin/crash KIND: (the fault named in the kill line, signal) per kind.
GP, SEGV = "general protection fault", 11
CRASHES = {
    "cli": (GP, SEGV), "hlt": (GP, SEGV), "in": (GP, SEGV), "out": (GP, SEGV),
    "cr3": (GP, SEGV), "sgdt": (GP, SEGV),
    "ud": ("invalid opcode", 4), "de": ("divide error", 8),
    # #BP and #OF gates are DPL 3 as in Linux: int3 gives SIGTRAP, int $4
    # reaches the overflow handler (SIGSEGV, Linux's do_overflow), not #GP.
    "int3": ("breakpoint", 5), "int4": ("overflow", SEGV),
    "null_write": (r"page fault at rip 0x[0-9a-f]+ \(write to 0x0: page not present\)", SEGV),
    "kernel_read": (r"page fault at rip 0x[0-9a-f]+ \(read from 0xffffffff80100000", SEGV),
    "kernel_write": (r"page fault at rip 0x[0-9a-f]+ \(write to 0xffffffff80100000", SEGV),
    "kernel_jump": (r"page fault at rip 0xffffffff80100000 \(instruction fetch", SEGV),
    "stack": (r"page fault at rip 0x[0-9a-f]+ \(write to 0x[0-9a-f]+: stack overflow\)", SEGV),
}

# Every kind in one boot per CPU, since the tests only read the log: run=
# starts /bin/crash KIND for each kind in turn, as pids 1, 2, ...
CRASH_RUN = "run=" + ",".join(f"/bin/crash:{kind}" for kind in CRASHES)

for cpu in ("max", "qemu64"):
    for pid, (kind, (what, signal)) in enumerate(CRASHES.items(), 1):
        # sgdt is a privileged leak only under UMIP, which qemu64 lacks:
        # there the program must report that it did not fault.
        umip_less = kind == "sgdt" and cpu == "qemu64"

        @test(f"ring3.crash.{cpu}.{kind}", boot=Boot(cpu=cpu, cmdline=CRASH_RUN))
        def crash(ctx, pid=pid, what=what, signal=signal, umip_less=umip_less):
            assert "KERNEL PANIC" not in ctx.log, "the kernel panicked"
            if umip_less:
                ctx.expect(r"crash: sgdt did not fault")
                ctx.expect(rf"run: /bin/crash \(pid {pid}\): exited with status 1$")
                return
            kills = re.findall(rf"pid {pid} \(crash\): (.*), killed", ctx.log)
            assert len(kills) == 1, f"wanted one kill line for pid {pid}, got {kills}"
            assert re.search(what, kills[0]), f"{kills[0]!r} does not name {what!r}"
            ctx.expect(rf"run: /bin/crash \(pid {pid}\): killed by signal {signal}, "
                       rf"status {128 + signal}$")


@test("ring3.init_killed_ends_the_run", boot=Boot(cmdline="init=/bin/crash -- null_write"))
def init_killed(ctx):
    """When init itself is killed, its status (128 + signal) is the run's."""
    ctx.expect(r"anvil: exit status 139 \(init killed by signal 11\)")
    assert ctx.outcome.code == 139, ctx.outcome.message


@test("ring3.carries_on", boot=Boot(cmdline="run=/bin/crash:ud,/bin/crash:null_write,/bin/hello"))
def carries_on(ctx):
    """Two programs killed, then a third runs normally in the same boot."""
    ctx.expect(r"pid 1 \(crash\): invalid opcode at rip 0x[0-9a-f]+, killed")
    ctx.expect(r"run: /bin/crash \(pid 1\): killed by signal 4, status 132")
    ctx.expect(r"pid 2 \(crash\): page fault at .*, killed")
    ctx.expect(r"run: /bin/crash \(pid 2\): killed by signal 11, status 139")
    ctx.expect(r"(?m)^Hello from inline assembly!$")
    ctx.expect(r"run: /bin/hello \(pid 3\): exited with status 0")
    assert ctx.outcome.code == 0, ctx.outcome.message


@test("ring3.demo", boot=Boot(cmdline=""), live=True)
def demo(ctx):
    """Without init= the kernel runs /bin/hello, then halts (live: the boot
    never ends by itself; QEMU is killed after the check)."""
    ctx.qemu.wait_for(r"demo: /bin/hello \(pid 1\) exited with status 0", timeout=WAIT)
    assert "Hello from inline assembly!" in ctx.qemu.read_log()


EFER_SCE, EFER_LME, EFER_LMA, EFER_NXE = 1 << 0, 1 << 8, 1 << 10, 1 << 11

for firmware in ("bios", "uefi"):
    @test(f"ring3.{firmware}.cpl3_in_monitor", boot=Boot(firmware=firmware, cmdline="init=/bin/spin"),
          live=True, full=firmware == "uefi")
    def cpl3_in_monitor(ctx):
        """While /bin/spin loops, QEMU shows CPL=3 and EFER with SCE, LME, LMA, NXE."""
        q = ctx.qemu
        q.wait_for(r"spin: spinning", timeout=WAIT)
        # A sample can land while a timer interrupt runs in ring 0; the
        # spinning program is in ring 3 nearly all the time, so take a few.
        for _ in range(20):
            regs = q.monitor("info registers")
            cpl = re.search(r"CPL=(\d)", regs)
            if cpl and cpl.group(1) == "3":
                break
        assert cpl and cpl.group(1) == "3", f"CPL: {cpl and cpl.group(0)}\n{regs[:800]}"
        efer = re.search(r"EFER=([0-9a-f]+)", regs)
        assert efer, "no EFER in info registers:\n" + regs[:800]
        value = int(efer.group(1), 16)
        for name, bit in (("SCE", EFER_SCE), ("LME", EFER_LME), ("LMA", EFER_LMA), ("NXE", EFER_NXE)):
            assert value & bit, f"EFER={value:x} lacks {name}"
        cs = re.search(r"^CS =([0-9a-f]{4})", regs, re.MULTILINE)
        assert cs and int(cs.group(1), 16) == 0x23, f"CS: {cs and cs.group(0)}"


# One program dirties the x87/SSE/AVX state, the next must not see it.
# max has XSAVE and AVX (the kernel resets with xrstor); qemu64 has
# neither (fxrstor).  user/fpu_state.c says what each half checks.
for cpu in ("max", "qemu64"):
    @test(f"ring3.fpu_state_not_inherited.{cpu}",
          boot=Boot(cpu=cpu, cmdline="run=/bin/fpu_state:set,/bin/fpu_state:check"))
    def fpu_state_not_inherited(ctx, cpu=cpu):
        avx = "yes" if cpu == "max" else "no"
        ctx.expect(rf"fpu_state: set: fcw 0x340 fsw 0x\w+ mxcsr 0x0, vectors set \(AVX {avx}\)")
        ctx.expect(r"run: /bin/fpu_state \(pid 1\): exited with status 0")
        ctx.expect(rf"fpu_state: check: initial state \(AVX {avx}\)")
        ctx.expect(r"run: /bin/fpu_state \(pid 2\): exited with status 0")
        assert ctx.outcome.code == 0, ctx.outcome.message


# Each fills every x87/SSE/AVX register it can with a pattern from its
# argument and re-checks it through ~2 s (TCG) of timer ticks and system
# calls; user/fpu_preempt.c says what.  Here one after the other, each
# preempted only by the kernel; ring3.fpu_race.* below runs three at once,
# the test of the context switch's FPU state (arch/x86_64/cpu/fpu_state.c),
# in make test, so these two (8 s of boots) are in make test-full.
PREEMPT_CHECKS = tap_checks(ROOT / "user" / "fpu_preempt.c")

for cpu in ("max", "qemu64"):
    @test(f"ring3.fpu_preempt.{cpu}",
          boot=Boot(cpu=cpu, cmdline="run=/bin/fpu_preempt:one,/bin/fpu_preempt:two"), full=True)
    def fpu_preempt(ctx, cpu=cpu):
        got = [(m.group(1), re.sub(r" # SKIP .*$", "", m.group(3))) for m in TAP_LINE.finditer(ctx.log)]
        assert got == [("ok", c) for c in PREEMPT_CHECKS] * 2, got
        # The YMM check is skipped exactly where there is no AVX (qemu64).
        assert ctx.log.count("# SKIP no AVX") == (0 if cpu == "max" else 2)
        ctx.expect(r"run: /bin/fpu_preempt \(pid 1\): exited with status 0")
        ctx.expect(r"run: /bin/fpu_preempt \(pid 2\): exited with status 0")
        assert ctx.outcome.code == 0, ctx.outcome.message


# A process's FPU state survives being preempted by others that change
# every register: /bin/fpu_race runs three fpu_preempt at once, each with
# its own pattern, and reports one TAP line per child (user/fpu_race.c).
# max saves with XSAVEOPT, qemu64 with FXSAVE (arch/x86_64/cpu/fpu_state.c).
RACE_CHECKS = tap_checks(ROOT / "user" / "fpu_race.c")
RACE_WORDS = ("alpha", "bravo", "charlie")


def check_fpu_race(log, avx, overlap=True):
    lines = [(m.group(1), m.group(3)) for m in TAP_LINE.finditer(log)]
    driver = [(v, d) for v, d in lines if d in RACE_CHECKS]
    # The children's lines interleave in any order: compare them as a multiset.
    children = sorted((v, re.sub(r" # SKIP .*$", "", d)) for v, d in lines if d not in RACE_CHECKS)
    assert children == sorted([("ok", c) for c in PREEMPT_CHECKS] * 3), \
        f"the children's checks: {[c for c in children if c[0] != 'ok'] or children}"
    assert driver == [("ok", c) for c in RACE_CHECKS], f"fpu_race's own lines: {driver}"
    assert log.count("# SKIP no AVX") == (0 if avx else 3)
    if not overlap:
        return
    # The premise: the three ran at once, each started before any finished
    # its rounds (with one at a time the test would prove nothing).  On
    # anvil under TCG a child's rounds last many 10 ms time slices, and the
    # parent forks all three in its first one.
    starts = [log.find(f"# fpu_preempt '{w}': seed") for w in RACE_WORDS]
    assert min(starts) >= 0, f"a child did not start: {starts}"
    first_done = re.search(r"^(not )?ok 2 - XMM0-15", log, re.MULTILINE)
    assert first_done and max(starts) < first_done.start(), \
        "the children ran one after another, not preempting each other"


for label, boot, avx in (("max", Boot(cmdline="init=/bin/fpu_race"), True),
                         ("qemu64", Boot(cpu="qemu64", cmdline="init=/bin/fpu_race"), False),
                         ("uefi", Boot(firmware="uefi", cmdline="init=/bin/fpu_race"), True)):
    @test(f"ring3.fpu_race.{label}", boot=boot, full=label == "uefi")
    def fpu_race(ctx, avx=avx):
        """Three fpu_preempt at once: every check of each ok, each exited 0."""
        check_fpu_race(ctx.log, avx)
        ctx.expect(r"anvil: exit status 0 \(init exited\)")
        assert ctx.outcome.code == 0, ctx.outcome.message


@test("ring3.host.fpu_race")
def fpu_race_on_host(ctx):
    """The same binary on this machine's Linux (x86-64 only)."""
    if platform.system() != "Linux" or platform.machine() != "x86_64":
        ctx.skip(f"not x86-64 Linux ({platform.system()} {platform.machine()})")
    binary = ROOT / "build" / "user" / "fpu_race"
    assert binary.exists(), f"{binary} is missing: run `make`"
    proc = subprocess.run([str(binary), str(binary.parent)], capture_output=True, text=True,
                          timeout=120)
    avx = "AVX yes" in proc.stdout
    # Two cores and native speed: the children may well not overlap here.
    check_fpu_race(proc.stdout, avx, overlap=False)
    assert proc.returncode == 0, f"fpu_race on Linux exited {proc.returncode}\n{proc.stdout}"


@test("ring3.args_quoted_word_is_one_argument",
      boot=Boot(cmdline='init=/bin/args -- one "two words" x="a b"'))
def args_quoted(ctx):
    """Quotes on the kernel command line group words and are removed, as Linux
    passes them to init: `"two words"` is argv[2], `x="a b"` is argv[3] x=a b."""
    got = re.findall(r'^argv\[\d+\] = "(.*)"$', ctx.log, re.MULTILINE)
    assert got == ["/bin/args", "one", "two words", "x=a b"], got
    ctx.expect(r"(?m)^argc 4$")
    assert ctx.outcome.code == 0, ctx.outcome.message


SCRIPTS = "/usr/lib/anvil"


@test("ring3.scripts",
      boot=Boot(cmdline=f"run={SCRIPTS}/script-args:a:b,{SCRIPTS}/script-nested:c,"
                        f"{SCRIPTS}/script-loop,{SCRIPTS}/script-nointerp"))
def scripts(ctx):
    """#! scripts from the root file system, as Linux's binfmt_script runs them:
    the interpreter, the one argument after its name (blanks trimmed, not
    split), the script's path, then the rest of argv; a script may name a
    script; a loop of scripts ends in ELOOP (40) and an empty #! line in
    ENOEXEC (8), each a clear error and the kernel carries on."""
    runs = re.split(r"(?m)^\[[ 0-9.]+\] run: ", ctx.log)
    argvs = [re.findall(r'^argv\[\d+\] = "(.*)"$', r, re.MULTILINE) for r in runs]
    argvs = [a for a in argvs if a]
    assert argvs == [
        ["/bin/args", "-x  y", f"{SCRIPTS}/script-args", "a", "b"],
        ["/bin/args", "-x  y", f"{SCRIPTS}/script-args", f"{SCRIPTS}/script-nested", "c"],
    ], argvs
    ctx.expect(rf"(?m)run: cannot run {SCRIPTS}/script-loop \(error 40\)$")
    ctx.expect(rf"(?m)run: cannot run {SCRIPTS}/script-nointerp \(error 8\)$")
