"""The run configuration and its outcome: what one QEMU boot of anvil looks like
(Config, the QEMU command line, the config disk for the kernel command line) and
how to read the way it ended (decode_exit, Outcome).  No QEMU is started here.

tools/qemu.py's docstring tells how the kernel command line reaches GRUB and
what the exit codes mean.
"""

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent      # the repository
BUILD = ROOT / "build"
DEFAULT_ISO = BUILD / "kernel.iso"
QEMU = "qemu-system-x86_64"
OVMF_CODE = Path("/usr/share/OVMF/OVMF_CODE_4M.fd")
OVMF_VARS = Path("/usr/share/OVMF/OVMF_VARS_4M.fd")

# `make debug` (--gdb): QEMU starts paused with a gdb stub.  The stub listens on
# 127.0.0.1 only (QEMU's -s would listen on every address: anyone who can reach
# this machine could take over the guest), and tools/anvil.gdb connects to it.
GDB_STUB = ("-gdb", "tcp:127.0.0.1:1234", "-S")
GDB_COMMAND = "gdb -x tools/anvil.gdb"

EXIT_TIMEOUT = 124
EXIT_NOT_ENDED = 125
EXIT_QEMU_FAILED = 126

# The line the kernel logs just before it writes its status to port 0xf4.
# It may carry the kernel's log prefix (e.g. "[  0.123] "), so it is not anchored left.
STATUS_LINE = re.compile(r"anvil: exit status (\d+) \((.*)\)[ \t\r]*$", re.MULTILINE)


class QemuError(Exception):
    """QEMU could not be started or talked to."""


# ---------------------------------------------------------------------------
# Pure helpers (no QEMU needed; tested in tests/test_runner.py)
# ---------------------------------------------------------------------------

def grub_cfg_line(cmdline, all_programs=False, initramfs=False, userland=False):
    """The /anvil.cfg text that makes GRUB set $anvil_cmdline to `cmdline`
    (and $anvil_libc_programs to 1 when it names a NAME.musl or NAME.glibc,
    or with all_programs, for a person at the console: make run), and
    $anvil_userland to 1 with `userland` (load the userland archive: Debian's
    busybox and bash and /sbin/init, docs/userland.md).

    Inside GRUB double quotes a backslash escapes $, " and \\ (and nothing else
    is special), so those three characters get a backslash in front.
    """
    if "\n" in cmdline or "\r" in cmdline:
        raise ValueError("the kernel command line must be a single line")
    escaped = re.sub(r'([\\"$])', r"\\\1", cmdline)
    text = f'set anvil_cmdline="{escaped}"\n'
    if all_programs or LIBC_PROGRAM.search(cmdline):
        text += "set anvil_libc_programs=1\n"
    if userland:    # without this line a config disk means no userland (iso/grub.cfg.in)
        text += "set anvil_userland=1\n"
    if initramfs:   # the disk's own /initramfs.cpio instead of the ISO's
        text += 'set anvil_initramfs="($anvil_cfgdev)/initramfs.cpio"\n'
    return text


# A word naming a differential-test program (user/diff/diff.mk: NAME.musl,
# NAME.glibc), as init=, run= and their arguments write it.  GRUB loads
# those modules (1.5 MB, ~0.2 s of every boot) only when /anvil.cfg sets
# $anvil_libc_programs (tools/mkgrubcfg.sh): GRUB itself has no cheap way
# to search the command line (its regexp module costs as much to load).
LIBC_PROGRAM = re.compile(r"\.(musl|glibc)([\s,:]|$)")


def find_status_line(serial_text):
    """The last `anvil: exit status N (REASON)` in a serial log, as (N, REASON, line), or None."""
    matches = list(STATUS_LINE.finditer(serial_text))
    if not matches:
        return None
    last = matches[-1]
    line_start = serial_text.rfind("\n", 0, last.start()) + 1
    line = serial_text[line_start:last.end()].strip()
    return int(last.group(1)), last.group(2), line


