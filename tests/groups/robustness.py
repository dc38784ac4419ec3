"""Robustness (docs/robustness.md): the ring-3 system call fuzzer on anvil, the
entry-path edge cases of user/t_entry.c, and the short torture run.  Every case
must end with a correct result or a clean kill of the program, never a kernel
fault; the libFuzzer corpora are replayed by the fuzz group, the UBSAN kernel
by the ubsan group."""

import re
from pathlib import Path

from testlib import LOG_DIR, TAP_LINE, Boot, qemu, slug, tap_checks, test

ROOT = Path(__file__).resolve().parent.parent.parent
FUZZ_SEED, FUZZ_CALLS = 1, 20000
FUZZ_LINE = re.compile(r"fuzz: seed (\d+) calls (\d+) insane (\d+) hash ([0-9a-f]{16})")


def no_kernel_fault(log):
    assert "KERNEL PANIC" not in log, "the kernel panicked"
    assert "DOUBLE FAULT" not in log.upper(), "double fault"


# ---------------------------------------------------------------------------
# The system call fuzzer (user/fuzz.c): both entry paths, one fixed seed.

FUZZ_BOOT = Boot(cmdline=f"init=/bin/fuzz -- {FUZZ_SEED} {FUZZ_CALLS}")


@test("robustness.fuzz.short_run", boot=FUZZ_BOOT)
def fuzz_short_run(ctx):
    """20,000 random calls through SYSCALL and int $0x80: every answer sane, exit 0."""
    no_kernel_fault(ctx.log)
    m = FUZZ_LINE.search(ctx.log)
    assert m, "no result line from the fuzzer"
    assert (int(m.group(1)), int(m.group(2)), int(m.group(3))) == (FUZZ_SEED, FUZZ_CALLS, 0), m.group(0)
    ctx.expect(r"anvil: exit status 0 \(init exited\)")
    assert ctx.outcome.code == 0, ctx.outcome.message


@test("robustness.fuzz.same_seed_same_hash")
def fuzz_same_hash(ctx):
    """The same seed on two more boots prints the same result line, hash included
    (the second with a faster tick: the answers must not depend on timing).
    Both boot with norandmaps: brk's answers are addresses, and the layout
    is an input of the run like the seed (docs/mmap.md, Layout and ASLR)."""
    lines = []
    for i, extra in enumerate(("", "hz=1000 ")):
        boot = Boot(cmdline=f"norandmaps {extra}init=/bin/fuzz -- {FUZZ_SEED} {FUZZ_CALLS}")
        log = LOG_DIR / f"robustness.fuzz.same_seed.{i}.log"
        outcome, text = qemu.boot(boot.config(), log, boot.seconds())
        no_kernel_fault(text)
        assert outcome.code == 0, f"boot {i}: {outcome.message}"
        m = FUZZ_LINE.search(text)
        assert m, f"boot {i}: no result line"
        lines.append(m.group(0))
    assert lines[0] == lines[1], f"two boots differ: {lines}"


# ---------------------------------------------------------------------------
# Entry-path edge cases (user/t_entry.c, user/t_entry_int80.c): one boot runs
# the TAP checks, then each case that must end in a kill, as pids 2..5.

ENTRY_RUN = ("run=/bin/t_entry,/bin/t_entry:sysret_rip,/bin/t_entry:step_syscall,"
             "/bin/t_entry:step_int80,/bin/t_entry_int80")
ENTRY_CHECKS = tap_checks(ROOT / "user" / "t_entry.c")
NONCANONICAL_KILL = (r"(return to a non-canonical address"
                     r"|general protection fault at rip 0x800000000000)")
# (pid, program, what its kill line says, signal, a line it writes first)
ENTRY_KILLS = {
    "sysret_rip": (2, "t_entry", NONCANONICAL_KILL, 11,
                   "t_entry: write from the top of the user half"),
    "step_syscall": (3, "t_entry", r"debug trap at rip 0x4[0-9a-f]{5}", 5, None),
    "step_int80": (4, "t_entry", r"debug trap at rip 0x4[0-9a-f]{5}", 5, None),
    "int80_rip": (5, "t_entry_int80", NONCANONICAL_KILL, 11,
                  "t_entry_int80: write from the top of the user half"),
}

# On a CPU with SMAP (max) and one without SMEP/SMAP/UMIP (qemu64).
for cpu in ("max", "qemu64"):
    boot = Boot(cpu=cpu, cmdline=ENTRY_RUN)

    @test(f"robustness.entry.{cpu}.t_entry", boot=boot)
    def entry_tap(ctx):
        """Every check printed, in order, and t_entry exited 0."""
        no_kernel_fault(ctx.log)
        got = [m.group(3) for m in TAP_LINE.finditer(ctx.log)]
        assert got == ENTRY_CHECKS, f"TAP lines differ from the ok() calls in t_entry.c: {got[:5]}..."
        ctx.expect(r"run: /bin/t_entry \(pid 1\): exited with status 0")

    for number, desc in enumerate(ENTRY_CHECKS, 1):
        @test(f"robustness.entry.{cpu}.{slug(desc)}", boot=boot)
        def entry_check(ctx, number=number, desc=desc):
            line = next((m for m in TAP_LINE.finditer(ctx.log) if int(m.group(2)) == number), None)
            assert line, f"no TAP line {number} ({desc})"
            assert line.group(3) == desc, f"line {number} is {line.group(3)!r}"
            assert line.group(1) == "ok", f"not ok {number} - {desc}"

    for case, (pid, prog, what, signal, first) in ENTRY_KILLS.items():
        @test(f"robustness.entry.{cpu}.{case}", boot=boot)
        def entry_kill(ctx, pid=pid, prog=prog, what=what, signal=signal, first=first):
            """Ends in one clean kill line with the right signal; the kernel goes on."""
            no_kernel_fault(ctx.log)
            if first:
                assert first in ctx.log, f"the system call did not run: no {first!r}"
            kills = re.findall(rf"pid {pid} \({prog}\): (.*), killed", ctx.log)
            assert len(kills) == 1, f"wanted one kill line for pid {pid}, got {kills}"
            assert re.fullmatch(what, kills[0]), f"{kills[0]!r} is not {what!r}"
            ctx.expect(rf"run: /bin/{prog} \(pid {pid}\): killed by signal {signal}, "
                       rf"status {128 + signal}")


# ---------------------------------------------------------------------------
# The short torture run (kernel/torture.c; `make torture` is the long one).

@test("robustness.torture.small", boot=Boot(cmdline="torture=small", timeout=90))
def torture_small(ctx):
    """A few seeds x 3,000 calls, every fault program, the heap stress: no leak."""
    no_kernel_fault(ctx.log)
    ctx.expect(r"torture: 9000 system calls fuzzed without a kernel fault")
    ctx.expect(r"torture: frames free or kept by the heap (\d+) -> \1, heap in use (\d+) -> \2 bytes; 0 leaks, 0 failures")
    ctx.expect(r"anvil: exit status 0 \(torture passed\)")
    assert ctx.outcome.code == 0, ctx.outcome.message
