#!/usr/bin/env python3
"""anvil's QEMU wrapper: boot build/kernel.iso and report how the kernel ended the run.

Used three ways:
  * `make run` / `make run-gui` / `make debug`: an interactive boot whose terminal is
    the serial console (ctrl-A X quits QEMU, ctrl-A C switches to the monitor; ctrl-C
    goes to the guest, whose shell cancels the line with it);
  * the tests (tests/conftest.py): imported as a module, it starts boots in the background through
    the `Qemu` class (serial log file, serial input, HMP monitor);
  * by hand: `python3 tools/qemu.py --help`.

How a boot gets its kernel command line
---------------------------------------
The ISO is built once. For each boot the wrapper makes a tiny FAT image holding
one file, /anvil.cfg, with the line `set anvil_cmdline="WORDS"`, and attaches it
as an IDE hard disk. GRUB's grub.cfg searches for that file, `source`s it and
passes $anvil_cmdline to `multiboot2` through `eval`, so the words are read as on
a grub.cfg line: double quotes group words with blanks (`"two words"` is one
word). The CD-ROM has bootindex 0 so it boots first; the config disk has
bootindex 1 because OVMF (UEFI) only connects the disks that appear in QEMU's
boot order -- without it GRUB never sees the disk.

How the run ends (docs/design.md "Exit statuses")
-------------------------------------------------
The kernel logs `anvil: exit status N (REASON)` on serial, then writes N to the
isa-debug-exit port 0xf4, and QEMU exits with (N << 1) | 1. The wrapper turns
that back into N. Its own exit codes, chosen like timeout(1) and env(1) do:
  0-123  the kernel's status N (also 124-255 if the kernel chose one of those)
  124    timeout: the wrapper killed QEMU (--timeout)
  125    QEMU exited 0: the kernel did not end the run (a triple fault under
         -no-reboot, or an ACPI power-off)
  126    QEMU itself failed (bad arguments, missing file, killed by a signal), or
         exited 1 without the kernel having logged an exit status line
The message on stderr always says which case it was.
"""

import argparse
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
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

# Every QEMU this process started and has not yet reaped, so that an error,
# ctrl-C or SIGTERM anywhere can kill them all (see kill_all()).
_running = set()
_running_lock = threading.Lock()
_shutting_down = False

# (serial log name, seconds) of every background boot that has ended, for the
# test runner's summary of time spent in QEMU; the runner empties it.
finished_boots = []


class QemuError(Exception):
    """QEMU could not be started or talked to."""


# ---------------------------------------------------------------------------
# Pure helpers (no QEMU needed; tested in tests/test_runner.py)
# ---------------------------------------------------------------------------

def grub_cfg_line(cmdline):
    """The /anvil.cfg text that makes GRUB set $anvil_cmdline to `cmdline`.

    Inside GRUB double quotes a backslash escapes $, " and \\ (and nothing else
    is special), so those three characters get a backslash in front.
    """
    if "\n" in cmdline or "\r" in cmdline:
        raise ValueError("the kernel command line must be a single line")
    escaped = re.sub(r'([\\"$])', r"\\\1", cmdline)
    return f'set anvil_cmdline="{escaped}"\n'


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
    code: int          # the wrapper's exit code (see the module docstring)
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

def make_config_disk(path, cmdline):
    """Write a 1.44 MB FAT image at `path` holding /anvil.cfg for `cmdline`."""
    cfg = Path(str(path) + ".cfg")
    cfg.write_text(grub_cfg_line(cmdline))
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")   # no warnings about odd geometry
    for argv in (["mformat", "-i", str(path), "-C", "-f", "1440", "::"],
                 ["mcopy", "-i", str(path), str(cfg), "::/anvil.cfg"]):
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
    make_config_disk(disk, cfg.cmdline)
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


# ---------------------------------------------------------------------------
# Killing QEMU
# ---------------------------------------------------------------------------

def _stop(proc, group):
    """Stop one QEMU: SIGTERM (lets it restore the terminal), then SIGKILL."""
    def send(sig):
        try:
            if group:
                os.killpg(proc.pid, sig)    # QEMU leads its own process group
            else:
                proc.send_signal(sig)
        except ProcessLookupError:
            pass
    if proc.poll() is None:
        send(signal.SIGTERM)
        try:
            proc.wait(3)
        except subprocess.TimeoutExpired:
            send(signal.SIGKILL)
            proc.wait()
    with _running_lock:
        _running.discard((proc, group))


