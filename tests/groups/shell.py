"""The shell, as people use it (docs/tour.md, README "The shell").

- shell.make_run.*: the real `make run ARGS=kshell` (the kernel's shell; a
  plain `make run` lands in busybox's, tests/groups/userland.py) in a
  pseudo-terminal, the way a person runs it: wait for the prompt, type commands, check each answer, ctrl-C a
  half-typed line, quit QEMU with ctrl-A X and check that everything exits.
- shell.serial.*: a background boot typed into through COM1: line editing
  (backspace, ctrl-U, history) seen from the outside, the error lines, a
  program in the background (`spin &`, ps) and one ended with ctrl-C.
- shell.keyboard.*: the same through the PS/2 keyboard (QEMU's `sendkey`).
"""

import re
import subprocess

import testlib
from terminal import CTRL_A_X, PROMPT, make_in_terminal
from testlib import WAIT, Boot, test

ROOT = testlib.qemu.ROOT
BANNER = "anvil 0.1: an x86-64 teaching kernel"


def make_run():
    """`make run ARGS=kshell` for the ISO under test, in a terminal of its own."""
    return make_in_terminal("run", args="kshell")


@test("shell.make_run.session")
def make_run_session(ctx):
    """A person's first minute: banner, help, cpu, regs, hello, a typo, ctrl-C, quit."""
    term = make_run()
    try:
        term.expect(re.escape(BANNER), timeout=120)        # make may have to build first
        term.expect(re.escape(PROMPT), timeout=WAIT)

        out = term.command("help")
        for name in ("help", "cpu", "regs", "mem", "uptime", "ticks", "irq", "ls", "run",
                     "test", "bench", "echo", "clear", "reboot", "poweroff"):
            assert re.search(rf"^  {name} ", out, re.MULTILINE), f"help lacks {name}:\n{out}"

        out = term.command("cpu")
        assert re.search(r"^vendor +\S", out, re.MULTILINE), out
        assert re.search(r"^family +\d+ +model \d+ +stepping \d+", out, re.MULTILINE), out
        # -cpu max has SMEP; the line says whether CR4.SMEP is on.
        assert re.search(r"^  smep +yes +CR4\.SMEP (on|off)$", out, re.MULTILINE), out
        assert re.search(r"^  lm +yes +EFER\.LMA on$", out, re.MULTILINE), out

        out = term.command("regs")
        for reg in ("CR0", "CR2", "CR3", "CR4", "EFER", "STAR", "LSTAR", "SFMASK", "APIC_BASE"):
            assert re.search(rf"^{reg} +[0-9a-f]{{16}}", out, re.MULTILINE), f"no {reg}:\n{out}"
        assert re.search(r"\bPE=1\b.*\bPG=1\b", out), f"CR0 not decoded:\n{out}"
        assert re.search(r"\bLME=1 LMA=1\b", out), f"EFER not decoded:\n{out}"
        assert re.search(r"\bPAE=1\b", out), f"CR4 not decoded:\n{out}"

        out = term.command("run hello")
        assert "Hello from inline assembly!" in out, out
        assert re.search(r"^/bin/hello \(pid \d+\) exited with status 0$", out, re.MULTILINE), out

        out = term.command("exit7")          # a program typed as a command
        assert re.search(r"^/bin/exit7 \(pid \d+\) exited with status 7$", out, re.MULTILINE), out

        out = term.command("crash ud")       # the kernel survives a faulting program
        assert re.search(r"killed by signal 4: invalid opcode", out), out
        out = term.command("echo still here")
        assert out == "still here\n", repr(out)

        out = term.command("frobnicate now")
        assert out.strip() == "anvil: unknown command 'frobnicate' " \
                              "(help lists the commands, ls the programs)", repr(out)

        # ctrl-C in the middle of a line: ^C, a fresh prompt, nothing run.
        start = len(term.text)
        term.type("echo never-run")
        term.expect(r"echo never-run", timeout=WAIT, start=start)
        term.type(b"\x03")
        prompt = term.expect(r"\^C\n" + re.escape(PROMPT), timeout=WAIT, start=start)
        out = term.command("echo after")
        assert out == "after\n", repr(out)
        assert "never-run\n" not in term.text[prompt.end():], "the cancelled line ran"

        term.type(CTRL_A_X)
        status = term.wait_exit(timeout=WAIT)
        assert status == 0, f"make run exited {status} after ctrl-A X; tail:\n{term.text[-600:]}"
    finally:
        term.kill()
    assert not subprocess.run(["pgrep", "-s", str(term.pid)], capture_output=True).stdout, \
        "processes of the make run session are still alive"


