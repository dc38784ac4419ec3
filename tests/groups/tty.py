"""The terminal (kernel/tty/, docs/tty.md), typed into over COM1.

One boot runs /bin/ttytest (user/ttytest.c), which prints "ready NAME" before
each step and then reads; the test types only after that line.  What a step's
read returns, and what the terminal echoes while it reads, is compared with
what Linux does for the same keys: the same bytes written into a host
pseudo-terminal (python's pty module; a Linux pty's slave starts from the
kernel's tty_std_termios), read from its slave and its echo from its master.
Nothing expected is written down here that does not come from the host: the
termios flags are the host pty's, the signal numbers and errno the host's,
the window size the one the boot log says the screen has.
"""

import errno
import fcntl
import os
import re
import select
import signal
import struct
import termios
import time

from testlib import WAIT, Boot, test

BOOT = Boot(cmdline="run=/bin/ttytest")
HANG = 20                   # seconds: a hang limit for the host pty, not a speed check


# ---------------------------------------------------------------------------
# Linux's answer: the same keys into a host pty.

def host_pty(keys, reads, raw=None):
    """Write keys to a fresh pty's master; return (what `reads` reads of the
    slave returned, the echo the master got).  raw: (VMIN, VTIME) with ICANON
    and ECHO off."""
    master, slave = os.openpty()
    try:
        if raw:
            attr = termios.tcgetattr(slave)
            attr[3] &= ~(termios.ICANON | termios.ECHO)
            attr[6][termios.VMIN], attr[6][termios.VTIME] = raw
            termios.tcsetattr(slave, termios.TCSANOW, attr)
        os.write(master, keys)
        got = []
        for _ in range(reads):
            if not raw or raw[0]:           # VMIN 0: read returns at once, by itself
                ready, _, _ = select.select([slave], [], [], HANG)
                assert ready, f"the host pty gave no read for {keys!r}"
            got.append(os.read(slave, 256))
        os.write(slave, b"<end>")          # after the echo on the master's side
        echo = b""
        while b"<end>" not in echo:
            ready, _, _ = select.select([master], [], [], HANG)
            assert ready, f"the host pty's echo did not end: {echo!r}"
            echo += os.read(master, 4096)
        return got, echo[:echo.index(b"<end>")].decode().replace("\r", "")
    finally:
        os.close(master)
        os.close(slave)


def host_signal_echo(key):
    """The echo of a signal key alone (ISIG): it flushes the output queue, so
    no end marker can follow it; the echo is one write, read when it comes."""
    master, slave = os.openpty()
    try:
        os.write(master, key)
        ready, _, _ = select.select([master], [], [], HANG)
        assert ready, f"the host pty did not echo {key!r}"
        return os.read(master, 4096).decode().replace("\r", "")
    finally:
        os.close(master)
        os.close(slave)


def host_std_termios():
    master, slave = os.openpty()
    try:
        return termios.tcgetattr(slave)
    finally:
        os.close(master)
        os.close(slave)


def cc_byte(v):
    return v[0] if isinstance(v, bytes) else v


# ---------------------------------------------------------------------------
# anvil's answer.

class Steps:
    def __init__(self, q):
        self.q = q
        self.pos = 0

    def wait(self, pattern):
        m = self.q.wait_for(pattern, timeout=WAIT, start=self.pos)
        self.pos = m.end()
        return m

    def step(self, name, keys, reads):
        """Wait for "ready NAME", type keys; return (the reads as bytes,
        the echo between the ready line and the first read's line)."""
        ready = self.wait(rf"ready {name}\r?\n")
        self.q.serial_write(keys)
        got = []
        for _ in range(reads):
            m = self.wait(rf"read {name}: (-?\d+) ([0-9a-f]*)\r?\n")
            if not got:
                echo = self.q.read_log()[ready.end():m.start()].replace("\r", "")
            n, data = int(m.group(1)), bytes.fromhex(m.group(2))
            assert n == len(data), f"{name}: read returned {n} ({data!r})"
            got.append(data)
        return got, echo if reads else None


