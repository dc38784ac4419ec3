"""The vDSO (docs/vdso.md): unmodified static glibc and musl programs use
the kernel's vDSO for their clocks.

- vdso.t_vdso.LIBC: user/vdso/t_vdso.c, static against each C library,
  finds every symbol through AT_SYSINFO_EHDR's dynamic symbols and
  versions, checks each against the system call, calls libc's
  clock_gettime a million times (never back, no system call: the
  VdsoSyscalls: line of /proc/self/status), and reads the vvar page
  against the tick (never torn).  Every TAP line of it must be ok.
- vdso.fallback.LIBC: the same with tsc=unstable, where the vDSO must make
  the system call for the TSC clocks: exactly one per call.
- vdso.maps: /proc/self/maps shows [vvar] (r--p) and just above it [vdso]
  (r-xp), one page each here, and the boot log names the modes.
- vdso.image: the built vDSO (BUILD/gen/vdso.so) has Linux's soname and
  every symbol, with and without __vdso_, at version LINUX_2.6, and no
  relocation.
The in-kernel tests vdso.* (kernel/vdso_test.c) run the ELF loader's
checks on the image itself.
"""

import re
import subprocess
from pathlib import Path

import testlib
from testlib import Boot, program_output, tap_checks, tap_lines, test

ROOT = Path(__file__).resolve().parent.parent.parent
CHECKS = tap_checks(ROOT / "user" / "vdso" / "t_vdso.c")
LIBCS = ("glibc", "musl")
SYMBOLS = ("clock_gettime", "gettimeofday", "time", "getcpu", "clock_getres")


def runs(mode):
    return ",".join(f"/bin/t_vdso.{libc}:{mode}" for libc in LIBCS)


TSC_BOOT = Boot(cmdline=f"run={runs('tsc')},/bin/pcat:/proc/self/maps")
FALLBACK_BOOT = Boot(cmdline=f"tsc=unstable run={runs('syscall')}")


def check_program(log, libc):
    name = f"t_vdso.{libc}"
    text, status = program_output(log, name)
    assert text is not None, f"no 'run: /bin/{name} ... exited' line in the log"
    got = tap_lines(text)
    failed = [desc for verdict, desc in got if verdict != "ok"]
    assert not failed, f"/bin/{name}: failing checks: {failed}"
    assert [desc for _, desc in got] == CHECKS, \
        f"/bin/{name}: TAP lines differ from the ok() calls in user/vdso/t_vdso.c:\n" \
        f"  got  {[d for _, d in got]}\n  want {CHECKS}"
    assert status == 0, f"/bin/{name} exited with status {status}"


for libc in LIBCS:
    @test(f"vdso.t_vdso.{libc}", boot=TSC_BOOT)
    def t_vdso(ctx, libc=libc):
        """Every check of t_vdso ok with the vDSO reading the TSC."""
        check_program(ctx.log, libc)

    @test(f"vdso.fallback.{libc}", boot=FALLBACK_BOOT)
    def fallback(ctx, libc=libc):
        """Every check ok with tsc=unstable: the system call behind the vDSO."""
        ctx.expect(r"vdso: \d+ bytes, \d+ page\(s\); clock: system call;")
        check_program(ctx.log, libc)


MAPS_LINE = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) (\S{4}) 00000000 00:00 0 +(\[v\w+\])$", re.MULTILINE)


@test("vdso.maps", boot=TSC_BOOT)
def maps(ctx):
    """[vvar] read-only, then [vdso] read+execute right above it."""
    ctx.expect(r"vdso: \d+ bytes, 1 page\(s\); clock: TSC; getcpu: (rdpid|rdtscp)")
    text, status = program_output(ctx.log, "pcat")
    assert text is not None and status == 0, "pcat /proc/self/maps did not run"
    got = [(m.group(3), m.group(4), int(m.group(1), 16), int(m.group(2), 16))
           for m in MAPS_LINE.finditer(text)]
    assert [(perm, name) for perm, name, _, _ in got] == [("r--p", "[vvar]"), ("r-xp", "[vdso]")], got
    assert got[0][3] == got[1][2] and got[0][3] - got[0][2] == 4096, got


@test("vdso.image")
def image(ctx):
    """The soname, the ten symbols at LINUX_2.6, no relocations."""
    so = testlib.ISO.parent / "gen" / "vdso.so"
    if not so.is_file():
        ctx.skip(f"{so} not built")
    dyn = subprocess.run(["readelf", "-d", "--dyn-syms", "-r", "-W", str(so)],
                         capture_output=True, text=True, check=True).stdout
    assert "Library soname: [linux-vdso.so.1]" in dyn, dyn
    assert "There are no relocations in this file." in dyn, dyn
    for sym in SYMBOLS:
        for name in (sym, "__vdso_" + sym):
            assert re.search(rf" FUNC +\w+ +DEFAULT +\d+ {name}@@LINUX_2\.6$", dyn, re.MULTILINE), \
                f"{name}@@LINUX_2.6 not in the dynamic symbols:\n{dyn}"