@dataclass
class Outcome:
    """How a boot ended, in the wrapper's terms."""
    code: int          # the wrapper's exit code (see tools/qemu.py's docstring)
    message: str       # one line for humans
    qemu_rc: object    # QEMU's own exit code (None if the wrapper killed it)
    status_line: str = ""   # the kernel's `anvil: exit status ...` line, if logged
    kernel_said_it: bool = False  # that line alone tells how the run ended


def decode_exit(qemu_rc, serial_text, timed_out=False, timeout=None):
    """Map QEMU's exit code (and the serial log) to an Outcome."""
    found = find_status_line(serial_text)
    if timed_out:
        return Outcome(EXIT_TIMEOUT, f"timeout: no end of run after {timeout} s, QEMU killed", None)
    if qemu_rc == 0:
        return Outcome(EXIT_NOT_ENDED, "QEMU exited 0: the kernel did not end the run "
                       "(triple fault under -no-reboot, or power-off)", 0)
    if qemu_rc < 0 or qemu_rc % 2 == 0:
        how = f"killed by signal {-qemu_rc}" if qemu_rc < 0 else f"exited {qemu_rc}"
        return Outcome(EXIT_QEMU_FAILED, f"QEMU failed ({how})", qemu_rc)
    port_value = qemu_rc >> 1       # the low 7 bits of the status the kernel wrote
    if found is None:
        if qemu_rc == 1:
            return Outcome(EXIT_QEMU_FAILED, "QEMU exited 1 and the kernel logged no exit "
                           "status line: QEMU failed (see its messages) or the kernel "
                           "wrote 0 to port 0xf4 without logging it", qemu_rc)
        return Outcome(port_value, f"exit status {port_value} (the kernel logged no status "
                       "line, so a status above 127 would read wrong)", qemu_rc)
    status, reason, line = found
    if status & 0x7f != port_value:
        return Outcome(port_value, f"exit status {port_value} from port 0xf4, but the kernel "
                       f"logged: {line}", qemu_rc, line)
    return Outcome(status, f"exit status {status} ({reason})", qemu_rc, line, kernel_said_it=True)


def tail(text, lines=20):
    """The last `lines` lines of `text` (for failure reports)."""
    return "\n".join(text.replace("\r", "").rstrip("\n").split("\n")[-lines:])


# ---------------------------------------------------------------------------
# The QEMU command line
# ---------------------------------------------------------------------------

