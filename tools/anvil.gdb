# gdb script for `make debug` (QEMU paused with a gdb stub on 127.0.0.1:1234).
#   gdb -x tools/anvil.gdb
# The CPU starts in 16-bit real mode and GRUB runs in 32-bit mode; anvil's C
# code is 64-bit.  Telling gdb the architecture up front avoids "Remote 'g'
# packet reply is too long" when the CPU changes mode under it.
set architecture i386:x86-64
file build/kernel.elf
# 127.0.0.1, not localhost: the stub listens on IPv4 only (tools/qemu.py GDB_STUB).
target remote 127.0.0.1:1234
# A hardware breakpoint: it works before the kernel's pages are even loaded.
hbreak kmain
echo anvil: breakpoint at kmain set; type 'continue'\n