@test("tty.serial.session", boot=BOOT, live=True)
def serial_session(ctx):
    """termios defaults, window size, canonical editing and echo, ^D, ^C and
    ^Z to the foreground group, SIGTTIN for a background reader, an orphaned
    stopped group hung up, VMIN/VTIME, poll and FIONREAD: each as Linux's pty
    does it where a pty can show it."""
    q = ctx.qemu
    s = Steps(q)
    s.wait(r"ttytest: sctty 0\r?\n")
    s.wait(r"ttytest: foreground is us 1, session is us 1\r?\n")

    # TCGETS: Linux's tty_std_termios.  A pty's slave has it with c_cflag
    # B38400 | CS8 | CREAD (drivers/tty/pty.c); the standard adds HUPCL.
    m = s.wait(r"^termios: 0 iflag (\w+) oflag (\w+) cflag (\w+) lflag (\w+) line (\d+) cc(( \w+){17})\r?\n")
    host = host_std_termios()
    got = [int(m.group(i), 16) for i in range(1, 5)]
    want = [host[0], host[1], host[2] | termios.HUPCL, host[3]]
    assert got == want, f"termios flags {[oct(v) for v in got]}, Linux {[oct(v) for v in want]}"
    assert int(m.group(5)) == 0, "c_line is not N_TTY"
    cc = [int(v, 16) for v in m.group(6).split()]
    assert cc == [cc_byte(v) for v in host[6][:17]], f"c_cc {cc} != Linux {host[6][:17]}"

    # TIOCGWINSZ: one terminal, the screen's size (the boot log says it).
    m = s.wait(r"^winsize: 0 (\d+) (\d+)\r?\n")
    screen = re.search(r"screen: EGA text console, (\d+)x(\d+) characters", q.read_log())
    assert screen, "no screen line in the boot log"
    assert (m.group(2), m.group(1)) == screen.groups(), f"winsize {m.groups()} != screen"

    # Canonical mode: kill, erase, word erase, literal next, then Enter.
    keys = b"xyz\x15ab\x7fc one two\x17thr\x16\x08ee\r"
    want, want_echo = host_pty(keys, 1)
    got, echo = s.step("canon", keys, 1)
    assert got == want, f"canonical line {got} != Linux {want}"
    assert echo == want_echo, f"echo {echo!r} != Linux {want_echo!r}"

    # ^D after text pushes the line; at the start of a line it is end of file.
    keys = b"ab\x04\x04"
    want, _ = host_pty(keys, 2)
    got, _ = s.step("eof", keys, 2)
    assert got == want and want[-1] == b"", f"^D reads {got} != Linux {want}"

    # ^C: SIGINT to the foreground group (the reading child), echoed as ^C.
    # (Linux drops echo not yet written when ^C flushes: typed slowly, as
    # here, "abc" is written before the ^C comes.  Its echo is measured as
    # the echo of the line "abc" Enter, without Enter's newline.)
    keys = b"abc\x03"
    want_echo = host_pty(b"abc\r", 1)[1].removesuffix("\n") + host_signal_echo(b"\x03")
    s.wait(r"ready intr\r?\n")
    start = s.pos
    q.serial_write(keys)
    m = s.wait(r"intr: child ([^\r\n]*)\r?\n")      # after the echo, on its line
    assert m.group(1) == f"killed by signal {signal.SIGINT.value}", m.group(0)
    echo = q.read_log()[start:m.start()].replace("\r", "")
    assert echo.rstrip("\n") == want_echo, f"^C echo {echo!r} != Linux {want_echo!r}"

    # ^Z: SIGTSTP stops the foreground group.  (Until wait4 reports stops,
    # /proc's state T is the proof of a stop.)
    want_echo = host_signal_echo(b"\x1a")
    s.wait(r"ready susp\r?\n")
    start = s.pos
    q.serial_write(b"\x1a")
    m = s.wait(r"susp: child ([^\r\n]*)\r?\n")
    assert m.group(1) in (f"stopped by signal {signal.SIGTSTP.value}", "stopped (state T)"), \
        m.group(0)
    echo = q.read_log()[start:m.start()].replace("\r", "")
    assert echo == want_echo, f"^Z echo {echo!r} != Linux {want_echo!r}"

    # A background group's read: SIGTTIN stops it; ignored, the read is EIO.
    m = s.wait(r"^ttin: child ([^\r\n]*)\r?\n")
    assert m.group(1) in (f"stopped by signal {signal.SIGTTIN.value}", "stopped (state T)"), \
        m.group(0)
    m = s.wait(r"^ttin_ignored: child ([^\r\n]*)\r?\n")
    assert m.group(1) == f"exited {errno.EIO}", m.group(0)
    # A stopped group orphaned by its parent's exit is hung up.
    m = s.wait(r"^orphan: stopped group ([^\r\n]*)\r?\n")
    assert m.group(1) == "hung up", m.group(0)

    # Non-canonical: VMIN 1 gives the one key; VMIN 0 returns what is there.
    want, _ = host_pty(b"q", 1, raw=(1, 0))
    got, echo = s.step("min1", b"q", 1)
    assert got == want and echo == "", f"VMIN 1: {got} (echo {echo!r}), Linux {want}"
    for name, mode in (("poll0", (0, 0)), ("time1", (0, 1))):
        want, _ = host_pty(b"", 1, raw=mode)
        got, _ = s.step(name, b"", 1)
        assert got == want, f"{name}: {got} != Linux {want}"

    # VMIN 3: poll waits for three keys; FIONREAD counts them.
    want = host_min3()
    s.wait(r"ready min3\r?\n")
    q.serial_write(b"xyz")
    m = s.wait(r"^min3: poll (\d+) revents (\w+) fionread (\d+)\r?\n")
    assert (int(m.group(1)), int(m.group(2), 16), int(m.group(3))) == want[:3], \
        f"min3 {m.groups()} != Linux {want}"
    m = s.wait(r"^read min3: (\d+) ([0-9a-f]*)\r?\n")
    assert bytes.fromhex(m.group(2)) == want[3], f"min3 read {m.group(2)} != Linux {want[3]}"
    s.wait(r"ttytest: done\r?\n")
    s.wait(r"run: /bin/ttytest \(pid \d+\): exited with status 0")


def host_min3():
    """(poll's count, revents, FIONREAD, the read) for "xyz" with VMIN 3 on Linux."""
    master, slave = os.openpty()
    try:
        attr = termios.tcgetattr(slave)
        attr[3] &= ~(termios.ICANON | termios.ECHO)
        attr[6][termios.VMIN], attr[6][termios.VTIME] = 3, 0
        termios.tcsetattr(slave, termios.TCSANOW, attr)
        os.write(master, b"xyz")
        p = select.poll()
        p.register(slave, select.POLLIN)
        deadline = time.monotonic() + HANG
        events = []
        while not events and time.monotonic() < deadline:
            events = p.poll(1000)
        assert events, "the host pty never became readable"
        queued = struct.unpack("i", fcntl.ioctl(slave, termios.FIONREAD, b"\0" * 4))[0]
        return len(events), events[0][1], queued, os.read(slave, 16)
    finally:
        os.close(master)
        os.close(slave)
