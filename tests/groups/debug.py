"""`make debug`: QEMU paused with a gdb stub, and tools/anvil.gdb, which loads
the kernel's symbols and stops at the C entry.  The test does what the README
says, in a terminal of its own: `make debug`, then the gdb command the wrapper
prints (gdb in batch mode), then ctrl-A X.  It checks that gdb stopped in
kmain without a warning, that the stub listens on 127.0.0.1 only, and that
quitting with ctrl-A X is a clean exit (status 0), as in `make run`."""

import ipaddress
import os
import re
import shlex
import subprocess
import time

import testlib
from terminal import CTRL_A_X, PROMPT, make_in_terminal
from testlib import WAIT, test

ROOT = testlib.qemu.ROOT
GDB_PORT = int(testlib.qemu.GDB_STUB[1].rsplit(":", 1)[1])
TCP_LISTEN = "0A"           # the `st` column of /proc/net/tcp{,6}


def session_socket_inodes(session):
    """The inodes of every socket open in the processes of `session`."""
    inodes = set()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = open(f"/proc/{pid}/stat").read()
            if int(stat[stat.rindex(")") + 2:].split()[3]) != session:
                continue
            for fd in os.listdir(f"/proc/{pid}/fd"):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except (OSError, ValueError):
            continue                # the process ended meanwhile
    return inodes


def hex_address(text):
    """An address of /proc/net/tcp{,6} (hex, in 32-bit little-endian words) as text."""
    raw = b"".join(bytes.fromhex(text[i:i + 8])[::-1] for i in range(0, len(text), 8))
    return str(ipaddress.ip_address(raw))


def listening_addresses(session, port):
    """The local addresses on which processes of `session` listen on TCP `port`."""
    inodes = session_socket_inodes(session)
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in open(table).read().splitlines()[1:]:
            fields = line.split()
            address, local_port = fields[1].split(":")
            if fields[3] == TCP_LISTEN and int(local_port, 16) == port and fields[9] in inodes:
                found.add(hex_address(address))
    return found


@test("debug.make_debug_session")
def make_debug_session(ctx):
    term = make_in_terminal("debug", args="kshell")
    try:
        # The wrapper's hint is the command a person would type: run exactly that.
        hint = term.expect(r"in another terminal: (gdb .*)$", timeout=120)   # make may build
        gdb_argv = shlex.split(hint.group(1))
        assert gdb_argv == shlex.split(testlib.qemu.GDB_COMMAND), hint.group(0)

        give_up = time.monotonic() + 20
        while not (addresses := listening_addresses(term.pid, GDB_PORT)):
            assert time.monotonic() < give_up, f"nothing of make debug listens on :{GDB_PORT}"
            time.sleep(0.2)
        assert addresses == {"127.0.0.1"}, f"the gdb stub listens on {sorted(addresses)}"

        proc = subprocess.run(gdb_argv + ["-q", "-batch", "-ex", "continue", "-ex", "bt",
                                          "-ex", "info symbol $pc", "-ex", "print mbi_phys"],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
        out = proc.stdout + proc.stderr
        assert "Breakpoint 1, kmain" in out, f"gdb did not stop at kmain:\n{out[-2000:]}"
        assert "kmain in section .text" in out, out[-2000:]
        # The frame under kmain is the higher-half boot code, placed by its debug info.
        assert re.search(r"^#1 .* in long_mode_high \(\) at boot/entry64\.asm:\d+$", out,
                         re.MULTILINE), f"no boot frame under kmain:\n{out[-2000:]}"
        # e.g. "warning: (Internal error: pc 0x... in read in CU, but not in symtab.)"
        warnings = [line for line in out.splitlines() if "warning" in line.lower()]
        assert not warnings, "gdb warned:\n" + "\n".join(warnings[:10])
        # The boot information's address came through in RDI, as a real argument.
        value = [line for line in out.splitlines() if line.startswith("$1 = ")]
        assert value and int(value[0].split("=")[1]) > 0, f"mbi_phys not readable:\n{out[-2000:]}"

        # gdb detached when it ended: the kernel runs on to its shell.
        term.expect(re.escape(PROMPT), timeout=WAIT)
        term.type(CTRL_A_X)
        status = term.wait_exit(timeout=WAIT)
        assert status == 0, f"make debug exited {status} after ctrl-A X; tail:\n{term.text[-600:]}"
    finally:
        term.kill()