@test("shell.make_run.poweroff_status_once")
def make_run_poweroff(ctx):
    """poweroff ends make run with status 0, and the terminal shows that status
    once: the kernel's line, not repeated by the wrapper."""
    term = make_run()
    try:
        term.expect(re.escape(PROMPT), timeout=120)
        start = len(term.text)
        term.type("poweroff\r")
        status = term.wait_exit(timeout=WAIT)
        after = term.text[start:]
        assert status == 0, f"make run exited {status} after poweroff; tail:\n{after[-600:]}"
        said = re.findall(r"exit status 0 \(poweroff\)", after)
        assert len(said) == 1, f"the status shows {len(said)} times:\n{after[-600:]}"
    finally:
        term.kill()


# ---------------------------------------------------------------------------
# Background boots, typed into over COM1 (no terminal in between).

def shell_line(q, line, timeout=WAIT):
    """Type line + CR on COM1; return the serial text up to the next prompt."""
    start = len(q.read_log())
    q.serial_write(line + "\r")
    end = q.wait_for(re.escape(PROMPT), timeout=timeout, start=start).start()
    return q.read_log()[start:end].replace("\r", "")


@test("shell.serial.line_editing", boot=Boot(), live=True)
def serial_line_editing(ctx):
    q = ctx.qemu
    q.wait_for(re.escape(PROMPT), timeout=WAIT)
    # Backspace (DEL) erases on the terminal: "\b \b".
    out = shell_line(q, "echo ab\x7fc")
    assert out == "echo ab\b \bc\nac\n", repr(out)
    # ctrl-U drops what was typed.
    out = shell_line(q, "garbage\x15echo fresh")
    assert out.endswith("echo fresh\nfresh\n"), repr(out)
    # Up arrow: the previous line again; down: back to the empty line.
    out = shell_line(q, "\x1b[A")
    assert out.endswith("echo fresh\nfresh\n"), repr(out)
    out = shell_line(q, "\x1b[A\x1b[A\x1b[B\x1b[B")
    assert out.rstrip("\n").endswith("\b \b") or out.strip() == "", repr(out)
    # Past the line limit (LINE_MAX, 160 bytes with the NUL) every key rings the bell.
    words = "echo " + "y" * 154                      # 159 characters: the line is full
    out = shell_line(q, words + "zzz")
    assert out == words + "\a\a\a\n" + "y" * 154 + "\n", repr(out)


@test("shell.serial.errors_are_one_line", boot=Boot(), live=True)
def serial_errors(ctx):
    q = ctx.qemu
    q.wait_for(re.escape(PROMPT), timeout=WAIT)
    cases = {
        "nosuchcmd": "anvil: unknown command 'nosuchcmd' (help lists the commands, ls the programs)",
        "run nosuchprog": "run: no program /bin/nosuchprog (ls lists them)",
        "run": "usage: run PROG [ARGS...] [&]",
        "cpu extra": "usage: cpu (no arguments)",
        "regs cr9": "regs: no register 'cr9' (one of: cr0 cr2 cr3 cr4 efer star lstar sfmask "
                    "apic_base rflags)",
    }
    for line, want in cases.items():
        out = shell_line(q, line)
        assert out == f"{line}\n{want}\n", f"{line!r}: {out!r}"


@test("shell.serial.help_ls_and_test", boot=Boot(), live=True)
def serial_help_ls_and_test(ctx):
    q = ctx.qemu
    q.wait_for(re.escape(PROMPT), timeout=WAIT)
    out = shell_line(q, "help")
    # regs shows CR0, CR2, CR3, CR4 (there is no CR1).
    assert re.search(r"^  regs \[NAME\] +CR0, CR2-CR4, EFER,", out, re.MULTILINE), out
    out = shell_line(q, "ls")
    assert re.search(r"^  /bin/hello +\d+ bytes$", out, re.MULTILINE), out
    # In-kernel tests from the shell: KTAP, then back at the prompt, still running.
    out = shell_line(q, "test line_edit.*", timeout=WAIT)
    assert "KTAP version 1" in out and re.search(r"^ok \d+ line_edit\.ctrl_c_cancels$", out,
                                                  re.MULTILINE), out
    assert "test: all passed" in out, out
    assert q.proc.poll() is None, "the run ended after `test`"
    # A pattern that matches nothing says so; it is not "all passed".
    out = shell_line(q, "test nomatch*")
    assert out == "test nomatch*\ntest: no test matches 'nomatch*' (`test` alone runs them all)\n", \
        repr(out)


@test("shell.serial.poweroff_ends_the_run", boot=Boot(), live=True)
def serial_poweroff(ctx):
    q = ctx.qemu
    q.wait_for(re.escape(PROMPT), timeout=WAIT)
    q.serial_write("poweroff\r")
    outcome = q.wait()
    assert outcome.code == 0 and "poweroff" in outcome.status_line, outcome.message


@test("shell.serial.reboot_resets", boot=Boot(), live=True)
def serial_reboot(ctx):
    """Under -no-reboot a reset makes QEMU exit 0 (the wrapper's 125)."""
    q = ctx.qemu
    q.wait_for(re.escape(PROMPT), timeout=WAIT)
    q.serial_write("reboot\r")
    outcome = q.wait()
    assert outcome.code == testlib.qemu.EXIT_NOT_ENDED, outcome.message
    assert "reboot: resetting the machine" in q.read_log()


