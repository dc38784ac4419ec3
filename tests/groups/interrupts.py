"""Interrupt controllers, timer and input (issue 6): what the kernel found in
the ACPI tables, which controller it chose, and input typed into a running
kernel through QEMU's monitor (`sendkey`, the PS/2 keyboard on IRQ 1) and its
serial port (COM1 receive interrupts, IRQ 4).

The input tests boot with `echo_input` (kernel/echo_input.h): the kernel logs
each byte it takes from the console input queue as `input: 0x61 'a'` until
Ctrl-D, then the IRQ counts, then ends the run with status 0.

Every configuration runs with the APIC (IOAPIC + local APIC timer) and with
`noapic` (8259 PIC + PIT tick), under BIOS and UEFI, and with `-cpu qemu64`.
The timer's own accuracy checks are in-kernel tests (kernel/timer_test.c,
arch/x86_64/irq/clock_test.c), run here under noapic and a non-default hz too.
"""

import re

from testlib import WAIT, Boot, test

READY = r"echo_input: type; Ctrl-D ends the run"

# (sendkey name, the input lines it must produce)
KEYS = [
    ("a", ["0x61 'a'"]),
    ("shift-b", ["0x42 'B'"]),
    ("1", ["0x31 '1'"]),
    ("shift-1", ["0x21 '!'"]),
    ("slash", ["0x2f '/'"]),
    ("spc", ["0x20 ' '"]),
    ("caps_lock", []),
    ("q", ["0x51 'Q'"]),
    ("caps_lock", []),
    ("ctrl-c", ["0x03"]),
    ("backspace", ["0x7f"]),
    ("up", ["0x1b", "0x5b '['", "0x41 'A'"]),
    ("left", ["0x1b", "0x5b '['", "0x44 'D'"]),
    ("ret", ["0x0d"]),
    ("ctrl-d", ["0x04"]),
]

CONFIGS = {
    "bios": Boot(cmdline="echo_input"),
    "uefi": Boot(firmware="uefi", cmdline="echo_input"),
    "noapic": Boot(cmdline="noapic echo_input"),
    "qemu64": Boot(cpu="qemu64", cmdline="echo_input"),
}


def input_lines(log):
    return re.findall(r"input: (0x[0-9a-f]{2}(?: '.')?)$", log, re.MULTILINE)


def irq_count(log, irq):
    m = re.search(rf"echo_input: IRQ {irq} \([^)]*\): (\d+) interrupts", log)
    assert m, f"no count for IRQ {irq} in the log"
    return int(m.group(1))


def finish(q):
    """Wait for the kernel to end the run; return the whole serial log."""
    q.wait_for(r"anvil: exit status", timeout=WAIT)
    outcome = q.wait()
    assert outcome.code == 0, outcome.message
    return q.read_log().replace("\r", "")


for name, boot in CONFIGS.items():

    @test(f"interrupts.{name}.keyboard_sendkey", boot=boot, live=True, full=name != "bios")
    def keyboard_sendkey(ctx):
        """Keys pressed in QEMU arrive in the input queue as the bytes a terminal sends."""
        q = ctx.qemu
        q.wait_for(READY, timeout=WAIT)
        for key, _ in KEYS:
            q.monitor(f"sendkey {key}")
        log = finish(q)
        want = [line for _, lines in KEYS for line in lines]
        got = input_lines(log)
        assert got == want, f"input lines {got}, wanted {want}"
        assert irq_count(log, 1) >= len(KEYS), "fewer keyboard interrupts than keys"

    @test(f"interrupts.{name}.serial_input", boot=boot, live=True, full=name != "bios")
    def serial_input(ctx):
        """Bytes written to COM1 arrive through the receive interrupt (IRQ 4)."""
        q = ctx.qemu
        q.wait_for(READY, timeout=WAIT)
        q.serial_write(b"hi!\r\x1b[A\x04")
        log = finish(q)
        want = ["0x68 'h'", "0x69 'i'", "0x21 '!'", "0x0d", "0x1b", "0x5b '['", "0x41 'A'", "0x04"]
        got = input_lines(log)
        assert got == want, f"input lines {got}, wanted {want}"
        assert irq_count(log, 4) >= 1, "COM1 input arrived without an IRQ 4"


# ---------------------------------------------------------------------------
# What the kernel found and chose, under both firmwares.

for firmware in ("bios", "uefi"):
    plain = Boot(firmware=firmware, cmdline="test=nomatch.nomatch")

    @test(f"interrupts.{firmware}.acpi_madt_and_ioapic", boot=plain, full=firmware == "uefi")
    def acpi_madt_and_ioapic(ctx):
        ctx.expect(r"acpi: revision \d+, OEM '[^']*', (XSDT|RSDT) at [0-9a-f]+, \d+ tables \(0 refused\)")
        ctx.expect(r"acpi: MADT: local APIC at fee00000, 1 CPU\(s\), 1 IOAPIC\(s\)")
        ctx.expect(r"acpi:   ISA IRQ 0 -> GSI 2, edge, active high")
        ctx.expect(r"ioapic: id \d+ at fec00000, GSIs 0-23")
        ctx.expect(r"irq: using the IOAPIC and local APIC")
        ctx.expect(r"irq: interrupts enabled \(IOAPIC \+ local APIC\)")

    @test(f"interrupts.{firmware}.tsc_rate_logged", boot=plain, full=firmware == "uefi")
    def tsc_rate_logged(ctx):
        mhz = float(ctx.expect(r"timer: 100 Hz tick; TSC (\d+\.\d+) MHz").group(1))
        assert 100 <= mhz <= 20000, f"TSC {mhz} MHz is not a plausible rate"
        ctx.expect(r"clock: local APIC timer \d+ kHz")

    @test(f"interrupts.{firmware}.log_gets_timestamps", boot=plain, full=firmware == "uefi")
    def log_gets_timestamps(ctx):
        """Once the timer runs, log lines carry the TSC-based uptime."""
        t = float(ctx.expect(r"^\[\s*(\d+\.\d+)\] irq: interrupts enabled").group(1))
        assert t > 0, "the log clock still shows 0 after timer_init"


# (No commas in these command lines: the runner names the boot's log after it,
# and a comma in that path breaks QEMU's option syntax.)
@test("interrupts.noapic_uses_pic_and_pit", boot=Boot(cmdline="noapic test=timer.*"))
def noapic_uses_pic_and_pit(ctx):
    """The PIC fallback: the PIT drives the tick, and the timer tests pass on it."""
    assert ctx.outcome.code == 0, ctx.outcome.message
    ctx.expect(r"irq: using the 8259 PIC \(noapic on the command line\)")
    ctx.expect(r"clock: tick from the PIT")
    ctx.expect(r"# anvil tests: [1-9]\d* passed, 0 failed")


@test("interrupts.hz_option", boot=Boot(cmdline="hz=250 test=timer.*"))
def hz_option(ctx):
    assert ctx.outcome.code == 0, ctx.outcome.message
    ctx.expect(r"timer: 250 Hz tick")
    ctx.expect(r"# anvil tests: [1-9]\d* passed, 0 failed")


@test("interrupts.hz_out_of_range", boot=Boot(cmdline="hz=5 test=nomatch.nomatch"))
def hz_out_of_range(ctx):
    ctx.expect(r"timer: hz=5 out of range 20\.\.1000; using 100")
    ctx.expect(r"timer: 100 Hz tick")
