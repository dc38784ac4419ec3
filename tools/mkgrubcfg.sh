#!/bin/sh
# Usage: mkgrubcfg.sh TEMPLATE PROG... [--on-demand PROG...]
# Prints the template with @MODULES@ replaced by one line per program:
#     module2 /boot/bin/NAME /bin/NAME
# (the module's string is the path programs are run by; docs/design.md).
# The programs after --on-demand (the differential-test programs NAME.musl
# and NAME.glibc: about 1.5 MB, which GRUB takes ~0.2 s of each boot to
# read) are loaded only when $anvil_libc_programs is 1: the command line's
# config file sets it when the command line names one of them
# (grub_cfg_line() in tools/qemu_config.py).
set -eu
template=$1
shift
modules=""
demand=""
on_demand=""
for prog in "$@"; do
	if [ "$prog" = --on-demand ]; then
		on_demand=yes
	elif [ -n "$on_demand" ]; then
		demand="${demand}		module2 /boot/bin/$prog /bin/$prog
"
	else
		modules="${modules}	module2 /boot/bin/$prog /bin/$prog
"
	fi
done
if [ -n "$demand" ]; then
	modules="${modules}	if [ \"\$anvil_libc_programs\" = 1 ]; then
${demand}	fi
"
fi
while IFS= read -r line; do
	if [ "$line" = "@MODULES@" ]; then
		printf '%s' "$modules"
	else
		printf '%s\n' "$line"
	fi
done < "$template"
