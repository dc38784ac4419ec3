#!/bin/sh
# Usage: fuzz.sh BUILD_FUZZ_DIR SECONDS NAME...
# Runs each libFuzzer harness build/fuzz/fuzz_NAME for SECONDS, starting
# from the seeds in tests/fuzz/corpus/NAME.  New interesting inputs go to
# build/fuzz/corpus-NAME; a crash leaves its reproducer as
# build/fuzz/NAME-crash-* (add it to tests/fuzz/corpus/NAME/ once fixed,
# so `make test` replays it for ever after).
set -u
dir=$1
seconds=$2
shift 2
status=0
for name in "$@"; do
	mkdir -p "$dir/corpus-$name"
	echo "fuzz: $name for ${seconds}s"
	if ! "$dir/fuzz_$name" -max_total_time="$seconds" -print_final_stats=1 \
		-artifact_prefix="$dir/$name-" "$dir/corpus-$name" "tests/fuzz/corpus/$name" \
		> "$dir/$name.log" 2>&1; then
		echo "fuzz: $name FOUND A CRASH; see $dir/$name.log and $dir/$name-*" >&2
		status=1
	fi
	grep -E '^stat::number_of_executed_units|^Done' "$dir/$name.log" | sed "s/^/fuzz: $name: /"
done
exit $status