# ---------------------------------------------------------------------------
# Programs the shell runs while it goes on (background) or until ctrl-C
# (foreground): /bin/spin loops in ring 3 until it is killed.

PS_LINE = re.compile(r"^ *(\d+) +(\d+) (\S)    (\S+)$", re.MULTILINE)


def ps(q):
    """The `ps` table as {pid: (state, name)}."""
    out = shell_line(q, "ps")
    assert out.startswith("ps\n  PID  PPID STAT COMMAND\n"), repr(out)
    return {int(m.group(1)): (m.group(3), m.group(4)) for m in PS_LINE.finditer(out)}


def spin_started(q, start):
    """Wait for spin's one line after `start` (it may come right after the
    prompt, on the prompt's line)."""
    q.wait_for(r"spin: spinning\r?$", timeout=WAIT, start=start)


@test("shell.serial.background_spin_and_ps", boot=Boot(), live=True)
def serial_background_spin(ctx):
    """`spin &`: the prompt comes back, ps lists spin running (R), and other
    programs run to their end while it spins."""
    q = ctx.qemu
    q.wait_for(re.escape(PROMPT), timeout=WAIT)
    start = len(q.read_log())
    out = shell_line(q, "spin &")
    m = re.search(r"^\[(\d+)\] /bin/spin$", out, re.MULTILINE)
    assert m, f"no [pid] line for spin &: {out!r}"
    pid = int(m.group(1))
    spin_started(q, start)
    table = ps(q)
    assert table.get(pid) == ("R", "spin"), f"ps lacks pid {pid} spin R: {table}"
    # The shell is not stuck behind the spinning program: hello runs to its end.
    out = shell_line(q, "hello")
    assert "Hello from inline assembly!" in out, repr(out)
    assert re.search(r"^/bin/hello \(pid \d+\) exited with status 0$", out, re.MULTILINE), repr(out)
    out = shell_line(q, "echo still here")
    assert out == "echo still here\nstill here\n", repr(out)
    # And spin still runs: ctrl-C at the prompt is not for a background program.
    table = ps(q)
    assert table.get(pid) == ("R", "spin"), f"spin is gone after hello: {table}"
    start = len(q.read_log())
    q.serial_write("\x03")
    q.wait_for(r"\^C\r?\n" + re.escape(PROMPT), timeout=WAIT, start=start)
    table = ps(q)
    assert table.get(pid) == ("R", "spin"), f"ctrl-C at the prompt ended spin: {table}"


@test("shell.serial.ctrl_c_ends_foreground_spin", boot=Boot(), live=True)
def serial_ctrl_c_spin(ctx):
    """`spin` in the foreground holds the prompt; ctrl-C (byte 0x03) sends it
    SIGINT, the shell says "killed by signal 2" and prompts again; ps then
    shows no spin."""
    q = ctx.qemu
    q.wait_for(re.escape(PROMPT), timeout=WAIT)
    start = len(q.read_log())
    q.serial_write("spin\r")
    spin_started(q, start)
    assert PROMPT not in q.read_log()[start:], "a prompt while spin runs in the foreground"
    q.serial_write("\x03")
    m = q.wait_for(r"^/bin/spin \(pid (\d+)\) killed by signal 2\b.*status 130\r?$", timeout=WAIT,
                   start=start)
    pid = int(m.group(1))
    q.wait_for(re.escape(PROMPT), timeout=WAIT, start=m.end())
    table = ps(q)
    assert pid not in table and "spin" not in [name for _, name in table.values()], \
        f"spin is still in ps after ctrl-C: {table}"
    out = shell_line(q, "echo after")
    assert out == "echo after\nafter\n", repr(out)


# ---------------------------------------------------------------------------
# The PS/2 keyboard: keys pressed through QEMU's monitor reach the same shell.

def press(q, keys):
    for key in keys.split():
        q.monitor(f"sendkey {key}")


@test("shell.keyboard.typing_and_history", boot=Boot(), live=True)
def keyboard_typing(ctx):
    q = ctx.qemu
    q.wait_for(re.escape(PROMPT), timeout=WAIT)
    start = len(q.read_log())
    # "echo kb", a typo fixed with Backspace, Enter.
    press(q, "e c h o spc k x backspace b ret")
    m = q.wait_for(r"^kb\r?$", timeout=WAIT, start=start)
    q.wait_for(re.escape(PROMPT), timeout=WAIT, start=m.end())
    # Up arrow (ESC [ A from the keyboard driver) and Enter run it again.
    start = len(q.read_log())
    press(q, "up ret")
    q.wait_for(r"echo kb\r?\nkb\r?$", timeout=WAIT, start=start)
    # ctrl-C on the keyboard cancels the line.
    start = len(q.read_log())
    press(q, "e c h o ctrl-c")
    q.wait_for(r"\^C", timeout=WAIT, start=start)
