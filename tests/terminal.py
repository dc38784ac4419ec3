"""A program in a pseudo-terminal, read and typed into as a person would:
the interactive `make run` / `make debug` tests (tests/groups/shell.py,
tests/groups/debug.py)."""

import os
import pty
import re
import select
import signal
import time

import testlib

PROMPT = "anvil> "
CTRL_A_X = b"\x01x"          # QEMU's stdio mux: ctrl-A X quits


class Terminal:
    """A program running in a pseudo-terminal, read and typed into like a person would."""

    def __init__(self, argv, cwd, env):
        self.pid, self.fd = pty.fork()          # the child is a new session, pty as its terminal
        if self.pid == 0:
            try:
                os.chdir(cwd)
                os.execvpe(argv[0], argv, env)
            finally:
                os._exit(127)
        self.text = ""                          # everything read so far, CRs removed
        self.status = None

    def read_some(self, timeout):
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:                         # EIO: the other side is gone
            data = b""
        if not data:
            raise EOFError("the terminal closed")
        self.text += data.decode("utf-8", errors="replace").replace("\r", "")
        return True

    def expect(self, pattern, timeout, start=0):
        """Wait for `pattern` in the output after offset `start`; return the match."""
        regex = re.compile(pattern, re.MULTILINE)
        give_up = time.monotonic() + timeout
        while True:
            m = regex.search(self.text, start)
            if m:
                return m
            left = give_up - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{pattern!r} did not appear within {timeout} s; "
                                     f"terminal tail:\n{self.text[-1500:]}")
            try:
                self.read_some(min(left, 0.5))
            except EOFError:
                raise AssertionError(f"the terminal closed before {pattern!r}; tail:\n"
                                     f"{self.text[-1500:]}") from None

    def type(self, data):
        os.write(self.fd, data if isinstance(data, bytes) else data.encode())

    def command(self, line, timeout=testlib.WAIT):
        """Type a line and Enter; return what came back before the next prompt."""
        start = len(self.text)
        self.type(line + "\r")
        end = self.expect(re.escape(PROMPT), timeout, start).start()
        answer = self.text[start:end]
        echo = line + "\n"
        assert answer.startswith(echo), f"the shell did not echo {line!r}: {answer[:200]!r}"
        return answer[len(echo):]

    def wait_exit(self, timeout):
        """Wait for the program to exit, reading its output; return its exit status."""
        give_up = time.monotonic() + timeout
        while time.monotonic() < give_up:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                return self.status
            try:
                self.read_some(0.2)
            except EOFError:
                time.sleep(0.05)
        raise AssertionError(f"still running {timeout} s after ctrl-A X; tail:\n{self.text[-800:]}")

    def kill(self):
        """Kill the whole session (make, the wrapper, QEMU): it is one process group."""
        if self.status is None:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(self.pid, sig)
                except ProcessLookupError:
                    break
                for _ in range(30):
                    if os.waitpid(self.pid, os.WNOHANG)[0]:
                        self.status = -sig
                        break
                    time.sleep(0.1)
                if self.status is not None:
                    break
        os.close(self.fd)


def make_in_terminal(target, args=None):
    """`make TARGET` (run, debug) for the ISO under test, in a terminal of its
    own; args: the kernel command line (make's ARGS=), e.g. kshell for the
    kernel's shell instead of /sbin/init's busybox shell."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env["TERM"] = "xterm"
    build = testlib.ISO.parent
    return Terminal(["make", "-s", "--no-print-directory", target, f"BUILD={build}"]
                    + ([f"ARGS={args}"] if args else []),
                    testlib.qemu.ROOT, env)
