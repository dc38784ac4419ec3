#!/bin/sh
# Usage: mkgrubcfg.sh TEMPLATE [--userland] [PROG...] [--on-demand VAR PROG...]...
# Prints the template with @MODULES@ replaced by the initramfs, whose
# module string "initramfs" is what the kernel unpacks into its root
# (kernel/fs/initramfs.h; anvil's programs are in it), and one line per
# program given here:
#     module2 /boot/initramfs.cpio initramfs
#     module2 /boot/bin/NAME /bin/NAME
# (a module whose string is an absolute path becomes a file at that path;
# docs/design.md, "The root file system").
# With --userland, the userland archive /boot/userland.cpio follows it,
# also as "initramfs" (the kernel unpacks both, in order), when the GRUB
# variable $anvil_userland is 1 (docs/userland.md).
# The programs after "--on-demand VAR" are loaded only when the GRUB
# variable $VAR is 1; the command line's config file sets it when the
# command line names one of them (grub_cfg_line() in tools/qemu_config.py).
# The differential-test programs NAME.musl and NAME.glibc use it (about
# 1.5 MB, which GRUB takes ~0.2-0.4 s of each boot to read).
set -eu
template=$1
shift
modules="	module2 \$anvil_initramfs initramfs
"
if [ "${1:-}" = --userland ]; then
	modules="${modules}	if [ \"\$anvil_userland\" = 1 ]; then
		module2 /boot/userland.cpio initramfs
	fi
"
	shift
fi
var=""
group=""
close_group() {
	if [ -n "$var" ] && [ -n "$group" ]; then
		modules="${modules}	if [ \"\$$var\" = 1 ]; then
${group}	fi
"
	fi
	group=""
}
while [ $# -gt 0 ]; do
	if [ "$1" = --on-demand ]; then
		close_group
		var=$2
		shift 2
		continue
	fi
	if [ -n "$var" ]; then
		group="${group}		module2 /boot/bin/$1 /bin/$1
"
	else
		modules="${modules}	module2 /boot/bin/$1 /bin/$1
"
	fi
	shift
done
close_group
while IFS= read -r line; do
	if [ "$line" = "@MODULES@" ]; then
		printf '%s' "$modules"
	else
		printf '%s\n' "$line"
	fi
done < "$template"
