#!/bin/sh
# Usage: mkgrubcfg.sh TEMPLATE PROG...
# Prints the template with @MODULES@ replaced by one line per program:
#     module2 /boot/bin/NAME /bin/NAME
# (the module's string is the path programs are run by; docs/design.md).
set -eu
template=$1
shift
modules=""
for prog in "$@"; do
	modules="${modules}	module2 /boot/bin/$prog /bin/$prog
"
done
while IFS= read -r line; do
	if [ "$line" = "@MODULES@" ]; then
		printf '%s' "$modules"
	else
		printf '%s\n' "$line"
	fi
done < "$template"
