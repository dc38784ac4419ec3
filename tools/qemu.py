#!/usr/bin/env python3
"""anvil's QEMU wrapper: boot build/kernel.iso and report how the kernel ended the run.

Used three ways:
  * `make run` / `make run-gui` / `make debug`: an interactive boot whose terminal is
    the serial console (ctrl-A X quits QEMU, ctrl-A C switches to the monitor; ctrl-C
    goes to the guest, whose shell cancels the line with it);
  * the tests (tests/conftest.py): imported as a module, it starts boots in the background through
    the `Qemu` class (serial log file, serial input, HMP monitor; in tools/qemu_background.py);
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
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# The wrapper's other jobs live in modules of their own: tools/qemu_config.py
# (what a boot looks like, how it ended) and tools/qemu_background.py (starting
# and killing QEMU, background boots).  Their names are re-exported here, so
# that `import qemu` gives all of them (tests/, tools/bench.py).
from qemu_config import (
    BUILD, DEFAULT_ISO, EXIT_NOT_ENDED, EXIT_QEMU_FAILED, EXIT_TIMEOUT, GDB_COMMAND, GDB_STUB,
    OVMF_CODE, OVMF_VARS, QEMU, ROOT, STATUS_LINE, Config, Outcome, QemuError, check_inputs,
    decode_exit, find_status_line, grub_cfg_line, gui_display, make_config_disk, qemu_argv, tail)
from qemu_background import (
    Qemu, _popen, _stop, boot, finished_boots, install_sigterm_handler, kill_all)

__all__ = [
    "BUILD", "DEFAULT_ISO", "EXIT_NOT_ENDED", "EXIT_QEMU_FAILED", "EXIT_TIMEOUT", "GDB_COMMAND",
    "GDB_STUB", "OVMF_CODE", "OVMF_VARS", "QEMU", "ROOT", "STATUS_LINE", "Config", "Outcome",
    "QemuError", "check_inputs", "decode_exit", "find_status_line", "grub_cfg_line",
    "gui_display", "make_config_disk", "qemu_argv", "tail",
    "Qemu", "boot", "finished_boots", "install_sigterm_handler", "kill_all",
    "run_interactive", "parse_args", "main"]


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
    p.add_argument("--no-userland", action="store_true",
                   help="leave out the userland archive (busybox, bash, /sbin/init): "
                        "the kernel's shell, as with kshell")
    p.add_argument("--extra", default="", help="raw QEMU arguments (one shell-quoted string)")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    cfg = Config(iso=args.iso, firmware=args.firmware, cpu=args.cpu, mem=args.mem,
                 accel=args.accel, cmdline=args.cmdline, display=args.display,
                 debug_int=args.debug_int, gdb=args.gdb, extra=tuple(shlex.split(args.extra)),
                 all_programs=True,  # a person at the console may run any of them
                 userland=not args.no_userland)
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
