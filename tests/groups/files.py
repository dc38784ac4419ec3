"""The file system calls (issue 16), the parts Linux cannot be compared on.

The calls themselves are checked against Linux by the differential
programs user/diff/files.c, files_names.c and files_fd.c
(tests/groups/differential.py: host and anvil line for line, BIOS on
-cpu max in make test, -cpu qemu64 in make test-full).  What only anvil
can say is checked here from ring 3 by user/fscheck.c (TAP): a full tmpfs
and its space coming back, mount and umount errors, statfs's f_type,
/dev's device numbers and behaviour, and no frame lost over 10,000 files,
1,000 directories and 1,000 symlinks made and removed (sysinfo's freeram
the same before and after).  The path walk and tmpfs's own rules have
KTAP tests in the kernel (kernel/fs/*_test.c, tests/groups/ktest.py).

files.fscheck: one BIOS boot in make test (about 2 s); files.fscheck.uefi
and files.fscheck.qemu64 (a CPU without XSAVE, SMEP, SMAP or UMIP) in
make test-full.
"""

import re
from pathlib import Path

from testlib import TAP_LINE, Boot, tap_checks, test

ROOT = Path(__file__).resolve().parent.parent.parent
CHECKS = tap_checks(ROOT / "user" / "fscheck.c")
RUN_END = re.compile(r"run: /bin/fscheck \(pid \d+\): (?:exited with status (\d+)|killed by signal (\d+))")
FREE = re.compile(r"^# free memory (\d+) KiB -> (\d+) KiB$", re.MULTILINE)

VARIANTS = (("bios", {}), ("uefi", {"firmware": "uefi"}), ("qemu64", {"cpu": "qemu64"}))

for label, variant in VARIANTS:
    @test("files.fscheck" + ("" if label == "bios" else f".{label}"),
          boot=Boot(cmdline="run=/bin/fscheck", mem="128M", **variant), full=label != "bios")
    def fscheck(ctx):
        """Every ok() of user/fscheck.c printed in order and ok, no skip; the
        free-memory figures the same; exit status 0."""
        end = RUN_END.search(ctx.log)
        assert end, "no 'run: /bin/fscheck ... ' line: the program did not finish"
        text = ctx.log[:end.start()]
        got = [(m.group(1), m.group(3)) for m in TAP_LINE.finditer(text)]
        failed = [desc for verdict, desc in got if verdict != "ok" or "# SKIP" in desc]
        assert not failed, f"failing or skipped checks: {failed}"
        assert [desc for _, desc in got] == CHECKS, \
            f"TAP lines differ from the ok() calls in user/fscheck.c:\n  got  {got}\n  want {CHECKS}"
        m = FREE.search(text)
        assert m and m.group(1) == m.group(2), f"free memory: {m.group(0) if m else 'no line'}"
        assert end.group(1) == "0", f"/bin/fscheck ended {end.group(0)}"
        ctx.expect(r"anvil: exit status 0 \(run= finished\)")


# A damaged initramfs (tests/fuzz/corpus/cpio/: cut short, and an entry whose
# filesize runs past the end) given to GRUB in place of the ISO's: the kernel
# says why it refused the archive in one line, makes nothing of it, and boots
# on with the root made of its other modules (here the libc programs, which a
# command line naming one makes GRUB load: tools/qemu_config.py).
CORPUS = ROOT / "tests" / "fuzz" / "corpus" / "cpio"
for name, full in (("truncated", False), ("lying-filesize", True)):
    @test(f"files.initramfs_refused.{name}", full=full,
          boot=Boot(cmdline="init=/bin/facts.musl", initramfs=str(CORPUS / f"{name}.cpio")))
    def initramfs_refused(ctx):
        ctx.expect(r"(?m)initramfs: refused: .+$")
        assert not re.search(r"(?m)^\[[ 0-9.]+\] initramfs: \d+ files", ctx.log), \
            "a refused archive still made files"
        ctx.expect(r"(?m)vfs: \d+ boot modules as files")
        ctx.expect(r"(?m)^facts: started$")
        assert ctx.outcome.code == 0, ctx.outcome.message