def _popen(argv, group, **kwargs):
    """Start QEMU and remember it, unless kill_all() has already been called.

    group=True puts QEMU in a process group of its own, so that ctrl-C in the
    terminal does not reach it directly: we kill it ourselves.
    """
    with _running_lock:
        if _shutting_down:
            raise QemuError("shutting down: not starting another QEMU")
        proc = subprocess.Popen(argv, process_group=0 if group else None, **kwargs)
        _running.add((proc, group))
    return proc


def kill_all():
    """Kill every QEMU this process started, and refuse to start more (for ctrl-C,
    SIGTERM and fatal errors: other threads may be about to start a boot)."""
    global _shutting_down
    with _running_lock:
        _shutting_down = True
        victims = list(_running)
    for proc, group in victims:
        _stop(proc, group)


def _raise_on_sigterm(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def install_sigterm_handler():
    """Make SIGTERM unwind like ctrl-C, so `finally` blocks kill QEMU (main thread only)."""
    signal.signal(signal.SIGTERM, _raise_on_sigterm)


# ---------------------------------------------------------------------------
# Background boots (the test runner's view)
# ---------------------------------------------------------------------------

class Qemu:
    """One QEMU run in the background, with its serial log, serial input and monitor.

        with Qemu(Config(cmdline="test"), log=BUILD / "test-logs/x.log", timeout=30) as q:
            q.wait_for(r"KTAP version 1", timeout=10)
            print(q.monitor("info registers"))
            outcome = q.wait()          # Outcome: .code, .message, .status_line

    Leaving the `with` block (or calling kill()) always kills QEMU.
    """

    def __init__(self, cfg, log, timeout=None):
        self.cfg = cfg
        self.log_path = Path(log)
        self.timeout = timeout
        self.outcome = None
        self.proc = None
        self._serial = None                 # the COM1 socket (log and input)
        self._reader = None                 # the thread that writes the log from it
        self._monitor = None
        self._stderr = None                 # QEMU's own messages, in the scratch directory
        self.qemu_messages = ""

    def start(self):
        check_inputs(self.cfg)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log_path.write_bytes(b"")
        (BUILD / "qemu-run").mkdir(parents=True, exist_ok=True)
        self._scratch = Path(tempfile.mkdtemp(prefix=self.log_path.stem + ".", dir=BUILD / "qemu-run"))
        # Unix socket paths are limited to 107 bytes, so the sockets live in /tmp.
        self._sockdir = Path(tempfile.mkdtemp(prefix="anvil-qemu."))
        self.serial_sock = self._sockdir / "serial"
        self.monitor_sock = self._sockdir / "monitor"
        self._stderr = open(self._scratch / "qemu-stderr.txt", "w+")
        try:
            argv = qemu_argv(self.cfg, self._scratch) + [
                # COM1: a socket that is both the serial log and the serial input.
                # wait=on: QEMU starts the guest only once we are connected, so
                # the socket carries every byte from the first.  (QEMU's own
                # `logfile=` is not used: with a client connected it sometimes
                # logged a byte twice -- "exit staatus" -- apparently once for a
                # write that failed and again when the UART retried it; the
                # socket stream itself has each byte once.)
                "-chardev", f"socket,id=ser0,path={self.serial_sock},server=on,wait=on",
                "-serial", "chardev:ser0",
                "-chardev", f"socket,id=mon0,path={self.monitor_sock},server=on,wait=off",
                "-mon", "chardev=mon0,mode=readline"]
            self.proc = _popen(argv, group=True, stdin=subprocess.DEVNULL,
                               stdout=self._stderr, stderr=self._stderr)
            self._serial = self._connect(self.serial_sock)
            self._reader = threading.Thread(target=self._record, args=(self._serial,), daemon=True)
            self._reader.start()
        except BaseException:
            self.kill()
            raise
        self._started = time.monotonic()
        self._deadline = None if self.timeout is None else self._started + self.timeout
        return self

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.kill()

    # -- the serial log ----------------------------------------------------

    def read_log(self):
        """Everything the guest has sent to COM1 so far, as text."""
        return self.log_path.read_bytes().decode("utf-8", errors="replace")

    def wait_for(self, pattern, timeout=10, start=0):
        """Wait until `pattern` (a regex) appears in the serial log after offset `start`.

        Returns the re.Match (its .end() is a good `start` for the next wait).
        Raises TimeoutError, or QemuError if QEMU exits first.
        """
        regex = re.compile(pattern, re.MULTILINE)
        give_up = time.monotonic() + timeout
        while True:
            match = regex.search(self.read_log(), start)
            if match:
                return match
            if self.proc.poll() is not None:
                # QEMU may have written the line just before it exited, after
                # the read above: look once more before giving up.
                self._wait_for_reader()
                match = regex.search(self.read_log(), start)
                if match:
                    return match
                raise QemuError(f"QEMU exited before {pattern!r} appeared on serial")
            if time.monotonic() > give_up:
                raise TimeoutError(f"{pattern!r} did not appear on serial within {timeout} s")
            time.sleep(0.05)

    # -- serial input --------------------------------------------------------

    def serial_write(self, data):
        """Send bytes (or str) to the guest's COM1, as if typed on its serial line."""
        if isinstance(data, str):
            data = data.encode()
        self._serial.sendall(data)

    def _record(self, sock):
        """The reader thread: append everything the guest sends to the log file,
        until QEMU closes the socket (it exited) or kill() does."""
        with open(self.log_path, "ab", buffering=0) as log:
            try:
                while True:
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    log.write(chunk)
            except OSError:
                pass

    def _wait_for_reader(self):
        """After QEMU exited: let the reader write the last bytes before anyone reads the log."""
        if self._reader is not None:
            self._reader.join(timeout=10)

    def _connect(self, path):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        for _ in range(600):                 # QEMU creates the socket soon after start (30 s)
            try:
                sock.connect(str(path))
                return sock
            except (FileNotFoundError, ConnectionRefusedError):
                if self.proc.poll() is not None:
                    break
                time.sleep(0.05)
        sock.close()
        raise QemuError(f"cannot connect to QEMU's socket {path}")

    # -- the HMP monitor ------------------------------------------------------

    PROMPT = b"(qemu) "

    def monitor(self, command, timeout=10):
        """Run one HMP command (e.g. `info registers`, `xp /20xw 0xb8000`,
        `sendkey a`, `screendump build/x.ppm`, `info mem`, `info tlb`) and return its output."""
        if self._monitor is None:
            self._monitor = self._connect(self.monitor_sock)
            self._monitor.settimeout(timeout)
            self._read_to_prompt()          # the banner and first prompt
        self._monitor.settimeout(timeout)
        self._monitor.sendall(command.encode() + b"\n")
        reply = self._read_to_prompt()
        # The monitor echoes what we typed, redrawn with terminal escapes, up to
        # the first CR LF; the command's output follows.
        _echo, _, output = reply.partition(b"\r\n")
        return output.decode("utf-8", errors="replace").replace("\r\n", "\n")

    def _read_to_prompt(self):
        reply = b""
        while not reply.endswith(self.PROMPT):
            try:
                chunk = self._monitor.recv(65536)
            except socket.timeout:
                raise TimeoutError("QEMU's monitor did not answer") from None
            if not chunk:
                raise QemuError("QEMU's monitor closed (QEMU exited?)")
            reply += chunk
        return reply[:-len(self.PROMPT)]

    # -- the end of the run -------------------------------------------------

    def wait(self):
        """Wait for QEMU to exit (or the boot's timeout) and return the Outcome."""
        if self.outcome is None:
            remaining = None if self._deadline is None else max(0, self._deadline - time.monotonic())
            try:
                rc, timed_out = self.proc.wait(remaining), False
            except subprocess.TimeoutExpired:
                rc, timed_out = None, True
            if not timed_out:
                self._wait_for_reader()
            self.kill()
            self.outcome = decode_exit(rc, self.read_log(), timed_out, self.timeout)
            if self.outcome.code == EXIT_QEMU_FAILED and self.qemu_messages:
                self.outcome.message += ": " + self.qemu_messages
        return self.outcome

    def kill(self):
        """Kill QEMU (if still running) and remove this boot's scratch files. Idempotent."""
        if self._stderr is None or self._stderr.closed:
            return                          # never started, or already cleaned up
        if self.proc is not None:
            _stop(self.proc, group=True)
            finished_boots.append((self.log_path.stem, time.monotonic() - self._started))
        for sock in (self._serial, self._monitor):
            if sock is not None:
                sock.close()
        self._stderr.seek(0)
        self.qemu_messages = self._stderr.read().strip()   # QEMU's own complaints, if any
        self._stderr.close()
        shutil.rmtree(self._scratch, ignore_errors=True)
        shutil.rmtree(self._sockdir, ignore_errors=True)


def boot(cfg, log, timeout):
    """Boot once in the background until the kernel ends the run; return (Outcome, serial text)."""
    with Qemu(cfg, log, timeout) as q:
        outcome = q.wait()
    return outcome, q.read_log()


# ---------------------------------------------------------------------------
# Interactive boots (make run / run-gui / debug)
# ---------------------------------------------------------------------------

def run_interactive(cfg, log, timeout):
    """Boot with the terminal as serial console (plus a copy in `log`); return the Outcome."""
    check_inputs(cfg)
    log = Path(log)
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_bytes(b"")
    (BUILD / "qemu-run").mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="run.", dir=BUILD / "qemu-run"))
    saved_tty = _save_tty()
    proc = None
    try:
        # Like `-serial mon:stdio`: serial and monitor share the terminal (ctrl-A C
        # switches, ctrl-A X quits); `logfile=` copies the terminal output to `log`.
        # signal=off: ctrl-C is a byte for the guest (the shell cancels the line
        # with it), not SIGINT for QEMU; ctrl-A X is the way out.
        argv = qemu_argv(cfg, scratch) + [
            "-chardev", f"stdio,id=term,mux=on,signal=off,logfile={log}",
            "-serial", "chardev:term", "-mon", "chardev=term,mode=readline"]
        # QEMU stays in our process group: it must own the terminal to read keys.
        proc = _popen(argv, group=False)
        rc, timed_out = proc.wait(timeout), False
    except subprocess.TimeoutExpired:
        rc, timed_out = None, True
    finally:
        if proc is not None:
            _stop(proc, group=False)
        _restore_tty(saved_tty)
        shutil.rmtree(scratch, ignore_errors=True)
    return decode_exit(rc, log.read_bytes().decode("utf-8", errors="replace"), timed_out, timeout)


