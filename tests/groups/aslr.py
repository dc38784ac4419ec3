"""Address space layout randomisation (kernel/mm/layout.c, docs/mmap.md).

One boot runs /bin/aslr (user/aslr.c) three times; each run prints the
address of a variable on its stack, of its first mmap area and its brk.

- aslr.randomised: the three runs differ in all three (two runs give the
  same heap start with a chance of 1 in 8192, so three runs must show at
  least two heap starts), and each address lies where Linux's x86-64
  layout puts it: the stack within 16 GiB (22 bits of pages) below
  0x7ffffffff000, the mmap area below the stack by more than the 128 MiB
  gap and within 1 TiB (28 bits of pages) of that gap, the heap within
  32 MiB above the image.
- aslr.norandmaps: booted with `norandmaps`, the three runs print the same
  three addresses, the stack right under 0x7ffffffff000 and the heap right
  after the image.
"""

import re

from testlib import Boot
from testlib import test as register

RUNS = 3
CMDLINE = "run=" + ",".join(["/bin/aslr"] * RUNS)
LINE = re.compile(r"^aslr: stack ([0-9a-f]+) mmap ([0-9a-f]+) brk ([0-9a-f]+)$", re.MULTILINE)

STACK_TOP = 0x7ffffffff000
STACK_RANGE = (1 << 22) << 12         # STACK_RND_MASK pages
MMAP_RANGE = (1 << 28) << 12          # mmap64_rnd_bits pages
GAP_MIN = 128 << 20
VDSO_PAGES = 2                        # [vvar] and [vdso] (kernel/vdso.c)
BRK_RANGE = 32 << 20
IMAGE_BASE = 0x400000                 # user/user.ld
IMAGE_MAX = 1 << 20                   # aslr's image is far smaller


def runs(log):
    got = [tuple(int(x, 16) for x in m.groups()) for m in LINE.finditer(log)]
    assert len(got) == RUNS, f"expected {RUNS} aslr lines, got {len(got)}:\n{log[-2000:]}"
    return got


@register("aslr.randomised", boot=Boot(cmdline=CMDLINE))
def randomised(ctx):
    """Three runs: different stacks, mmap areas, heaps, each in Linux's range."""
    got = runs(ctx.log)
    stacks, maps, brks = zip(*got)
    assert len(set(stacks)) == RUNS, f"stack addresses repeat: {[hex(s) for s in stacks]}"
    assert len(set(maps)) == RUNS, f"mmap addresses repeat: {[hex(m) for m in maps]}"
    assert len(set(brks)) >= 2, f"the heap starts at the same place every run: {[hex(b) for b in brks]}"
    for stack, mapped, brk in got:
        assert STACK_TOP - STACK_RANGE - (1 << 20) < stack < STACK_TOP, f"stack {stack:x}"
        assert STACK_TOP - GAP_MIN - 2 * STACK_RANGE - MMAP_RANGE < mapped < STACK_TOP - GAP_MIN, \
            f"mmap {mapped:x}"
        assert mapped < stack - GAP_MIN, f"mmap {mapped:x} too close to the stack {stack:x}"
        assert IMAGE_BASE < brk < IMAGE_BASE + IMAGE_MAX + BRK_RANGE, f"brk {brk:x}"


@register("aslr.norandmaps", boot=Boot(cmdline="norandmaps " + CMDLINE))
def norandmaps(ctx):
    """norandmaps: every run the same addresses, at the top of Linux's layout."""
    got = runs(ctx.log)
    assert "unknown option 'norandmaps'" not in ctx.log, "the kernel does not know norandmaps"
    assert len(set(got)) == 1, f"the runs differ: {[tuple(hex(x) for x in r) for r in got]}"
    stack, mapped, brk = got[0]
    assert STACK_TOP - (64 << 10) < stack < STACK_TOP, f"stack {stack:x}"
    # below [vvar] and [vdso], which exec puts at the mmap base (docs/vdso.md)
    assert mapped == STACK_TOP - GAP_MIN - VDSO_PAGES * 4096 - 4096, f"mmap {mapped:x}"
    assert IMAGE_BASE < brk < IMAGE_BASE + IMAGE_MAX, f"brk {brk:x}"
