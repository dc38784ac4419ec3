"""Memory management seen from outside: the page tables of a running kernel read
through QEMU's monitor, misuse caught in boots of their own, and the in-kernel
memory tests with little and much RAM, under both firmwares.  docs/memory.md
explains `info tlb` and `info mem`."""

import re
from pathlib import Path

from testlib import WAIT, LOG_DIR, Boot, ktests, test

# `vm: text   ffffffff80109000-ffffffff8010efff r-x`, logged by vm_init.
SECTION = re.compile(r"vm: (text|rodata|data) +([0-9a-f]+)-([0-9a-f]+) (\S+)")
# `ffffffff80109000: 0000000000109000 -G--A----` (flags: NX, G, PS, D, A, PCD, PWT, U, W).
TLB = re.compile(r"^([0-9a-f]+): ([0-9a-f]+) ([-XGPDACTUW]{9})$", re.MULTILINE)


def sections(log):
    found = {m.group(1): (int(m.group(2), 16), int(m.group(3), 16)) for m in SECTION.finditer(log)}
    assert set(found) == {"text", "rodata", "data"}, f"section lines missing from the log: {found}"
    return found


def tlb_entries(text):
    """{virtual address: flags string} from `info tlb`."""
    entries = {int(m.group(1), 16): m.group(3) for m in TLB.finditer(text)}
    assert entries, "info tlb printed nothing readable:\n" + text[:500]
    return entries


for firmware in ("bios", "uefi"):
    @test(f"memory.{firmware}.kernel_sections_protected", boot=Boot(firmware=firmware), live=True,
          full=firmware == "uefi")
    def kernel_sections_protected(ctx):
        """text r-x, rodata r-- (NX), data rw- (NX); W^X everywhere; no identity map."""
        q = ctx.qemu
        q.wait_for(r"anvil> ", timeout=WAIT)   # booted, demo done, idle at the prompt
        q.monitor("stop")                   # the tables stay as they are while we read
        secs = sections(q.read_log())
        tlb = tlb_entries(q.monitor("info tlb"))
        want = {"text": lambda f: f[0] == "-" and f[8] == "-",      # executable, read-only
                "rodata": lambda f: f[0] == "X" and f[8] == "-",    # NX, read-only
                "data": lambda f: f[0] == "X" and f[8] == "W"}      # NX, writable
        for name, (start, end) in secs.items():
            for page in range(start, end + 1, 4096):
                assert page in tlb, f"{name} page {page:x} is not mapped"
                assert want[name](tlb[page]), f"{name} page {page:x} has flags {tlb[page]}"
        wx = [f"{va:x} {f}" for va, f in tlb.items() if f[8] == "W" and f[0] != "X"]
        assert not wx, "pages both writable and executable:\n" + "\n".join(wx[:10])
        low = [f"{va:x}" for va in tlb if va < 0x800000000000]
        assert not low, "the lower half (identity map) is still mapped: " + " ".join(low[:10])
        # info mem merges runs of equal rights: text must show up read-only.
        mem = q.monitor("info mem")
        text_start = secs["text"][0]
        line = next((l for l in mem.splitlines() if int(l.split("-")[0], 16) <= text_start
                     < int(l.split("-")[1].split()[0], 16)), None)
        assert line and line.endswith("-r-"), f"info mem for text: {line!r}\n{mem}"

    @test(f"memory.{firmware}.direct_map_large_pages", boot=Boot(firmware=firmware), live=True,
          full=firmware == "uefi")
    def direct_map_large_pages(ctx):
        """The direct map starts at 0xffff800000000000 in large (PS), global, NX pages."""
        q = ctx.qemu
        q.wait_for(r"anvil> ", timeout=WAIT)   # booted, demo done, idle at the prompt
        q.monitor("stop")
        tlb = tlb_entries(q.monitor("info tlb"))
        first = tlb.get(0xffff800000000000)
        assert first and first[:3] == "XGP" and first[8] == "W", f"direct map entry: {first}"


