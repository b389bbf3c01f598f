#!/bin/sh
# Run every test: the cmocka unit suites, then the end-to-end tests of
# the real kiosk under Xvfb.  Ends with "N passed, N failed" for CI.
cd "$(dirname "$0")/.." || exit 2
passed=0 failed=0
count() { # add the counts from one suite's output
	p=$(sed -n 's/^.*PASSED  \] \([0-9]*\) test.*/\1/p; s/^E2E: \([0-9]*\) passed.*/\1/p' "$1" | tail -1)
	f=$(sed -n 's/^.*FAILED  \] \([0-9]*\) test.*/\1/p; s/^E2E: [0-9]* passed, \([0-9]*\) failed.*/\1/p' "$1" | tail -1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
}
out=$(mktemp)
for t in build/test_survey build/test_config build/test_store build/test_ui; do
	echo "== $t"
	if ! "$t" >"$out" 2>&1; then
		grep -q 'FAILED  \]' "$out" || failed=$((failed + 1)) # crashed
	fi
	cat "$out"
	count "$out"
done
echo "== tests/e2e/kiosk.py test"
/usr/bin/python3 tests/e2e/kiosk.py test >"$out" 2>&1
rc=$?
cat "$out"
count "$out"
grep -q '^E2E:' "$out" || { [ $rc -ne 0 ] && failed=$((failed + 1)); }
rm -f "$out"
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