def _save_tty():
    """QEMU puts the terminal in raw mode; if it is killed we put it back ourselves."""
    if not sys.stdin.isatty():
        return None
    import termios
    return termios.tcgetattr(sys.stdin.fileno())


def _restore_tty(saved):
    if saved is not None:
        import termios
        termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, saved)


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Boot anvil in QEMU; exit with the kernel's status (124 timeout, "
                    "125 kernel did not end the run, 126 QEMU failed).")
    p.add_argument("--iso", type=Path, default=DEFAULT_ISO, help="ISO to boot (default %(default)s)")
    p.add_argument("--firmware", choices=("bios", "uefi"), default="bios")
    p.add_argument("--cpu", default="max", help="QEMU -cpu model (default max; e.g. qemu64)")
    p.add_argument("--mem", default="128M", help="guest RAM (default 128M)")
    p.add_argument("--accel", choices=("tcg", "kvm"), default="tcg",
                   help="tcg (default; KVM is nested and slow here) or kvm")
    p.add_argument("--cmdline", default="", help="kernel command line, e.g. 'test=mm.*'")
    p.add_argument("--timeout", type=float, default=None, help="kill QEMU after SECONDS (exit 124)")
    p.add_argument("--log", type=Path, default=BUILD / "serial.log",
                   help="copy of the serial console (default %(default)s)")
    p.add_argument("--display", choices=("none", "gui", "vnc"), default="none",
                   help="none (default: the terminal is the console), gui (gtk/sdl), vnc (:5900)")
    p.add_argument("--debug-int", action="store_true",
                   help="log interrupts and CPU resets to build/qemu-int.log")
    p.add_argument("--gdb", action="store_true",
                   help="start paused with a gdb stub on 127.0.0.1:1234")
    p.add_argument("--extra", default="", help="raw QEMU arguments (one shell-quoted string)")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    cfg = Config(iso=args.iso, firmware=args.firmware, cpu=args.cpu, mem=args.mem,
                 accel=args.accel, cmdline=args.cmdline, display=args.display,
                 debug_int=args.debug_int, gdb=args.gdb, extra=tuple(shlex.split(args.extra)))
    install_sigterm_handler()
    if args.gdb:
        print(f"qemu.py: QEMU is paused with a gdb stub on 127.0.0.1:1234; in another "
              f"terminal: {GDB_COMMAND}", file=sys.stderr)
    try:
        outcome = run_interactive(cfg, args.log, args.timeout)
    except QemuError as e:
        print(f"qemu.py: {e}", file=sys.stderr)
        return EXIT_QEMU_FAILED
    except KeyboardInterrupt:
        kill_all()
        print("\nqemu.py: interrupted, QEMU killed", file=sys.stderr)
        return 130
    if outcome.kernel_said_it:
        return outcome.code     # the kernel's own line, on this terminal, said it once
    if outcome.code == EXIT_NOT_ENDED:
        # Interactively the usual reason is the user's ctrl-A X.
        outcome.message = ("QEMU exited 0: you quit (ctrl-A X), or the kernel reset the "
                           "machine (reboot, triple fault; DEBUG=int logs why)")
    print(f"qemu.py: {outcome.message}", file=sys.stderr)
    return outcome.code


if __name__ == "__main__":
    sys.exit(main())
