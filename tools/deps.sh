#!/bin/sh
# Check for every tool anvil's build, run and tests need; install what is
# missing with apt-get when running as root, or print the exact command.
# `deps.sh gui` (make run-gui) checks only for QEMU's window: the gtk/sdl
# display modules, Debian package qemu-system-gui.
set -u

# tool-to-check  Debian-package
need="
nasm:nasm
gcc:gcc
ld:binutils
make:make
python3:python3
grub-mkrescue:grub-common
xorriso:xorriso
mformat:mtools
mcopy:mtools
qemu-system-x86_64:qemu-system-x86
clang:clang
gdb:gdb
stress-ng:stress-ng
musl-gcc:musl-tools
"
missing=""
if [ "${1:-}" = gui ]; then
	qemu-system-x86_64 -display help 2>/dev/null | grep -qx 'gtk\|sdl' ||
		missing=" qemu-system-gui"
else
	for pair in $need; do
		tool=${pair%%:*}
		pkg=${pair#*:}
		command -v "$tool" >/dev/null 2>&1 || missing="$missing $pkg"
	done
	# Files rather than commands: both GRUB platforms for the hybrid ISO,
	# and the UEFI firmware.
	[ -d /usr/lib/grub/i386-pc ] || missing="$missing grub-pc-bin"
	[ -d /usr/lib/grub/x86_64-efi ] || missing="$missing grub-efi-amd64-bin"
	[ -f /usr/share/OVMF/OVMF_CODE_4M.fd ] || missing="$missing ovmf"
	# The PSF console font the framebuffer console's font is made from
	# (Makefile FONT_PSF, tools/mkfont.py).
	[ -f /usr/share/consolefonts/Uni2-VGA16.psf.gz ] || missing="$missing console-setup-linux"
	# glibc's static libc.a, for the differential-test programs built with
	# gcc -static (user/diff/diff.mk; musl-gcc, above, is the other libc).
	[ -f /usr/lib/x86_64-linux-gnu/libc.a ] || missing="$missing libc6-dev"
	# The test runner: pytest and pytest-xdist for Debian's own python3
	# (the Makefile runs /usr/bin/python3 -m pytest).
	[ -d /usr/lib/python3/dist-packages/_pytest ] || missing="$missing python3-pytest"
	[ -d /usr/lib/python3/dist-packages/xdist ] || missing="$missing python3-pytest-xdist"
	# clang's libFuzzer and sanitizer runtimes, for the host fuzzers (make
	# fuzz; make test replays their corpora).
	ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 ||
		missing="$missing libclang-rt-dev"
fi

missing=$(printf '%s\n' $missing | sort -u | tr '\n' ' ')
[ -z "${missing% }" ] && exit 0

cmd="apt-get install -y --no-install-recommends $missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "anvil needs these Debian packages:$missing" >&2
	echo "Install them with:" >&2
	echo "    sudo apt-get update && sudo $cmd" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && $cmd >/dev/null || {
	echo "deps: apt-get failed; run by hand: apt-get update && $cmd" >&2
	exit 1
}
