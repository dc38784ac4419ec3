#!/bin/sh
# stress-test.sh RUNS COMMAND...: run COMMAND (make test) RUNS times in a row
# while stress-ng loads both cores (`--cpu 2`), then stop stress-ng, whether
# the runs passed, failed or were interrupted (the EXIT trap).  A test that
# passes only on a quiet machine fails here.  The exit status is 1 if any
# run failed.
set -u
runs=$1
shift

# --timeout: even a killed shell cannot leave stress-ng running for long.
stress-ng --cpu 2 --timeout 30m --quiet &
stress=$!
trap 'kill "$stress" 2>/dev/null; wait "$stress" 2>/dev/null' EXIT
trap 'exit 130' INT TERM

passed=0
failed=0
i=1
while [ "$i" -le "$runs" ]; do
	echo "stress-test: run $i of $runs, with stress-ng --cpu 2 (pid $stress)"
	if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
	i=$((i + 1))
done
echo "stress-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
