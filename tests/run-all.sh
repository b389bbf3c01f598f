#!/bin/sh
# Run every test: the cmocka unit suites, then the end-to-end tests of
# the real kiosk under Xvfb.  Ends with "N passed, N failed" for CI.
cd "$(dirname "$0")/.." || exit 2
# BUILD: the build folder to test (make test passes its own; default build)
BUILD=${BUILD:-build}
export BUILD
passed=0 failed=0
count() { # add the counts from one suite's output
	p=$(sed -n 's/^.*PASSED  \] \([0-9][0-9]*\) test(s).*/\1/p; s/^[A-Z0-9-]*: \([0-9]*\) passed.*/\1/p' "$1" | tail -1)
	f=$(sed -n 's/^.*FAILED  \] \([0-9][0-9]*\) test(s).*/\1/p; s/^[A-Z0-9-]*: [0-9]* passed, \([0-9]*\) failed.*/\1/p' "$1" | tail -1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
}
out=$(mktemp)
for t in test_survey test_config test_store test_ui test_tally test_glyphs test_speech test_settings test_staff test_pending test_app test_stats test_wedid test_report_fft test_redact; do
	t=$BUILD/$t
	echo "== $t"
	if ! "$t" >"$out" 2>&1; then
		grep -q 'FAILED  \]' "$out" || failed=$((failed + 1)) # crashed
	fi
	cat "$out"
	count "$out"
done
suite() { # $1: the suite's output file, $2: its exit status
	cat "$1"
	count "$1"
	# a suite that died before its summary line counts as one failure
	grep -q '^[A-Z0-9-]*: [0-9]* passed' "$1" || { [ "$2" -ne 0 ] && failed=$((failed + 1)); }
}
# access.py mostly waits out the accessibility-mode timeouts (about five
# minutes of the kiosk's clock): it runs alongside the others
slow=$(mktemp)
/usr/bin/python3 tests/e2e/access.py test >"$slow" 2>&1 &
slow_pid=$!
for t in "/usr/bin/python3 tests/lang/plain_language.py" "/usr/bin/python3 tests/unit/stats_check.py" tests/fuzz/replay.sh tests/e2e/layers.sh tests/e2e/cli.sh tests/e2e/report.sh "/usr/bin/python3 tests/e2e/report_summary.py" tests/audit/hidden.sh tests/e2e/simulate.sh tests/e2e/sandbox.sh tests/e2e/deploy.sh "/usr/bin/python3 tests/e2e/kiosk.py test" "/usr/bin/python3 tests/e2e/control.py test" "/usr/bin/python3 tests/e2e/staff.py test" "/usr/bin/python3 tests/e2e/language.py test" "/usr/bin/python3 tests/e2e/wedid.py" "/usr/bin/python3 tests/e2e/abuse.py test" "/usr/bin/python3 tests/e2e/faults.py test" "/usr/bin/python3 tests/e2e/crash.py" "/usr/bin/python3 tests/e2e/privacy.py" "/usr/bin/python3 tests/e2e/frames.py" "/usr/bin/python3 tests/e2e/fft.py" "/usr/bin/python3 tests/e2e/comment.py"; do
	echo "== $t"
	$t >"$out" 2>&1
	suite "$out" $?
done
# The disclosure auditor (tests/audit/, issue 12): every figure a report
# publishes against every hidden cell.  A run without a summary line
# counts as one check, passed or failed by its exit status.
audit=tests/audit/audit.py
if [ -f "$audit" ]; then
	echo "== /usr/bin/python3 $audit"
	/usr/bin/python3 "$audit" >"$out" 2>&1
	rc=$?
	cat "$out"
	if grep -q '^[A-Z0-9-]*: [0-9]* passed' "$out"; then
		count "$out"
	elif [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
else
	echo "== $audit: not there (skipped)"
fi
echo "== /usr/bin/python3 tests/e2e/access.py test (alongside the others)"
wait $slow_pid
suite "$slow" $?
rm -f "$out" "$slow"
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
