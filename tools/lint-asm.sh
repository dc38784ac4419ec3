#!/bin/sh
# make lint: inline assembly belongs in arch/x86_64/ (and in the user
# programs' own system-call code under user/).  Fails, naming each place,
# when an asm statement appears in any other C source or header.
# Usage: lint-asm.sh [TREE]   (default: this checkout)
set -u
root=${1:-"$(dirname "$0")/.."}
cd "$root" || exit 2
hits=$(find . \( -path ./arch -o -path ./user -o -path ./build -o -path ./.git \) -prune \
		-o \( -name '*.c' -o -name '*.h' \) -type f -print |
	sort | xargs -r grep -nE \
	'(^|[^A-Za-z0-9_])(__asm__|asm)([[:space:]]+(volatile|__volatile__|goto|inline))*[[:space:]]*\(')
if [ -n "$hits" ]; then
	echo "lint: inline asm outside arch/x86_64/ (move it into a wrapper there):" >&2
	printf '%s\n' "$hits" >&2
	exit 1
fi
echo "lint: ok (inline asm only in arch/x86_64/ and user/)"
