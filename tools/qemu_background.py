"""Background boots: starting QEMU processes (the interactive one of tools/qemu.py
too) and keeping track of them so that kill_all() can stop every one, and the
Qemu class (serial log, serial input, HMP monitor) that the tests and
tools/bench.py drive.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from qemu_config import BUILD, EXIT_QEMU_FAILED, QemuError, check_inputs, decode_exit, qemu_argv

# Every QEMU this process started and has not yet reaped, so that an error,
# ctrl-C or SIGTERM anywhere can kill them all (see kill_all()).
_running = set()
_running_lock = threading.Lock()
_shutting_down = False

# (serial log name, seconds) of every background boot that has ended, for the
# test runner's summary of time spent in QEMU; the runner empties it.
finished_boots = []


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