# Misuse, each in a boot of its own.  Without an exception handler a page fault
# ends in a triple fault, with one in a panic report (status 3): either way
# QEMU's interrupt log (-d int) shows the fault the CPU took, which is what is
# checked.  (Live boots, because the runner fails a shared boot that
# triple-faults before its tests look at it.)
PAGE_FAULTS = {
    # kind: (error code the CPU must push, regex for the address in the log line)
    "write_text": (0x3, r"writing to kernel text at 0x([0-9a-f]+)"),         # present, write
    "exec_data": (0x11, r"jumping into data at 0x([0-9a-f]+)"),              # present, fetch
    "unmapped": (0x0, r"reading unmapped ([0-9a-f]+)"),                      # not present
    "stack_guard": (0x2, r"guard page of a kernel stack at 0x([0-9a-f]+)"),  # not present, write
}

for kind, (code, said) in PAGE_FAULTS.items():
    int_log = LOG_DIR / f"memory.fault.{kind}.int.log"

    @test(f"memory.fault.{kind}",
          boot=Boot(cmdline=f"crash={kind} panic=exit", extra=("-d", "int", "-D", str(int_log))),
          live=True)
    def page_fault(ctx, int_log=int_log, code=code, said=said):
        outcome = ctx.qemu.wait()
        assert outcome.code in (3, 125), f"wanted a panic or a triple fault: {outcome.message}"
        address = int(ctx.expect(said).group(1), 16)
        log = Path(int_log).read_text(errors="replace")
        pf = re.search(r"v=0e e=([0-9a-f]{4}) .* CR2=([0-9a-f]+)", log)
        assert pf, f"no page fault in {int_log}"
        assert int(pf.group(1), 16) == code, f"error code {pf.group(1)}, wanted {code:04x}"
        assert int(pf.group(2), 16) == address, f"CR2 {pf.group(2)}, wanted {address:x}"

PANICS = {
    "pmm_double_free": r"pmm_free: frame [0-9a-f]+ is not allocated \(double free",
    # The first two frees drop the two owners; only the third panics.
    "pmm_shared_double_free": r"frame ([0-9a-f]+) a third time(?:.*\n){1,3}.*pmm_free: frame \1 is not allocated",
    "pmm_ref_free": r"pmm_ref on free frame ([0-9a-f]+)(?:.*\n){1,3}.*pmm_ref: frame \1 is not allocated",
    "kfree_twice": r"kfree\(0x[0-9a-f]+\): double free",
    "heap_overrun": r"kfree\(0x[0-9a-f]+\): overrun: byte 40 written, past the 40 bytes",
}

for kind, message in PANICS.items():
    @test(f"memory.panic.{kind}", boot=Boot(cmdline=f"crash={kind} panic=exit"))
    def caught(ctx, message=message):
        ctx.expect(message)
        assert ctx.outcome.code == 3, f"wanted the panic status 3, got: {ctx.outcome.message}"


# The in-kernel memory tests with 2 GiB (bitmap, direct map and heap sizes
# change with RAM) and on a CPU without 1 GiB pages (the direct map then uses
# 2 MiB pages); 128 MiB is the default of the ktest group.  All three are in
# `make test-full` only (`make test`'s ktest.qemu64 is the same boot as the
# third).
for firmware in ("bios", "uefi"):
    ktests(f"memory.ktest.{firmware}.2G", Boot(firmware=firmware, mem="2G"), full=True)
ktests("memory.ktest.bios.qemu64", Boot(cpu="qemu64"), full=True)


@test("memory.bench_mm_reports_every_fast_path", boot=Boot(cmdline="bench=mm", extra=("-icount", "shift=0")),
      full=True)
def bench_mm(ctx):
    """bench=mm times the frame allocator's and the heap's fast paths.  A
    benchmark, not a timed test: only that each figure is there and positive."""
    assert ctx.outcome.code == 0, ctx.outcome.message
    for op in ("pmm_alloc", "pmm_free", "kmalloc_64", "kfree_64"):
        m = ctx.expect(rf"bench: op={op} min=(\d+) median=(\d+) unit=tsc")
        assert 0 < int(m.group(1)) <= int(m.group(2)), m.group(0)
