#!/bin/sh
# Replay every fuzz input kept in git, without libFuzzer: the seed
# corpora (tests/fuzz/corpus/<target>/) and the inputs that once crashed
# a target (tests/fuzz/regress/<target>/).  Each target is built with
# AddressSanitizer + UBSan and a small main() (replay_main.c) by the
# Makefile's build/fuzz-replay/ rule, and run once per file; a file
# passes when the run exits 0 with no sanitizer report.  Ends with
# "FUZZ-REPLAY: N passed, M failed".
cd "$(dirname "$0")/../.." || exit 2
targets=$(for f in tests/fuzz/fuzz_*.c; do basename "$f" .c; done)
B=${BUILD:-build}
bins=$(for t in $targets; do printf '%s/fuzz-replay/%s ' "$B" "$t"; done)
passed=0 failed=0
# shellcheck disable=SC2086
if ! make -s BUILD="$B" $bins; then
	echo "FUZZ-REPLAY: 0 passed, 1 failed"
	exit 1
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Leaks fail a run too; symbolized reports name the line.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
for t in $targets; do
	n=0
	for f in tests/fuzz/corpus/"$t"/* tests/fuzz/regress/"$t"/*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		if "$B/fuzz-replay/$t" "$f" >"$log" 2>&1; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
			echo "FAIL $t $f"
			grep -E 'ERROR|SUMMARY|runtime error|FUZZ_CHECK|^ +#[0-9]' "$log" | head -20
		fi
	done
	echo "$t: $n inputs"
done
echo "FUZZ-REPLAY: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
