# lib.sh - sourced by the shell end-to-end tests: run from the top of the
# tree, a scratch folder $T removed on exit, PASS/FAIL lines and a
# closing "NAME: N passed, M failed" line that tests/run-all.sh counts.
cd "$(dirname "$0")/../.." || exit 2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }
# finish NAME: print the closing line; exit status says whether all passed
finish() {
	echo "$1: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
# recount DB: after editing a database's rows by hand, make its running
# counts (what heard-report reads) again from them
recount() { sqlite3 "$1" <tests/recount.sql; }