def make_config_disk(path, cmdline, all_programs=False, initramfs=None, userland=False):
    """Write a FAT image at `path` (1.44 MB, or more for a large initramfs) holding /anvil.cfg for `cmdline`
    (and, with `initramfs`, that file as /initramfs.cpio, which GRUB then
    loads as the initramfs instead of the ISO's)."""
    cfg = Path(str(path) + ".cfg")
    cfg.write_text(grub_cfg_line(cmdline, all_programs, initramfs is not None, userland))
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")   # no warnings about odd geometry
    copies = [["mcopy", "-i", str(path), str(cfg), "::/anvil.cfg"]]
    if initramfs is not None:
        copies.append(["mcopy", "-i", str(path), str(initramfs), "::/initramfs.cpio"])
    # A floppy's 1.44 MB, or a hard disk of 512-byte sectors big enough for
    # an initramfs that does not fit (Debian's programs: tests/groups/debian.py).
    geometry = ["-f", "1440"]
    if initramfs is not None and os.path.getsize(initramfs) > 1024 * 1024:
        sectors = (os.path.getsize(initramfs) // 512 + 4096 + 511) // 512 * 512
        geometry = ["-T", str(sectors), "-h", "16", "-s", "32"]
    for argv in [["mformat", "-i", str(path), "-C", *geometry, "::"]] + copies:
        done = subprocess.run(argv, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise QemuError(f"{' '.join(argv)} failed: {done.stderr.strip()}")
    cfg.unlink()


def gui_display():
    """`gtk` or `sdl`, whichever this QEMU has, else None."""
    listing = subprocess.run([QEMU, "-display", "help"], capture_output=True, text=True).stdout
    for name in ("gtk", "sdl"):
        if re.search(rf"^{name}$", listing, re.MULTILINE):
            return name
    return None


@dataclass
class Config:
    """Everything that decides what one boot looks like."""
    iso: Path = DEFAULT_ISO
    firmware: str = "bios"      # bios | uefi
    cpu: str = "max"
    mem: str = "128M"
    accel: str = "tcg"          # tcg | kvm
    cmdline: str = ""
    display: str = "none"       # none | gui | vnc
    debug_int: bool = False     # -d int,cpu_reset -D build/qemu-int.log
    gdb: bool = False           # GDB_STUB: start paused, gdb stub on 127.0.0.1:1234
    extra: tuple = ()           # raw QEMU arguments
    all_programs: bool = False  # load every program, also those GRUB loads on demand
    initramfs: str = None       # a file to load as the initramfs instead of the ISO's
    userland: bool = False      # load the userland archive too (busybox, bash, /sbin/init)


def qemu_argv(cfg, scratch):
    """The QEMU arguments for `cfg`, except serial and monitor (see Qemu/run_interactive).

    Files this boot writes (config disk, UEFI variables) go into `scratch`, a
    directory of its own, so parallel boots never share them.
    """
    argv = [QEMU, "-no-reboot", "-machine", "pc", "-accel", cfg.accel,
            "-cpu", cfg.cpu, "-m", cfg.mem, "-smp", "1",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    if cfg.firmware == "uefi":
        variables = scratch / "OVMF_VARS.fd"          # OVMF writes its settings here
        shutil.copyfile(OVMF_VARS, variables)
        argv += ["-drive", f"if=pflash,format=raw,unit=0,readonly=on,file={OVMF_CODE}",
                 "-drive", f"if=pflash,format=raw,unit=1,file={variables}"]
    elif cfg.firmware != "bios":
        raise QemuError(f"unknown firmware {cfg.firmware!r} (bios or uefi)")
    disk = scratch / "cmdline.img"
    make_config_disk(disk, cfg.cmdline, cfg.all_programs, cfg.initramfs, cfg.userland)
    argv += ["-drive", f"file={cfg.iso},format=raw,media=cdrom,readonly=on,if=none,id=cd0",
             "-device", "ide-cd,drive=cd0,bootindex=0",
             "-drive", f"file={disk},format=raw,if=none,id=cfg0",
             "-device", "ide-hd,drive=cfg0,bootindex=1"]
    if cfg.display == "none":
        argv += ["-display", "none"]
    elif cfg.display == "vnc":
        argv += ["-display", "none", "-vnc", "127.0.0.1:0"]
    elif cfg.display == "gui":
        gui = gui_display()
        if gui is None:
            raise QemuError("this QEMU has no GUI display (gtk/sdl; Debian package "
                            "qemu-system-gui); use --display vnc and a VNC viewer on :5900")
        argv += ["-display", gui]
    else:
        raise QemuError(f"unknown display {cfg.display!r}")
    if cfg.debug_int:
        argv += ["-d", "int,cpu_reset", "-D", str(BUILD / "qemu-int.log")]
    if cfg.gdb:
        argv += list(GDB_STUB)
    return argv + list(cfg.extra)


def check_inputs(cfg):
    if not Path(cfg.iso).is_file():
        raise QemuError(f"{cfg.iso} does not exist (run `make` first)")
    if cfg.firmware == "uefi" and not (OVMF_CODE.is_file() and OVMF_VARS.is_file()):
        raise QemuError(f"UEFI needs {OVMF_CODE} and {OVMF_VARS} (Debian package ovmf)")

