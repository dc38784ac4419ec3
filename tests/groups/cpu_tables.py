"""CPU tables and exceptions (issue 6): what the CPU itself reports about the
GDT, TSS and IDT of a running kernel, and the reports of boots that crash on
purpose (kernel command line `crash=KIND`, kernel/crash.h).

A kernel panic under `panic=exit` ends the run with status 3
(EXIT_KERNEL_PANIC in kernel/power.h); a triple fault would end it with
QEMU's own exit 0 instead (the wrapper's 125), which is what these tests
guard against.
"""

import re

from testlib import WAIT, Boot, test

PANIC_STATUS = 3
GDT_ENTRIES = 7                 # arch/x86_64/cpu/gdt.h
TSS_SELECTOR = 0x28
BANNER = r"anvil [0-9.]+: an x86-64 teaching kernel"


def backtrace_names(log):
    """The function names of the first backtrace in the log, in order."""
    after = log.split("backtrace", 1)[-1]
    return re.findall(r"^(?:\[[ 0-9.]+\] )?\s+#\d+\s+[0-9a-f]{16}\s+([A-Za-z_][\w.]*)\+0x", after,
                      re.MULTILINE)


def assert_in_order(names, wanted):
    """Every name in wanted appears in names, in that order."""
    rest = iter(names)
    for want in wanted:
        assert any(n == want for n in rest), f"{want} missing or out of order in backtrace {names}"


def ended_with_panic(ctx):
    assert ctx.outcome.code == PANIC_STATUS, \
        f"wanted the panic status {PANIC_STATUS} (no reset), got: {ctx.outcome.message}"
    boots = len(re.findall(BANNER, ctx.log))
    assert boots == 1, f"the kernel started {boots} times: the machine reset"


for firmware in ("bios", "uefi"):

    @test(f"cpu_tables.{firmware}.registers_in_monitor", boot=Boot(firmware=firmware), live=True,
          full=firmware == "uefi")
    def registers_in_monitor(ctx):
        """`info registers` shows the kernel's own IDT (256 gates), GDT and TR."""
        ctx.qemu.wait_for(r"idt: 256 vectors loaded", timeout=WAIT)
        regs = ctx.qemu.monitor("info registers")
        idt = re.search(r"^IDT=\s*([0-9a-f]+) ([0-9a-f]+)", regs, re.MULTILINE)
        gdt = re.search(r"^GDT=\s*([0-9a-f]+) ([0-9a-f]+)", regs, re.MULTILINE)
        tr = re.search(r"^TR =([0-9a-f]{4}) ([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+)", regs, re.MULTILINE)
        cs = re.search(r"^CS =([0-9a-f]{4})", regs, re.MULTILINE)
        assert idt and gdt and tr and cs, regs
        assert int(idt.group(2), 16) == 256 * 16 - 1, f"IDT limit {idt.group(2)}, want 0xfff"
        assert int(idt.group(1), 16) >= 0xffffffff80000000, f"IDT base {idt.group(1)} not in the kernel image"
        assert int(gdt.group(2), 16) == GDT_ENTRIES * 8 - 1, f"GDT limit {gdt.group(2)}"
        assert int(tr.group(1), 16) == TSS_SELECTOR, f"TR selector {tr.group(1)}, want 0028"
        assert int(tr.group(3), 16) == 104 - 1, f"TSS limit {tr.group(3)}, want 0x67"
        # QEMU shows the descriptor as ltr read it (type 9, "TSS64-avl"),
        # before ltr marked it busy in the GDT; the in-kernel test
        # cpu_tables.gdt_limit_and_tr checks the busy bit.
        assert re.search(r"^TR =.* TSS64-(avl|busy)", regs, re.MULTILINE), \
            "TR does not hold a 64-bit TSS:\n" + regs
        assert int(cs.group(1), 16) == 0x08, f"CS {cs.group(1)}"

    @test(f"cpu_tables.{firmware}.stack_overflow_double_fault",
          boot=Boot(firmware=firmware, cmdline="crash=stack_overflow panic=exit"), full=firmware == "uefi")
    def stack_overflow_double_fault(ctx):
        """A kernel stack overflow into a guard page ends in the #DF report, made on IST1."""
        ended_with_panic(ctx)
        ctx.expect(r"guard stack: .* guard page at ([0-9a-f]+)")
        ctx.expect(r"\*\*\* CPU EXCEPTION #DF Double Fault \(vector 8\) in kernel mode")
        ctx.expect(r"handled on IST stack 1 \(TSS\.IST1\)")
        ctx.expect(r"most likely a kernel stack overflow")
        guard = int(re.search(r"guard page at ([0-9a-f]+)", ctx.log).group(1), 16)
        cr2 = int(re.search(r"CR2  ([0-9a-f]{16})", ctx.log).group(1), 16)
        assert guard <= cr2 < guard + 4096, f"CR2 {cr2:x} is not in the guard page {guard:x}"
        assert "recurse" in backtrace_names(ctx.log), backtrace_names(ctx.log)

    # (Boot adds panic=exit itself; the same Boot as boot.panic_ends_run_with_status_3
    # on BIOS, so the two tests read one boot's log.)
    @test(f"cpu_tables.{firmware}.panic_backtrace_names_callers",
          boot=Boot(firmware=firmware, cmdline="crash=panic"), full=firmware == "uefi")
    def panic_backtrace_names_callers(ctx):
        """A deliberate panic's backtrace names every function on the call path."""
        ended_with_panic(ctx)
        ctx.expect(r"KERNEL PANIC at kernel/crash\.c:\d+: deliberate panic")
        assert_in_order(backtrace_names(ctx.log),
                        ["panic_at", "crash_chain_inner", "crash_chain_middle",
                         "crash_chain_outer", "kmain"])
        ctx.expect(r"stopped: end of the chain: RBP is 0")
